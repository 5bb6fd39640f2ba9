"""The offline writer: ad copy built from the brand's facts alone (DESIGN.md decision 4).

Every headline, primary text and description is one of the brand's own facts, or a sentence
or clause of one (`snippets.py`), or one of a few plain phrases that claim nothing ("Meet
Acme", "See for yourself."). Testimonials are quoted verbatim with their author, abridged with
"…" only where they would not fit. Each variant cites every fact it uses, and the result goes
through the grounding gate before it is returned, so nothing the brand does not say gets out.

Angles:
- benefit: a value proposition or claim as headline, another fact as the primary text;
- pain: a question the brand asks, or "Still looking? Meet Acme", answered by a fact;
- curiosity: "Have you met Acme?" over a fact and an invitation to look;
- social_proof: a figure, award, rating or customer fact as headline;
- offer: an offer (or guarantee, when allowed) as headline and text;
- testimonial: a customer's words as the primary text.

Language: the plain phrases are English. When the site is not in English (its `<html lang>`,
or else its facts' common words, say so), the writer uses none of them and builds every
variant from the brand's own words alone (headlines, texts, "Brand: headline"), rather than
mix languages. Call to action, persona and emotion follow the request (objective, personas or
audience) and the angle. Deterministic: the seed drives every choice.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from brandtruth_desktop.core.copy.claims import words
from brandtruth_desktop.core.copy.common_words import word_set
from brandtruth_desktop.core.copy.gate import avoided_in, grounding_gate, usable_facts
from brandtruth_desktop.core.copy.limits import PlatformLimits, limits_for
from brandtruth_desktop.core.copy.snippets import (
    Quote,
    Snippet,
    body_snippets,
    description_snippets,
    headline_snippets,
    quote_snippets,
    render_quote,
    sentences,
)
from brandtruth_desktop.core.copy.variant_ids import variant_id
from brandtruth_desktop.core.models import (
    Angle,
    BrandTruth,
    CopyGenerator,
    CopyRequest,
    CopyVariant,
    Fact,
    FactKind,
)

BENEFIT_KINDS = frozenset({FactKind.VALUE_PROPOSITION, FactKind.CLAIM, FactKind.STATISTIC,
                           FactKind.CERTIFICATION})
SOCIAL_KINDS = frozenset({FactKind.CUSTOMER, FactKind.AWARD, FactKind.RATING,
                          FactKind.STATISTIC, FactKind.CERTIFICATION})
OFFER_KINDS = frozenset({FactKind.OFFER, FactKind.GUARANTEE})
HEADLINE_PREFERENCE = {
    FactKind.VALUE_PROPOSITION: 3, FactKind.OFFER: 3, FactKind.STATISTIC: 2,
    FactKind.AWARD: 2, FactKind.CUSTOMER: 2, FactKind.RATING: 2, FactKind.CERTIFICATION: 2,
    FactKind.GUARANTEE: 2, FactKind.CLAIM: 1, FactKind.TESTIMONIAL: 0,
}
# Plain English phrases that claim nothing about the brand.
PAIN_HEADLINES = ("Still looking? Meet {brand}", "Ready for a change?", "Tired of settling?",
                  "Done searching? Try {brand}", "Still searching?")
PAIN_BODIES = ("{body}", "There's another way. {body}", "Meet {brand}. {body}")
CURIOSITY_HEADLINES = ("Have you met {brand}?", "Curious about {brand}?",
                       "Here's what {brand} offers", "Meet {brand}", "Ever tried {brand}?")
CURIOSITY_CLOSERS = ("See for yourself.", "Find out more.", "Take a look.")
TESTIMONIAL_HEADLINES = ("Hear it from {author}", "What {author} says", "In {author}'s words",
                         "Don't take our word for it")
EMOTIONS = {
    Angle.BENEFIT: ("confidence", "optimism"), Angle.PAIN: ("relief", "frustration"),
    Angle.CURIOSITY: ("curiosity", "intrigue"), Angle.SOCIAL_PROOF: ("trust", "belonging"),
    Angle.OFFER: ("excitement", "urgency"), Angle.TESTIMONIAL: ("reassurance", "trust"),
}
OBJECTIVE_CTAS = (  # first match wins: (words in the objective, call to action)
    (("lead", "sign up", "signup", "sign-up", "register", "registration"), "SIGN_UP"),
    (("subscri", "newsletter"), "SUBSCRIBE"),
    (("sale", "purchase", "conversion", "shop", "buy", "order", "revenue", "commerce"),
     "SHOP_NOW"),
    (("app", "install", "download"), "DOWNLOAD"),
    (("book", "reserv", "appointment"), "BOOK_NOW"),
    (("quote", "estimate"), "GET_QUOTE"),
    (("contact", "message", "call"), "CONTACT_US"),
)
ENGLISH = word_set("the and for with your you our to of is are this that")
OTHER = word_set("""el la los las de del que y en para con tu tus nuestro es por une des le
les et pour avec votre der die das und mit für ihre il di che per con o do da em para com""")


@dataclass(slots=True)
class _Draft:
    """A variant before it has a call to action, persona and id."""

    angle: Angle
    headline: str
    primary: str
    facts: list[Fact]
    description: str = ""
    description_facts: list[Fact] = field(default_factory=list)


def is_english(truth: BrandTruth, facts: Iterable[Fact]) -> bool:
    """Whether the site is in English: `<html lang>` of its first page, else its words."""
    for page in truth.pages[:1]:
        match = re.search(r"<html[^>]*\slang=[\"']?([a-zA-Z]{2})", page.html[:5000], re.I)
        if match:
            return match.group(1).lower() == "en"
    counts = Counter(w for f in facts for w in words(f.text))
    english = sum(counts[w] for w in ENGLISH)
    return english >= sum(counts[w] for w in OTHER)


def call_to_action(angle: Angle, objective: str, limits: PlatformLimits) -> str:
    """The button for an angle and the campaign's objective."""
    wanted = objective.casefold()
    chosen = next((cta for keys, cta in OBJECTIVE_CTAS if any(k in wanted for k in keys)),
                  "LEARN_MORE")
    if angle is Angle.OFFER and chosen not in ("SHOP_NOW", "SIGN_UP", "BOOK_NOW"):
        chosen = "GET_OFFER"
    return chosen if chosen in limits.call_to_actions else limits.default_call_to_action


