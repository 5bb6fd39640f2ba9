"""Model enrichment: Claude reads the pages too, and only what it can quote is kept.

When the person turns it on (Settings: `enrich_with_claude`, or `brandtruth extract --enrich`)
and an Anthropic key is set, `enrich_stage` asks the model, once, for better value
propositions, the brand's tone of voice and facts the extraction missed. Extraction is complete
without it: with no model, or when the call fails, the stage returns the truth unchanged with a
notice saying why.

The model is trusted with nothing (the prompt and its quoting: `enrichment_prompt`):

- Every value proposition and fact it returns must be a quote that occurs in a page's text
  (`page_text`) word for word (`quotes.locate`); the match forgives only whitespace and the
  style of quote marks (’ for ', “ for "), and the quote is stored exactly as the page has it.
  Anything else (an invented sentence, a paraphrase, a summary) is DROPPED, and a notice
  counts it. A quote must be 2 to 60 words long.
- A quote the model attributes to the wrong page, or to a URL that was not fetched, is
  RE-ATTRIBUTED to the fetched page whose text holds it (the cited page first, then the pages
  in fetch order): the proof is the page the quote is on, not the model's say-so. A quote on
  no fetched page is dropped.
- Risk comes from the risk table (`risk.assess`), never from the model; new facts get ids the
  way extraction makes them (`facts.make_fact`), so the same answer gives the same ids; a
  suggestion that repeats a fact already found (same id, or 80% of the same words) is skipped.
- Legal pages (privacy, terms) are not sent and cannot be quoted, as extraction ignores them.
- The tone is a description, not a fact: it is kept when it is short (MAX_TONE_WORDS words).

A model-suggested value proposition leads the list of value propositions and is added as a
`value_proposition` fact too (unless one like it is there), so the copy writers can cite it;
one the risk table blocks is kept only as that blocked fact. New facts follow the facts found
by extraction, in page order. Usage is that of the answered call (an answer the adapter could
not read is billed too: the adapter reports it through its own usage listener).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from brandtruth_desktop.core.copy.costs import cost_usd
from brandtruth_desktop.core.extract.brand import compact
from brandtruth_desktop.core.extract.enrichment_prompt import (
    MAX_NEW_FACTS,
    MAX_TONE_WORDS,
    MAX_VALUE_PROPOSITIONS,
    build_enrichment_prompt,
    pages_for_prompt,
)
from brandtruth_desktop.core.extract.facts import make_fact
from brandtruth_desktop.core.extract.quotes import Located, QuotablePage, locate, quotable_pages
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import (
    BrandTruth,
    Fact,
    FactKind,
    PageSnapshot,
    Risk,
    ValueProposition,
)
from brandtruth_desktop.core.ports import LanguageModel, LanguageModelError, ModelUsage

MIN_QUOTE_WORDS = 2
MIN_QUOTE_CHARS = 8
MAX_QUOTE_WORDS = 60  # extraction's limit for one fact's passage
MAX_VALUE_PROPOSITION_LIST = 40  # extraction keeps at most this many
MAX_TOKENS = 4096
COMPLETE_WITHOUT = "The extraction is complete without it."

_ERROR_NOTICES = {
    "auth": "Anthropic refused the API key, so Claude did not enrich what was found. Check "
            "the key in Settings → API keys.",
    "timeout": "Claude did not answer in time, so nothing was enriched.",
    "connection": "Claude could not be reached (are you offline?), so nothing was enriched.",
    "rate_limit": "Anthropic's rate limit for this key was reached, so nothing was enriched. "
                  "Try again in a minute.",
    "overloaded": "Claude is overloaded right now, so nothing was enriched. Try again later.",
}


@dataclass(frozen=True, slots=True)
class DroppedSuggestion:
    """A suggestion of the model's that was not kept, and why.

    `what` is "fact" or "value_proposition"; `reason` one of: not_on_pages (invented,
    paraphrased or from no fetched page), unreadable (not a quote and URL, or an unknown kind),
    too_short, too_long, duplicate (a fact already found says it), blocked (a value
    proposition the risk table blocks; it is kept as a blocked fact).
    """

    what: str
    quote: str
    source_url: str
    reason: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class EnrichmentResult:
    """What the enrichment stage returns: the truth (enriched, or as it was when the model
    could not help), notices for the person, the usage of every answered model call and its
    cost in US dollars (the caller records them in the cost ledger), the ids of the facts
    added, the value propositions Claude chose (they now lead the list; some may have been
    found by extraction too), and every suggestion that was not kept. `enriched` says
    whether Claude's answer was read and checked (it may still have added nothing)."""

    truth: BrandTruth
    usage: tuple[ModelUsage, ...] = ()
    notices: tuple[str, ...] = ()
    cost_usd: float = 0.0
    added_fact_ids: tuple[str, ...] = ()
    added_value_propositions: tuple[ValueProposition, ...] = ()
    dropped: tuple[DroppedSuggestion, ...] = ()
    enriched: bool = False


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.casefold()))


