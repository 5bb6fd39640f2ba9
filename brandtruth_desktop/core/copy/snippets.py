"""Pieces of the brand's own words that fit an ad: headlines, primary texts, descriptions.

Every piece is taken from one fact's text, shortened only in ways that keep its meaning:
whole sentences, whole clauses (split at commas, semicolons, colons and dashes), or, for a
headline, the words before a connecting word ("for", "with", "and" …) — never mid-word, never
ending on "the" or "of". An offer or guarantee is never cut at all where the cut would drop a
condition ("on orders over $50"). Shouted text (all capitals) is put in sentence case; the
brand's name keeps its own spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brandtruth_desktop.core.copy.claims import normalize
from brandtruth_desktop.core.copy.common_words import word_set
from brandtruth_desktop.core.models import Fact, FactKind

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(¿¡]?(?:[A-ZÀ-ÖØ-ÞĀ-Ž]|\d))")
CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]|\s[-–—])\s+")
# A clause starting with one of these leans on the one before it: it is not a headline.
LEANING = word_set("""and but or so which that who whom whose where while because including
such if when then than as to y o pero que cuando donde porque como""")
# Dropping a clause that starts with one of these would drop a condition of an offer.
CONDITIONS = word_set("""on for when if only with after until up per min minimum except
subject valid while terms at in before excluding plus en para con si solo hasta desde""")
# A headline may end before one of these words (the rest qualifies what came before).
CUT_BEFORE = word_set("""for with on in from that which so while where because built
designed made para con que en por donde""")
CUTTABLE_KINDS = frozenset({FactKind.VALUE_PROPOSITION, FactKind.CLAIM})
# A sentence opening with one of these sets a condition for all its later clauses.
SUBORDINATE = word_set("""if when whenever unless although though while on once after
before because as since si cuando aunque mientras""")
DANGLING = word_set("""the a an of to and or our your their its my his her with for from by
in on at as is are be de del la el los las y o en un una su sus tu tus con para por""")
CONDITIONAL_KINDS = frozenset({FactKind.OFFER, FactKind.GUARANTEE})


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of one fact's text, ready to place in an ad."""

    text: str
    fact: Fact
    whole: bool  # the fact's complete text, not a part of it
    opens: bool = True  # starts where the fact starts (not a later sentence or clause)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(normalize(text)) if s.strip()]


def clauses(sentence: str) -> list[str]:
    return [c.strip() for c in CLAUSE_BREAK.split(sentence) if c.strip()]


def clause_prefixes(sentence: str) -> list[str]:
    """The starts of a sentence that end where a clause ends, longest first, as written."""
    starts = [sentence[:m.start()].rstrip() for m in CLAUSE_BREAK.finditer(sentence)]
    return [p for p in reversed(starts) if p]


