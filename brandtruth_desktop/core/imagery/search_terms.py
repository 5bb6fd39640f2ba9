"""Stock-photo search terms from what an ad says: its angle, the facts it cites and the brand.

Deterministic by construction: the same variant, facts and brand always give the same terms in
the same order (no randomness, no dict-order or hash-seed dependence). Words are weighted by
where they appear (the cited facts and the headline count most), brand and product names are
left out (stock libraries do not have them), and the angle adds a visual mood.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from brandtruth_desktop.core.models import Fact

ANGLE_MOODS: dict[str, str] = {
    "benefit": "lifestyle",
    "pain": "stress",
    "curiosity": "closeup",
    "social_proof": "people",
    "offer": "shopping",
    "testimonial": "portrait",
}
"""A visual mood per copy angle (core.models.Angle values); stock libraries understand these."""

FALLBACK_TERM = "abstract texture"

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_WEIGHT_CITED_FACT = 3.0
_WEIGHT_HEADLINE = 3.0
_WEIGHT_PRIMARY = 2.0
_WEIGHT_DESCRIPTION = 1.0
_WEIGHT_BRAND = 1.0

_STOPWORD_TEXT = """
    a about above after again against all almost also always am an and any are around as at
    be because been before being below best better between both but by can could day days did
    do does doing done down during each easy easily even ever every everyone everything few
    for free from full further get gets getting give gives go going good got great had has have
    having he her here hers herself him himself his how i if in into is it its itself just
    know let like little lot lots made make makes making many may me more most much must my
    myself need needs never new next no nor not now of off often on once one only or other our
    ours ourselves out over own per perfect plus quality really right same save see she should
    since so some start started still such sure take than that the their theirs them
    themselves then there these they thing things this those through to today too top try
    under until up upon us use used using very via want was way ways we well were what when
    where which while who whom why will with within without would year years yet you your
    yours yourself yourselves simply truly whole guaranteed guarantee money back
    percent discount deal deals offer offers order orders shop buy buying bought
    shipping delivery delivered return returns pair pack price prices sale sales code coupon
    checkout cart subscription trial limited exclusive item items product products
    customer customers brand brands official online website app
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""Words that say nothing a photo could show (function words and sales language)."""


@dataclass(slots=True)
class _Word:
    """One keyword being counted: its weight, where it first appeared, how it was spelt."""

    first_seen: int
    weight: float = 0.0
    forms: dict[str, int] = field(default_factory=dict)

    def display(self) -> str:
        # The most common spelling; ties go to the one seen first (dicts keep insertion order).
        return max(self.forms.items(), key=lambda item: item[1])[0]


def search_terms(
    angle: str,
    *,
    headline: str = "",
    primary_text: str = "",
    description: str = "",
    facts: Sequence[Fact] = (),
    brand_name: str = "",
    brand_context: Sequence[str] = (),
    max_terms: int = 3,
) -> tuple[str, ...]:
    """Up to `max_terms` search queries, best first, for a variant with this copy.

    `facts` are the facts the variant cites; `brand_context` is what the brand says about
    itself in general (tagline, value propositions), used with a lower weight. Never empty:
    when nothing photographable is said, the angle's mood or a neutral texture is searched.
    """
    excluded = _brand_words(brand_name)
    proper = _proper_nouns([*(f.quote or f.text for f in facts), primary_text, description])
    sources: list[tuple[str, float]] = [
        *((f.text, _WEIGHT_CITED_FACT) for f in facts),
        (headline, _WEIGHT_HEADLINE),
        (primary_text, _WEIGHT_PRIMARY),
        (description, _WEIGHT_DESCRIPTION),
        *((text, _WEIGHT_BRAND) for text in brand_context),
    ]
    words: dict[str, _Word] = {}
    # Keys that appear side by side, in that order, with their weight: noun phrases such as
    # "coffee beans" or "running shoes" make better queries than two separate top words.
    pairs: dict[tuple[str, str], float] = {}
    position = 0
    for text, weight in sources:
        previous = ""
        for token in _tokens(text):
            position += 1
            lower = token.lower()
            key = _stem(lower)
            if len(lower) < 3 or lower in STOPWORDS or key in excluded or lower in proper:
                previous = ""
                continue
            if lower.endswith("ly"):
                previous = ""
                continue  # adverbs: nothing to photograph
            word = words.setdefault(key, _Word(position))
            # Participles ("roasted", "running") describe rather than name a subject.
            word.weight += weight / 2 if lower.endswith(("ed", "ing")) else weight
            word.forms[lower] = word.forms.get(lower, 0) + 1
            if previous and previous != key:
                pairs[(previous, key)] = pairs.get((previous, key), 0.0) + weight
            previous = key
    ranked = sorted(words.items(), key=lambda item: (-item[1].weight, item[1].first_seen, item[0]))
    keys = [key for key, _word in ranked]
    keywords = [word.display() for _key, word in ranked]
    mood = ANGLE_MOODS.get(angle.strip().lower().replace(" ", "_").replace("-", "_"), "")

    queries: list[str] = []
    phrase = _best_phrase(keys[0], pairs, words) if keys else ""
    if phrase:
        queries.append(phrase)
    elif len(keywords) >= 2:
        queries.append(f"{keywords[0]} {keywords[1]}")
    if keywords and mood:
        queries.append(f"{keywords[0]} {mood}")
    if keywords:
        queries.append(keywords[0])
    if len(keywords) >= 3:
        queries.append(f"{keywords[2]} {mood}".strip())
    if not queries:
        queries.append(mood or FALLBACK_TERM)
    unique = list(dict.fromkeys(queries))
    return tuple(unique[: max(1, max_terms)])


def _best_phrase(top: str, pairs: dict[tuple[str, str], float], words: dict[str, _Word]) -> str:
    """The heaviest two-word phrase containing the top keyword, as the copy spells it."""
    candidates = [(weight, pair) for pair, weight in pairs.items() if top in pair]
    if not candidates:
        return ""
    _weight, (first, second) = min(candidates, key=lambda c: (-c[0], c[1]))
    return f"{words[first].display()} {words[second].display()}"


def _tokens(text: str) -> list[str]:
    return [m.group(0).replace("’", "'").removesuffix("'s") for m in _WORD.finditer(text)]


def _stem(word: str) -> str:
    """Singular-ish key so "beans" and "bean" count as one word."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _brand_words(brand_name: str) -> set[str]:
    return {_stem(token.lower()) for token in _tokens(brand_name)}


def _proper_nouns(texts: Sequence[str]) -> set[str]:
    """Words written with a capital every time they appear and never first in a sentence:
    product and company names. Only sentence-case texts count as evidence (headlines are
    often Title Case)."""
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            for index, token in enumerate(_tokens(sentence)):
                lower = token.lower()
                if token[0].isupper():
                    if index > 0:
                        capitalised.add(lower)
                else:
                    lowercase.add(lower)
    return capitalised - lowercase