def _similar(first: frozenset[str], second: frozenset[str]) -> bool:
    """Near-identical wording: at least 80% of the words in either are shared (as extraction
    judges repeats)."""
    return bool(first and second) and len(first & second) >= 0.8 * len(first | second)


class _Review:
    """The model's suggestions checked one by one against the pages and the facts so far."""

    def __init__(self, truth: BrandTruth, pages: Sequence[QuotablePage]) -> None:
        self.pages = pages
        self.order = {page.url: index for index, page in enumerate(pages)}
        self.ids = {fact.id for fact in truth.facts}
        self.fact_words = [_words(fact.quote) for fact in truth.facts]
        self.facts: list[tuple[int, int, Fact]] = []  # (page order, position, fact)
        self.propositions: list[ValueProposition] = []
        self.dropped: list[DroppedSuggestion] = []

    def _drop(self, what: str, item: Any, reason: str) -> None:
        quote = item.get("quote") if isinstance(item, dict) else None
        url = item.get("source_url") if isinstance(item, dict) else None
        kind = item.get("kind") if isinstance(item, dict) else None
        self.dropped.append(DroppedSuggestion(
            what=what, quote=quote if isinstance(quote, str) else "",
            source_url=url if isinstance(url, str) else "", reason=reason,
            kind=kind if isinstance(kind, str) else ""))

    def _located(self, what: str, item: Any) -> Located | None:
        if not isinstance(item, dict):
            self._drop(what, item, "unreadable")
            return None
        quote, url = item.get("quote"), item.get("source_url", "")
        if not isinstance(quote, str) or not isinstance(url, str):
            self._drop(what, item, "unreadable")
            return None
        words = quote.split()
        if len(words) < MIN_QUOTE_WORDS or len(" ".join(words)) < MIN_QUOTE_CHARS:
            self._drop(what, item, "too_short")
            return None
        if len(words) > MAX_QUOTE_WORDS:
            self._drop(what, item, "too_long")
            return None
        found = locate(quote, url, self.pages)
        if found is None:
            self._drop(what, item, "not_on_pages")
        return found

    def add_fact(self, fact: Fact, found: Located) -> bool:
        """Add the fact unless one like it is already there; whether it was added."""
        words = _words(fact.quote)
        if fact.id in self.ids or any(_similar(words, other) for other in self.fact_words):
            return False
        self.ids.add(fact.id)
        self.fact_words.append(words)
        position = max(found.page.text.text.find(found.quote), 0)
        self.facts.append((self.order[found.page.url], position, fact))
        return True

    def fact(self, item: Any) -> None:
        kind_name = item.get("kind") if isinstance(item, dict) else None
        try:
            kind = FactKind(str(kind_name).strip().lower())
        except ValueError:
            self._drop("fact", item, "unreadable")
            return
        found = self._located("fact", item)
        if found is not None and not self.add_fact(make_fact(kind, found.quote, found.page.url),
                                                   found):
            self._drop("fact", item, "duplicate")

    def proposition(self, item: Any) -> None:
        found = self._located("value_proposition", item)
        if found is None:
            return
        fact = make_fact(FactKind.VALUE_PROPOSITION, found.quote, found.page.url)
        self.add_fact(fact, found)  # a repeat of a fact found already adds no second fact
        if fact.risk is Risk.BLOCKED:
            self._drop("value_proposition", item, "blocked")
            return
        keys = {compact(p.text) for p in self.propositions}
        if compact(found.quote) not in keys:
            self.propositions.append(ValueProposition(found.quote, found.page.url))

    def new_facts(self) -> list[Fact]:
        return [fact for _order, _position, fact in sorted(
            self.facts, key=lambda entry: (entry[0], entry[1], entry[2].kind, entry[2].id))]