def _word_key(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _first_word(text: str) -> str:
    match = re.match(r"[\W_]*([^\W_]+)", text)
    return match.group(1).casefold() if match else ""


def _last_word(text: str) -> str:
    found = re.findall(r"[^\W_]+", text)
    return found[-1].casefold() if found else ""


def _word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+", text))


def _shouted(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def tidy(text: str, brand_name: str) -> str:
    """Shouting to sentence case (the brand keeps its spelling), first letter capitalised."""
    text = normalize(text)
    if _shouted(text):
        text = re.sub(r"(^|[.!?]\s+)([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(),
                      text.lower())
        if brand_name:
            text = re.sub(re.escape(brand_name), brand_name, text, flags=re.I)
    if text[:1].islower():
        text = text[:1].upper() + text[1:]
    return text


def as_headline(text: str, brand_name: str) -> str:
    """A headline form: tidy, without a closing full stop or comma."""
    return tidy(text, brand_name).rstrip(" .,;:-")


def as_sentence(text: str, brand_name: str) -> str:
    """A primary-text form: tidy, ending like a sentence."""
    text = tidy(text, brand_name).rstrip(" ,;:-")
    if text and text[-1] not in ".!?…\"”»'":
        text += "."
    return text


def _keeps_conditions(fact: Fact, dropped: list[str]) -> bool:
    if fact.kind not in CONDITIONAL_KINDS:
        return True
    return not any(_first_word(part) in CONDITIONS or re.search(r"\d", part)
                   for part in dropped)


def _stands_apart(pieces: list[str]) -> bool:
    """Whether a sentence's clauses can be used one by one: not a list ("napkins,
    placemats, coasters"), not governed by an opening condition ("On the rare occasion …, we
    …")."""
    if len(pieces) < 2 or _first_word(pieces[0]) in SUBORDINATE:
        return False
    short = sum(_word_count(p) <= 3 for p in pieces)
    return not (len(pieces) >= 3 and short * 2 > len(pieces))


def _cut_before_connector(text: str, limit: int) -> str | None:
    """The longest start of `text` within `limit` that ends before a connecting word."""
    tokens = text.split(" ")
    best = None
    for end in range(3, len(tokens)):
        if tokens[end].casefold().strip("\"“”'") not in CUT_BEFORE:
            continue
        head = " ".join(tokens[:end]).rstrip(" ,;:-")
        if len(head) > limit:
            break
        if _last_word(head) not in DANGLING and _word_count(head) >= 3:
            best = head
    return best


def headline_snippets(fact: Fact, brand_name: str, limit: int) -> list[Snippet]:
    """Headlines from a fact: its whole text, a sentence, a clause, or a cut before a
    connecting word; at least two words, within `limit` characters."""
    out: dict[str, Snippet] = {}
    parts = sentences(fact.text)
    opening = _word_key(fact.text)

    def add(text: str, whole: bool) -> None:
        headline = as_headline(text, brand_name)
        if (len(headline) <= limit and _word_count(headline) >= 2
                and _first_word(headline) not in LEANING
                and _last_word(headline) not in DANGLING):
            opens = opening.startswith(_word_key(headline))
            out.setdefault(headline.casefold(), Snippet(headline, fact, whole, opens))

    add(fact.text, True)
    for sentence in parts:
        add(sentence, len(parts) == 1)
        pieces = clauses(sentence)
        for index, piece in enumerate(pieces if _stands_apart(pieces) else []):
            dropped = pieces[:index] + pieces[index + 1:]
            # A later clause must say something by itself ("loved by 355,852 members").
            if _keeps_conditions(fact, dropped) and (index == 0 or _word_count(piece) >= 3):
                add(piece, False)
        first = as_headline(pieces[0], brand_name) if pieces else ""
        if fact.kind in CUTTABLE_KINDS and len(first) > limit:
            cut = _cut_before_connector(first, limit)
            if cut and _first_word(cut) not in LEANING:
                add(cut, False)
    return list(out.values())


def body_snippets(fact: Fact, brand_name: str, limit: int) -> list[Snippet]:
    """Primary texts from a fact: the whole text, or its first sentences, or (not for
    offers and guarantees) its first clauses followed by "…"; within `limit` characters."""
    out: list[Snippet] = []
    parts = sentences(fact.text)
    if len(parts) > 1 and _word_count(parts[0]) == 1:  # "Yes. Every plan …" (an answer)
        parts = parts[1:]
        fact_text = " ".join(parts)
    else:
        fact_text = fact.text
    whole = as_sentence(fact_text, brand_name)
    if len(whole) <= limit:
        return [Snippet(whole, fact, fact_text == fact.text)]
    for count in range(len(parts) - 1, 0, -1):
        text = as_sentence(" ".join(parts[:count]), brand_name)
        if len(text) <= limit:
            out.append(Snippet(text, fact, False))
            break
    if not out and fact.kind not in CONDITIONAL_KINDS and parts:
        for start in clause_prefixes(parts[0]):
            text = tidy(start, brand_name) + "…"
            if len(text) <= limit and _last_word(text) not in DANGLING:
                out.append(Snippet(text, fact, False))
                break
    return out


def description_snippets(fact: Fact, brand_name: str, limit: int) -> list[Snippet]:
    """Short lines for the description: whole sentences or clauses within `limit`."""
    return [s for s in headline_snippets(fact, brand_name, limit) if s.whole or s.opens]


@dataclass(frozen=True, slots=True)
class Quote:
    """A testimonial ready to print: the customer's words (abridged with "…" if needed)."""

    text: str
    author: str
    fact: Fact
    whole: bool


def testimonial_author(fact: Fact) -> str:
    """The author as the testimonial fact names them ("quote — author"), or ""."""
    text, quote = normalize(fact.text), normalize(fact.quote)
    if text.startswith(quote):
        match = re.match(r"\s*-\s*(.+)$", text[len(quote):])
        if match:
            return match.group(1).strip()
    return ""


def quote_snippets(fact: Fact, limit: int) -> list[Quote]:
    """The testimonial quoted verbatim with its author, “…” — Author, within `limit`;
    abridged to its first sentences (or clauses) with "…" when the whole is too long."""
    author = testimonial_author(fact)
    words = normalize(fact.quote)
    attribution = f" — {author}" if author else ""
    room = limit - len(attribution) - 2  # the quotation marks

    def fits(text: str) -> bool:
        return 0 < len(text) <= room

    if fits(words):
        return [Quote(words, author, fact, True)]
    plain = re.sub(r"\s*…$", "", words)
    parts = sentences(plain)
    for count in range(len(parts) - 1, 0, -1):
        text = " ".join(parts[:count]).rstrip(" .") + "…"
        if fits(text):
            return [Quote(text, author, fact, False)]
    for start in clause_prefixes(parts[0]) if parts else []:
        text = start + "…"
        if fits(text) and _last_word(text) not in DANGLING:
            return [Quote(text, author, fact, False)]
    return []


def render_quote(quote: Quote) -> str:
    return f"“{quote.text}”" + (f" — {quote.author}" if quote.author else "")
