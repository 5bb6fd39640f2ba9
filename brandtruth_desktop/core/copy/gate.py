"""The grounding gate (DESIGN.md decision 2): every variant, from either writer, is checked
against the facts it cites before anyone sees it.

A variant is rejected, with every reason that applies, when:

- it cites no fact, or a fact that does not exist, that the person excluded, that is blocked,
  or that is high-risk while high-risk facts are not allowed;
- its headline, primary text or description holds a figure (number, percentage, price,
  duration, number word), superlative, guarantee, offer word ("free", "discount"), time
  promise ("in minutes"), quotation or name that none of its cited facts holds (see
  `claims.py` for how each is recognised and compared). The brand's own name is always
  allowed; a quotation must appear verbatim (case aside; "…" marks left-out words) in one
  cited fact;
- it uses a word the person asked to avoid: case-insensitive, whole words, and also with the
  common endings -s, -es, -ed, -ing, -er, -ers, -est, -ly ("cheap" catches "cheapest");
- its headline, primary text or description is longer than the platform allows
  (`limits.py`; exactly at the limit passes), or its headline or primary text is empty;
- its call to action is not one of the platform's;
- it nearly repeats a variant that passed before it: both its headline and its primary text
  share at least DUPLICATE_SIMILARITY of their words with that variant's (Jaccard index over
  case-folded words). A new headline over the same body is a headline test, not a duplicate.

The gate is deterministic: the same variants, facts and request give the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from brandtruth_desktop.core.copy.claims import (
    Evidence,
    coded_words,
    figures,
    fold,
    iter_unique,
    name_words,
    number_words,
    ordinary_words,
    phrase_claims,
    quotations,
    words,
)
from brandtruth_desktop.core.copy.limits import PlatformLimits, limits_for
from brandtruth_desktop.core.models import (
    CopyRequest,
    CopyVariant,
    Fact,
    GateRejection,
    Risk,
)

DUPLICATE_SIMILARITY = 0.8
AVOID_ENDINGS = r"(?:s|es|ed|d|ing|er|ers|est|ly)?"


def fact_problem(fact: Fact, *, allow_high_risk: bool) -> tuple[str, str] | None:
    """Why an ad may not rest on this fact, as (code, reason), or None when it may."""
    if fact.excluded:
        return "excluded_fact", f"cites fact {fact.id}, which you excluded"
    if fact.risk is Risk.BLOCKED:
        why = f" ({fact.risk_reason})" if fact.risk_reason else ""
        return "blocked_fact", f"cites fact {fact.id}, which no ad may use{why}"
    if fact.risk is Risk.HIGH and not allow_high_risk:
        why = f" ({fact.risk_reason})" if fact.risk_reason else ""
        return ("high_risk_fact", f"cites high-risk fact {fact.id}{why}; allow high-risk "
                "facts to use it")
    return None


def usable_facts(facts: Iterable[Fact], *, allow_high_risk: bool = False) -> list[Fact]:
    """Facts an ad may rest on: not excluded, not blocked, and not high unless allowed."""
    return [f for f in facts if fact_problem(f, allow_high_risk=allow_high_risk) is None]


def avoid_patterns(avoid_words: Iterable[str]) -> list[tuple[str, re.Pattern[str]]]:
    """(word, pattern) for each word to avoid; patterns match case-folded text."""
    return [
        (word, re.compile(r"(?<![^\W_])" + r"\s+".join(map(re.escape, word.split()))
                          + AVOID_ENDINGS + r"(?![^\W_])"))
        for word in (fold(w) for w in avoid_words) if word
    ]


def avoided_in(text: str, avoid_words: Iterable[str]) -> list[str]:
    """The words to avoid that the text uses."""
    folded = fold(text)
    return [word for word, pattern in avoid_patterns(avoid_words) if pattern.search(folded)]


@lru_cache(maxsize=4096)
def _word_set(text: str) -> frozenset[str]:
    # The duplicate check compares every draft with every variant already passed (tens of
    # thousands of pairs for the offline writer's pool): each text is folded once, not per pair.
    return frozenset(words(text))


def similarity(first: str, second: str) -> float:
    """Jaccard index of the two texts' case-folded words (1.0 for two empty texts)."""
    a, b = _word_set(first), _word_set(second)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def is_near_duplicate(variant: CopyVariant, other: CopyVariant) -> bool:
    """Both headline and primary text nearly the same as the other variant's."""
    return (similarity(variant.headline, other.headline) >= DUPLICATE_SIMILARITY
            and similarity(variant.primary_text, other.primary_text) >= DUPLICATE_SIMILARITY)