def _tone(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    tone = " ".join(value.split()).strip(" .\"'“”")
    if not tone or len(tone.split()) > MAX_TONE_WORDS or len(tone) > 12 * MAX_TONE_WORDS:
        return None
    return tone


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _notices(review: _Review, tone_given: bool, tone: str | None) -> list[str]:
    notices: list[str] = []
    for what, singular, plural in (("fact", "fact", "facts"),
                                   ("value_proposition", "value proposition",
                                    "value propositions")):
        missing = sum(1 for d in review.dropped if d.what == what and d.reason == "not_on_pages")
        if missing:
            that = "that is" if missing == 1 else "that are"
            it = "it was" if missing == 1 else "they were"
            notices.append(f"Claude suggested {_count(missing, singular, plural)} {that} not on "
                           f"the pages; {it} dropped.")
    unusable = sum(1 for d in review.dropped
                   if d.reason in ("unreadable", "too_short", "too_long"))
    if unusable:
        notices.append(f"{_count(unusable, 'suggestion', 'suggestions')} from Claude could not "
                       "be used (unreadable, too short or too long) and "
                       f"{'was' if unusable == 1 else 'were'} left out.")
    if tone_given and tone is None:
        notices.append("Claude's description of the tone of voice was not a short phrase, so "
                       "it was left out.")
    return notices


def _unenriched(truth: BrandTruth, notice: str) -> EnrichmentResult:
    return EnrichmentResult(truth=truth, notices=(notice,))


def _error_notice(error: LanguageModelError) -> str:
    reason = _ERROR_NOTICES.get(error.kind) or (
        f"Claude could not enrich what was found ({error})."
    )
    return f"{reason} {COMPLETE_WITHOUT}"


def enrich_stage(truth: BrandTruth, pages: Sequence[PageSnapshot], model: LanguageModel,
                 *, max_tokens: int = MAX_TOKENS) -> Generator[Progress, None, EnrichmentResult]:
    """The enrichment stage: one model call, every suggestion checked against the pages.

    Yields Progress (a runner may cancel before the call and after it); returns an
    EnrichmentResult. Never raises for a model failure: the truth comes back as it was, with a
    notice saying why (see the module docstring).
    """
    total = 3
    yield Progress(0, total, "Preparing the pages for Claude")
    quotable = quotable_pages(pages)
    if not quotable:
        return _unenriched(truth, "No page had text Claude could read, so nothing was "
                                  f"enriched. {COMPLETE_WITHOUT}")
    prompt = build_enrichment_prompt(
        truth, pages_for_prompt([(p.url, p.title, p.text.text) for p in quotable]))
    yield Progress(1, total, f"Asking {model.model} what the extraction missed")
    try:
        reply = model.complete_json(system=prompt.system, user=prompt.user,
                                    schema=prompt.schema, max_tokens=max_tokens)
    except LanguageModelError as error:
        return _unenriched(truth, _error_notice(error))
    yield Progress(2, total, "Checking Claude's suggestions against the pages")
    usage = (reply.usage,)
    cost = round(cost_usd(reply.usage), 10)
    data = reply.data
    propositions = data.get("value_propositions") if isinstance(data, dict) else None
    facts = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(propositions, list) or not isinstance(facts, list):
        return EnrichmentResult(
            truth=truth, usage=usage, cost_usd=cost,
            notices=("Claude's answer did not hold lists of value propositions and facts, so "
                     f"nothing was enriched. {COMPLETE_WITHOUT}",))

    review = _Review(truth, quotable)
    for item in facts[:MAX_NEW_FACTS]:  # first: a fact's own kind beats "value proposition"
        review.fact(item)
    for item in propositions[:MAX_VALUE_PROPOSITIONS]:
        review.proposition(item)
    tone = _tone(data.get("tone"))
    added = review.new_facts()
    leading = {compact(p.text) for p in review.propositions}
    kept = [p for p in truth.value_propositions if compact(p.text) not in leading]
    enriched = replace(
        truth,
        value_propositions=tuple([*review.propositions, *kept][:MAX_VALUE_PROPOSITION_LIST]),
        facts=(*truth.facts, *added),
        tone=tone if tone is not None else truth.tone,
    )
    notices = _notices(review, bool(data.get("tone")), tone)
    return EnrichmentResult(
        truth=enriched, usage=usage, notices=(_summary(review, added, tone), *notices),
        cost_usd=cost, added_fact_ids=tuple(f.id for f in added),
        added_value_propositions=tuple(review.propositions), dropped=tuple(review.dropped),
        enriched=True,
    )


def _summary(review: _Review, added: Sequence[Fact], tone: str | None) -> str:
    if not added and not review.propositions and tone is None:
        return "Claude found nothing on the pages that the extraction missed."
    chose = _count(len(review.propositions), "value proposition", "value propositions")
    return (f"Claude added {_count(len(added), 'fact', 'facts')}, chose {chose}"
            f"{' and described the tone of voice' if tone else ''}; every quote was checked "
            "on its page.")