class _Material:
    """The pieces of the brand's words that fit each part of an ad."""

    def __init__(self, facts: list[Fact], brand: str, english: bool,
                 limits: PlatformLimits, rng: random.Random) -> None:
        self.brand, self.english, self.limits = brand, english, limits
        self.headlines: list[Snippet] = []
        self.bodies: list[Snippet] = []
        self.descriptions: list[Snippet] = []
        self.quotes: list[Quote] = []
        for fact in facts:
            if fact.kind is FactKind.TESTIMONIAL:
                self.quotes += quote_snippets(fact, limits.primary_text)
                continue
            self.headlines += headline_snippets(fact, brand, limits.headline)
            self.bodies += body_snippets(fact, brand, limits.primary_text)
            self.descriptions += description_snippets(fact, brand, limits.description)
        for pieces in (self.headlines, self.bodies, self.descriptions, self.quotes):
            rng.shuffle(pieces)
        # Preferred kinds and whole facts first; the shuffle orders equals.
        self.headlines.sort(key=lambda s: (-HEADLINE_PREFERENCE[s.fact.kind], not s.whole))
        # Descriptions: offers first, figures last (a bare "Up to 10 users" misleads).
        self.descriptions.sort(key=lambda s: (s.fact.kind not in OFFER_KINDS,
                                              s.fact.kind is FactKind.STATISTIC, not s.whole))

    def headlines_of(self, kinds: frozenset[FactKind]) -> list[Snippet]:
        return [s for s in self.headlines if s.fact.kind in kinds and not _is_question(s)]

    def bodies_of(self, kinds: frozenset[FactKind]) -> list[Snippet]:
        return [s for s in self.bodies if s.fact.kind in kinds]

    def fits(self, headline: str) -> bool:
        return len(headline) <= self.limits.headline

    def richer(self, body: Snippet, others: list[Snippet], used: set[str],
               ) -> tuple[str, list[Fact]]:
        """The body, with a second short fact after it when both fit and the first is short."""
        if len(body.text) < 70:
            for other in others:
                joined = f"{body.text} {other.text}"
                if (other.fact.id not in used | {body.fact.id}
                        and len(joined) <= self.limits.primary_text
                        and other.text[-1:] in ".!?…"):
                    return joined, [body.fact, other.fact]
        return body.text, [body.fact]


def _is_question(snippet: Snippet) -> bool:
    return snippet.text.endswith("?")


def _pairs(headlines: list[Snippet], bodies: list[Snippet]) -> Iterator[tuple[Snippet, Snippet]]:
    """Headline and body from different facts, each headline with bodies in turn."""
    for index, headline in enumerate(headlines):
        turn = bodies[index % len(bodies):] + bodies[:index % len(bodies)] if bodies else []
        for body in turn:
            if body.fact.id != headline.fact.id:
                yield headline, body


def _benefit(m: _Material, rng: random.Random) -> Iterator[_Draft]:
    bodies = m.bodies_of(BENEFIT_KINDS | SOCIAL_KINDS)
    for headline, body in _pairs(m.headlines_of(BENEFIT_KINDS), bodies):
        primary, facts = m.richer(body, bodies, {headline.fact.id})
        title = headline.text
        branded = f"{m.brand}: {title}"
        if m.brand and m.brand.casefold() not in title.casefold() and m.fits(branded) \
                and rng.random() < 0.3:
            title = branded
        yield _Draft(Angle.BENEFIT, title, primary, [headline.fact, *facts])