class _Checker:
    """The checks for one batch: facts indexed once, the brand's words known."""

    def __init__(self, facts: Iterable[Fact], request: CopyRequest, limits: PlatformLimits,
                 brand_name: str) -> None:
        self.facts = {f.id: f for f in facts}
        self.request = request
        self.limits = limits
        self.brand_name = brand_name.strip()
        self.brand_words = set(words(brand_name))
        self.ordinary = ordinary_words(
            t for f in self.facts.values() for t in (f.text, f.quote))
        self.avoid = avoid_patterns(request.avoid_words)

    def problems(self, variant: CopyVariant) -> list[tuple[str, str]]:
        found = self._citations(variant)
        cited = [self.facts[i] for i in iter_unique(variant.fact_ids) if i in self.facts]
        evidence = Evidence.of(t for f in cited for t in (f.text, f.quote))
        for field, text in self._fields(variant):
            found += self._claims(field, text, evidence)
        found += self._avoided(variant)
        found += self._shape(variant)
        return found

    @staticmethod
    def _fields(variant: CopyVariant) -> list[tuple[str, str]]:
        return [("headline", variant.headline), ("primary text", variant.primary_text),
                ("description", variant.description)]

    def _citations(self, variant: CopyVariant) -> list[tuple[str, str]]:
        if not variant.fact_ids:
            return [("no_facts",
                     "cites no facts; every ad must rest on at least one fact from the site")]
        found: list[tuple[str, str]] = []
        for fact_id in iter_unique(variant.fact_ids):
            fact = self.facts.get(fact_id)
            if fact is None:
                found.append(("unknown_fact", f"cites fact {fact_id}, which does not exist"))
                continue
            problem = fact_problem(fact, allow_high_risk=self.request.allow_high_risk)
            if problem is not None:
                found.append(problem)
        return found

    def _without_brand(self, text: str) -> str:
        if not self.brand_name:
            return text
        return re.sub(re.escape(self.brand_name), " ", text, flags=re.I)

    def _claims(self, field: str, written: str, evidence: Evidence) -> list[tuple[str, str]]:
        text = self._without_brand(written)
        found: list[tuple[str, str]] = []
        unbacked = [f for f in figures(text) if not evidence.backs_figure(f)]
        for figure in {f.text: f for f in unbacked}.values():
            found.append(("unsupported_number", f"the {field} states the {figure.kind} "
                          f"“{figure.text}”, which the facts it cites do not contain"))
        for word in iter_unique(number_words(text)):
            if not evidence.backs_number_word(word):
                found.append(("unsupported_number", f"the {field} states “{word}”, a number "
                              "the facts it cites do not contain"))
        for word in iter_unique(coded_words(text)):
            if not evidence.backs_word(word) and word not in self.brand_words:
                found.append(("unsupported_name", f"the {field} mentions “{word}”, which "
                              "the facts it cites do not contain"))
        seen: set[tuple[str, str]] = set()
        for kind, written, key in phrase_claims(text):
            if (kind, key) in seen or evidence.backs_phrase(kind, key):
                continue
            seen.add((kind, key))
            code, verb = {
                "superlative": ("unsupported_superlative", "claims"),
                "guarantee": ("unsupported_guarantee", "promises"),
                "offer": ("unsupported_offer", "offers"),
                "time promise": ("unsupported_duration", "promises"),
            }[kind]
            found.append((code, f"the {field} {verb} “{written}”, which the facts it cites "
                          "do not say"))
        for quote in iter_unique(quotations(written)):
            if not evidence.backs_quote(quote):
                found.append(("unsupported_quote", f"the {field} quotes “{quote}”, but those "
                              "words are not in the facts it cites"))
        for run in name_words(text, self.ordinary):
            missing = [w for w in run if not (evidence.backs_word(w)
                                              or set(words(w)) <= self.brand_words)]
            if missing:
                found.append(("unsupported_name", f"the {field} names “{' '.join(run)}”, "
                              "which the facts it cites do not mention"))
        return found

    def _avoided(self, variant: CopyVariant) -> list[tuple[str, str]]:
        text = fold(" \n ".join(t for _, t in self._fields(variant)))
        return [("avoided_word", f"uses “{word}”, a word you asked to avoid")
                for word, pattern in self.avoid if pattern.search(text)]

    def _shape(self, variant: CopyVariant) -> list[tuple[str, str]]:
        limits, found = self.limits, []
        name = limits.display_name
        for field, text, limit in (("headline", variant.headline, limits.headline),
                                   ("primary text", variant.primary_text, limits.primary_text),
                                   ("description", variant.description, limits.description)):
            if len(text) > limit:
                found.append(("too_long", f"the {field} is {len(text)} characters; {name} "
                              f"recommends at most {limit}"))
        if not variant.headline.strip():
            found.append(("empty", "has no headline"))
        if not variant.primary_text.strip():
            found.append(("empty", "has no primary text"))
        if variant.call_to_action not in limits.call_to_actions:
            found.append(("bad_cta", f"the call to action “{variant.call_to_action}” is not "
                          f"one of {name}'s buttons"))
        return found


def grounding_gate(
    variants: Sequence[CopyVariant],
    facts: Iterable[Fact],
    request: CopyRequest,
    *,
    platform: str | None = None,
    brand_name: str = "",
    already_passed: Sequence[CopyVariant] = (),
) -> tuple[list[CopyVariant], list[GateRejection]]:
    """Split variants into those that pass and those rejected with their reasons, in order.

    `platform` defaults to the request's. `brand_name` is always allowed in copy.
    `already_passed` are variants approved earlier (say, from a previous call): new variants
    that nearly repeat them are rejected too; they are not checked again nor returned.
    """
    checker = _Checker(facts, request, limits_for(platform or request.platform), brand_name)
    passed: list[CopyVariant] = []
    rejected: list[GateRejection] = []
    for variant in variants:
        problems = checker.problems(variant)
        twin = next((v for v in [*already_passed, *passed] if is_near_duplicate(variant, v)),
                    None)
        if twin is not None:
            problems.append(("duplicate", f"nearly repeats variant {twin.id} "
                             f"(“{twin.headline}”)"))
        if problems:
            rejected.append(GateRejection(variant, tuple(reason for _, reason in problems),
                                          tuple(code for code, _ in problems)))
        else:
            passed.append(variant)
    return passed, rejected