def _pain(m: _Material, rng: random.Random) -> Iterator[_Draft]:
    bodies = m.bodies_of(BENEFIT_KINDS | OFFER_KINDS)
    for question in (s for s in m.headlines if _is_question(s)):
        rest = [s for s in sentences(question.fact.text) if not s.endswith("?")]
        answer = " ".join(rest)
        if rest and len(answer) <= m.limits.primary_text:
            yield _Draft(Angle.PAIN, question.text, answer, [question.fact])
        for body in bodies:
            if body.fact.id != question.fact.id:
                yield _Draft(Angle.PAIN, question.text, body.text, [question.fact, body.fact])
    if not (m.english and m.brand):
        return
    for index, body in enumerate(m.bodies_of(BENEFIT_KINDS)):
        headline = PAIN_HEADLINES[(index + rng.randrange(len(PAIN_HEADLINES)))
                                  % len(PAIN_HEADLINES)].format(brand=m.brand)
        bodies_here = [b for b in PAIN_BODIES if "{brand}" not in b or m.brand not in headline]
        text = rng.choice(bodies_here).format(body=body.text, brand=m.brand)
        if m.fits(headline) and len(text) <= m.limits.primary_text:
            yield _Draft(Angle.PAIN, headline, text, [body.fact])


def _curiosity(m: _Material, rng: random.Random) -> Iterator[_Draft]:
    bodies = m.bodies_of(BENEFIT_KINDS | SOCIAL_KINDS | OFFER_KINDS)
    if not m.brand:
        return
    for index, body in enumerate(bodies):
        if not m.english:
            yield _Draft(Angle.CURIOSITY, m.brand, body.text, [body.fact])
            continue
        headline = CURIOSITY_HEADLINES[(index + rng.randrange(len(CURIOSITY_HEADLINES)))
                                       % len(CURIOSITY_HEADLINES)].format(brand=m.brand)
        text = f"{body.text} {rng.choice(CURIOSITY_CLOSERS)}"
        if len(text) > m.limits.primary_text:
            text = body.text
        if m.fits(headline):
            yield _Draft(Angle.CURIOSITY, headline, text, [body.fact])


def _social_proof(m: _Material, rng: random.Random) -> Iterator[_Draft]:
    bodies = m.bodies_of(SOCIAL_KINDS | BENEFIT_KINDS)
    quotes = [q for q in m.quotes if q.author]
    for index, headline in enumerate(m.headlines_of(SOCIAL_KINDS)):
        if quotes and rng.random() < 0.5:
            quote = quotes[index % len(quotes)]
            yield _Draft(Angle.SOCIAL_PROOF, headline.text, render_quote(quote),
                         [headline.fact, quote.fact])
        for body in bodies:
            if body.fact.id != headline.fact.id:
                primary, facts = m.richer(body, bodies, {headline.fact.id})
                yield _Draft(Angle.SOCIAL_PROOF, headline.text, primary, [headline.fact, *facts])


def _offer(m: _Material, rng: random.Random) -> Iterator[_Draft]:
    bodies = m.bodies_of(OFFER_KINDS)
    others = m.bodies_of(BENEFIT_KINDS)
    for headline in m.headlines_of(OFFER_KINDS):
        for body in bodies + others:
            same = body.fact.id == headline.fact.id
            if same and ((body.whole and headline.whole)
                         or len(body.text) <= len(headline.text)):
                continue
            primary, facts = (body.text, [body.fact]) if same else m.richer(
                body, bodies, {headline.fact.id})
            yield _Draft(Angle.OFFER, headline.text, primary, [headline.fact, *facts])


def _testimonial(m: _Material, rng: random.Random) -> Iterator[_Draft]:
    heads = m.headlines_of(BENEFIT_KINDS | SOCIAL_KINDS | OFFER_KINDS)
    for index, quote in enumerate(m.quotes):
        primary = render_quote(quote)
        short = f"“{quote.text}”"
        if quote.whole and m.fits(short):
            yield _Draft(Angle.TESTIMONIAL, short, primary, [quote.fact])
        if m.english and quote.author:
            start = rng.randrange(len(TESTIMONIAL_HEADLINES))
            for step in range(len(TESTIMONIAL_HEADLINES)):
                template = TESTIMONIAL_HEADLINES[(start + step) % len(TESTIMONIAL_HEADLINES)]
                headline = template.format(author=quote.author)
                if m.fits(headline):
                    yield _Draft(Angle.TESTIMONIAL, headline, primary, [quote.fact])
                    break
        for head in heads[index % max(len(heads), 1):][:2]:
            yield _Draft(Angle.TESTIMONIAL, head.text, primary, [quote.fact, head.fact])


BUILDERS = {
    Angle.BENEFIT: _benefit, Angle.PAIN: _pain, Angle.CURIOSITY: _curiosity,
    Angle.SOCIAL_PROOF: _social_proof, Angle.OFFER: _offer, Angle.TESTIMONIAL: _testimonial,
}


def _describe(draft: _Draft, m: _Material, turn: int) -> None:
    """Give the draft a description from a fact it does not use yet, or the brand's name."""
    used = {f.id for f in draft.facts}
    headline = draft.headline.casefold()
    choices = [s for s in m.descriptions if s.fact.id not in used
               and s.text.casefold() not in headline and s.text.casefold() not in
               draft.primary.casefold()]
    if choices:
        chosen = choices[turn % len(choices)]
        draft.description, draft.description_facts = chosen.text, [chosen.fact]
    elif m.brand and len(m.brand) <= m.limits.description:
        draft.description = m.brand


def _schedule(pools: dict[Angle, list[_Draft]], angles: list[Angle]) -> list[_Draft]:
    """All drafts in the order to offer them: each time the one that repeats least of what
    came before (its headline first, then its angle, then the facts of its primary text)."""
    order: list[_Draft] = []
    headlines: Counter[str] = Counter()
    angle_uses: Counter[Angle] = Counter()
    bodies: Counter[str] = Counter()
    rank = {angle: index for index, angle in enumerate(angles)}

    def repeats(draft: _Draft, position: int) -> tuple[int, int, int, int, int]:
        body_facts = draft.facts[1:] or draft.facts
        return (headlines[draft.headline.casefold()], angle_uses[draft.angle],
                sum(bodies[f.id] for f in body_facts), rank[draft.angle], position)

    while True:
        options = [(repeats(d, i), a, i) for a in angles for i, d in enumerate(pools[a])]
        if not options:
            return order
        _, angle, index = min(options)
        draft = pools[angle].pop(index)
        order.append(draft)
        headlines[draft.headline.casefold()] += 1
        angle_uses[draft.angle] += 1
        bodies.update(f.id for f in draft.facts)


def write_offline(truth: BrandTruth, request: CopyRequest) -> list[CopyVariant]:
    """Up to `request.count` variants built from the facts, all through the grounding gate,
    spread over the requested angles; the same truth, request and seed give the same list."""
    if request.count <= 0:
        return []
    passed, _ = grounding_gate(offline_drafts(truth, request), truth.facts, request,
                               brand_name=truth.brand_name)
    return passed[:request.count]


def offline_drafts(truth: BrandTruth, request: CopyRequest) -> list[CopyVariant]:
    """Every variant the offline writer can make, best first, before the gate sees them (a
    few times `request.count` per angle); `write_offline` keeps the first that pass."""
    limits = limits_for(request.platform)
    rng = random.Random(request.seed)
    facts = [f for f in usable_facts(truth.facts, allow_high_risk=request.allow_high_risk)
             if not avoided_in(f.text, request.avoid_words)]
    material = _Material(facts, truth.brand_name.strip(), is_english(truth, facts), limits,
                         rng)
    angles = list(dict.fromkeys(request.angles or tuple(Angle)))
    if not angles or request.count <= 0:
        return []
    shift = request.seed % len(angles)
    angles = angles[shift:] + angles[:shift]
    cap = 4 * request.count
    pools: dict[Angle, list[_Draft]] = {}
    for angle in angles:
        drafts: list[_Draft] = []
        for draft in BUILDERS[angle](material, rng):
            drafts.append(draft)
            if len(drafts) >= cap:
                break
        pools[angle] = drafts
    return [_variant(draft, material, request, limits, index)
            for index, draft in enumerate(_schedule(pools, angles))]


def _variant(draft: _Draft, m: _Material, request: CopyRequest, limits: PlatformLimits,
             index: int) -> CopyVariant:
    _describe(draft, m, index)
    fact_ids = tuple(dict.fromkeys(f.id for f in [*draft.facts, *draft.description_facts]))
    cta = call_to_action(draft.angle, request.objective, limits)
    if request.personas:
        persona = request.personas[index % len(request.personas)]
    else:
        persona = request.audience
    emotions = EMOTIONS[draft.angle]
    return CopyVariant(
        id=variant_id(CopyGenerator.OFFLINE, draft.angle, draft.headline, draft.primary,
                      draft.description, cta, fact_ids),
        angle=draft.angle, headline=draft.headline, primary_text=draft.primary,
        description=draft.description, call_to_action=cta, fact_ids=fact_ids,
        persona=persona, emotion=emotions[index % len(emotions)],
        generator=CopyGenerator.OFFLINE.value, seed=request.seed,
    )
