"""What a piece of ad copy claims that a fact must back, and whether given facts back it.

Six kinds of claim are found in copy: figures (numbers, percentages, prices, durations, and
number words such as "thousands"), superlatives ("best", "#1", "most flexible", "the only"),
guarantees, time promises ("in minutes", "same-day"), quotations, and names (capitalised words
that are not ordinary words: customers, people, organisations, places).

Figures are compared by value, so "10,000", "10000", "10.000" and "10k" are the same number,
"99.9%" and "99.9 percent" the same percentage, "5.0" and "5" the same rating. A price must
carry the same currency in the fact. Everything else is compared on case-folded text with
apostrophes, quotation marks and dashes unified.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from brandtruth_desktop.core.copy.common_words import COMMON_WORDS

_UNIFY = str.maketrans({
    "’": "'", "‘": "'", "´": "'", "`": "'", "ʼ": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "–": "-", "—": "-", "‑": "-", "‒": "-", "−": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})


def normalize(text: str) -> str:
    """Text with quotes, apostrophes, dashes, ellipses and spaces unified; case kept."""
    unified = unicodedata.normalize("NFC", text).translate(_UNIFY).replace("...", "…")
    return re.sub(r"\s+", " ", unified).strip()


def fold(text: str) -> str:
    """`normalize`d and case-folded: the form in which copy and facts are compared."""
    return normalize(text).casefold()


def words(text: str) -> list[str]:
    """Case-folded runs of letters and digits; "don't" is one word, "network's" is
    "network"."""
    found = re.findall(r"[^\W_]+(?:'[^\W_]+)*", fold(text))
    return [w[:-2] if w.endswith("'s") else w for w in found]


# --- figures -----------------------------------------------------------------------------

_CURRENCY_WORDS = {
    "usd": "$", "us$": "$", "dollar": "$", "dollars": "$", "eur": "€", "euro": "€",
    "euros": "€", "gbp": "£", "pound": "£", "pounds": "£", "jpy": "¥", "inr": "₹",
}
_MULTIPLIERS = {
    "k": 1_000, "thousand": 1_000, "mil": 1_000, "m": 1_000_000, "million": 1_000_000,
    "millón": 1_000_000, "millones": 1_000_000, "bn": 1_000_000_000,
    "billion": 1_000_000_000,
}
_TIME_UNITS = (r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|"
               r"years?|yrs?|segundos?|minutos?|horas?|d[ií]as?|semanas?|meses|mes|a[nñ]os?")
FIGURE = re.compile(
    r"(?P<pre>[$€£¥₹]|\b(?:USD|EUR|GBP|US\$)\s?)?\s?"
    r"(?P<num>\d{1,3}(?: \d{3})+(?![\d.,])|\d[\d.,]*\d|\d)"
    r"(?:(?P<short>[kKmM]|bn|BN)\b|\s?(?P<word>thousand|million|billion|millones|millón|mil)"
    r"\b)?"
    r"(?P<pct>\s?%|\s(?:percent|per cent|por ciento)\b)?"
    r"(?P<post>\s?[€$£]|\s(?:USD|EUR|GBP|dollars?|euros?|pounds?)\b)?"
    r"(?P<unit>(?:\s?-\s?|\s)(?:(?:business|working)\s)?(?:" + _TIME_UNITS + r")\b)?",
    re.I,
)
_RANK = re.compile(r"#\s?1\b|\bno\.?\s?1\b|\bn[º°o]\s?1\b|\bnumber\s+one\b|\bn[uú]mero\s+uno\b",
                   re.I)
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "dozen": 12, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "cien": 100, "ciento": 100,
}
QUANTITY_WORDS = frozenset({
    "dozens", "hundreds", "thousands", "millions", "billions", "decenas", "cientos",
    "miles", "millones",
})


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as written, its value, and what it is (percentage, price, duration)."""

    text: str
    value: Decimal
    percent: bool = False
    currency: str = ""
    duration: bool = False

    @property
    def kind(self) -> str:
        if self.percent:
            return "percentage"
        if self.currency:
            return "price"
        if self.duration:
            return "duration"
        return "number"


def _values(number: str) -> list[Decimal]:
    """The value(s) of a run of digits and separators: thousands groups or a decimal."""
    compact = number.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", compact):
        return [Decimal(compact.replace(",", ""))]
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", compact):
        return [Decimal(compact.replace(".", "").replace(",", "."))]
    if re.fullmatch(r"\d{1,3}(?: \d{3})+", number):
        return [Decimal(compact)]
    if re.fullmatch(r"\d+[.,]\d+", compact):
        return [Decimal(compact.replace(",", "."))]
    try:
        return [Decimal(part) for part in re.split(r"[.,\s]+", number) if part]
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return []


def _masked(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def figures(text: str) -> list[Figure]:
    """Every number in the text (not those inside words like "mp3", nor "#1" ranks)."""
    text = _masked(normalize(text), _RANK)
    found: list[Figure] = []
    for match in FIGURE.finditer(text):
        start = match.start("num")
        if start > 0 and text[start - 1].isalpha():
            continue  # part of a word: "mp3", "B2B" (see `coded_words`)
        currency = (match.group("pre") or match.group("post") or "").strip()
        currency = _CURRENCY_WORDS.get(currency.casefold(), currency)
        scale = (match.group("short") or match.group("word") or "").casefold()
        for value in _values(match.group("num")):
            found.append(Figure(
                text=match.group(0).strip(),
                value=(value * _MULTIPLIERS.get(scale, 1)).normalize(),
                percent=bool(match.group("pct")),
                currency=currency,
                duration=bool(match.group("unit")),
            ))
    return found


def number_words(text: str) -> list[str]:
    """Numbers written as words ("three", "thousands"), outside figures like "5 million"."""
    plain = _masked(_masked(normalize(text), _RANK), FIGURE)
    return [w for w in words(plain) if w in NUMBER_WORDS or w in QUANTITY_WORDS]


def coded_words(text: str) -> list[str]:
    """Words that mix letters with digits ("B2B", "mp3", "iPhone7"): names or specs."""
    return [w for w in words(text)
            if re.search(r"\d", w) and re.match(r"[^\W\d_]", w)]


# --- phrases: superlatives, guarantees, time promises --------------------------------------

def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


SUPERLATIVE = _any(
    _RANK.pattern,
    r"\b(?:best|greatest|largest|biggest|fastest|cheapest|lowest|highest|strongest|smartest|"
    r"safest|easiest|finest|quickest|simplest|healthiest|freshest|tastiest|cleanest|"
    r"most (?!of\b|people\b|likely\b|often\b|recent\w*\b|importantly\b)[^\W\d_]{3,}|"
    r"least [^\W\d_]{3,})\b",
    r"\b(?:industry[- ])?leading\b", r"\bworld'?s\b", r"\bworld[- ]class\b",
    r"\b(?:best|top)[- ](?:selling|rated)\b", r"\bunbeatable\b", r"\bunmatched\b",
    r"\bunrivall?ed\b", r"\bunparalleled\b", r"\bsecond to none\b",
    r"\bthe only\b", r"\bour only\b", r"\bonly one\b", r"\bno other\b",
    r"\bbetter than\b", r"\bmore than any\b", r"\bunlike (?:any|other)\b",
    r"\b(?:el|la|los|las) (?:mejor(?:es)?|m[aá]s [^\W\d_]{3,})\b", r"\bmejor(?:es)?\b",
    r"\bl[ií]der(?:es)?\b", r"\bel [uú]nico\b", r"\bla [uú]nica\b",
)
GUARANTEE = _any(
    r"\bguarant\w*", r"\bgarant\w*", r"\bmoney[- ]back\b", r"\bwarrant(?:y|ies|ed)\b",
    r"\brisk[- ]free\b", r"\bno questions asked\b", r"\breembolso\b", r"\bfull refund\b",
)
OFFER = _any(
    r"(?<!feel )(?<!-)\bfree\b(?![- ](?:from|of|to)\b)", r"\b[^\W\d_]+-free\b",
    r"\bgratis\b", r"\bgratuit[oa]s?\b", r"\bdiscount(?:s|ed)?\b", r"\bdescuentos?\b",
    r"\bon sale\b", r"\bcoupons?\b", r"\bpromo(?:tion(?:al)?)? codes?\b",
    r"\bbogo\b", r"\bbuy one,? get one\b",
)
TIME_PROMISE = _any(
    r"\b(?:in|within|under)\s+(?:(?:just|only|a few)\s+)?(?:seconds|minutes|hours|days)\b",
    r"\b(?:in|within|under) (?:a|an|one) (?:minute|hour|day)\b", r"\bsame[- ]day\b",
    r"\bnext[- ]day\b", r"\bovernight\b", r"\binstant(?:ly)?\b", r"\bin no time\b",
    r"\bal instante\b", r"\ben minutos\b",
)


def _phrase_key(kind: str, match: str) -> str:
    """A claim's canonical form, so that "guaranteed" is backed by "guarantee"."""
    folded = fold(match)
    if kind == "superlative" and _RANK.fullmatch(folded):
        return "#1"
    if kind == "guarantee":
        for stem in ("guarant", "garant", "warrant"):
            if folded.startswith(stem):
                return stem
    if kind == "superlative" and folded.endswith("leading"):
        return "leading"
    if kind == "offer":
        for stem in ("discount", "descuento", "coupon", "promo", "gratuit"):
            if folded.startswith(stem):
                return stem
    if kind == "time promise":
        unit = re.search(r"second|minute|hour|day|instant|overnight|no time|instante|minutos",
                         folded)
        qualifier = re.search(r"same|next", folded)
        return " ".join(m.group(0) for m in (qualifier, unit) if m)
    return re.sub(r"\s+", " ", folded).replace("-", " ")


PHRASE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("superlative", SUPERLATIVE), ("guarantee", GUARANTEE), ("offer", OFFER),
    ("time promise", TIME_PROMISE),
)


def phrase_claims(text: str) -> list[tuple[str, str, str]]:
    """(kind, as written, canonical key) for every superlative, guarantee, offer word ("free",
    "discount") and time promise."""
    text = normalize(text)
    return [(kind, m.group(0), _phrase_key(kind, m.group(0)))
            for kind, pattern in PHRASE_KINDS for m in pattern.finditer(text)]


# --- quotations --------------------------------------------------------------------------

QUOTED = re.compile(r'"([^"]+)"')
ELLIPSIS = re.compile(r"…|\[…\]|\(…\)")


def quotations(text: str) -> list[str]:
    """Text between paired double quotation marks (straight or curly, « »)."""
    return [q.strip() for q in QUOTED.findall(normalize(text)) if q.strip()]


def quote_pieces(quote: str) -> list[str]:
    """The verbatim pieces of an abridged quotation, as they must appear, in order."""
    pieces = (p.strip(" .,;:!?-") for p in ELLIPSIS.split(fold(quote)))
    return [p for p in pieces if re.search(r"[^\W_]", p)]


# --- names -------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['.&-][^\W_]+)*")
_SENTENCE_GAP = re.compile(r"[.!?:;\"(…|•-]")
# At the start of a sentence, a word with one of these endings is taken for an ordinary word
# ("Rockets for everyone", "Industry-leading tools"); elsewhere capitals mean a name.
_INFLECTED = re.compile(r"[^\W\d_]{3,}(?:s|ing|ed|ly|tion|sion|ment|ness|able|ible|ful|less|"
                        r"ize|ise|ity|ive|ous)$")


def name_words(text: str, ordinary: frozenset[str] | set[str]) -> list[list[str]]:
    """Runs of capitalised words that are not ordinary words, as written.

    Ordinary: in COMMON_WORDS, in `ordinary` (words the brand writes in lower case), a number
    word, written in lower case elsewhere in this text, or, first in a sentence, inflected
    like an ordinary word ("Rockets", "Setting"). Shouted text (all capitals) is left alone.
    """
    text = normalize(text)
    lower_here = {w.casefold() for w in _TOKEN.findall(text) if w[:1].islower()}
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        return []
    runs: list[list[str]] = []
    previous_end = -1
    token_end = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        folded = token.casefold()
        base = folded.split("'")[0]  # "Here's" → "here", "Dunkin'" → "dunkin"
        starts = not text[:match.start()].strip() or bool(
            _SENTENCE_GAP.search(text[token_end:match.start()]))
        token_end = match.end()
        is_name = (token[:1].isupper() and folded not in COMMON_WORDS
                   and base not in COMMON_WORDS and base not in ordinary
                   and folded not in ordinary and folded not in lower_here
                   and folded not in NUMBER_WORDS and folded not in QUANTITY_WORDS
                   and not folded.isdigit()
                   and not (starts and _INFLECTED.search(folded)))
        if is_name:
            joined = runs and previous_end >= 0 and text[previous_end:match.start()] == " "
            if joined:
                runs[-1].append(token)
            else:
                runs.append([token])
            previous_end = match.end()
        else:
            previous_end = -1
    return runs


def ordinary_words(texts: Iterable[str]) -> set[str]:
    """Words written in lower case in these texts: ordinary words of the brand's language."""
    return {w.casefold() for text in texts for w in _TOKEN.findall(normalize(text))
            if w[:1].islower()}


# --- what facts back ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """The facts a variant cites, searchable for each kind of claim."""

    texts: tuple[str, ...]  # folded text and quote of each fact
    words: frozenset[str]
    figures: tuple[Figure, ...]
    number_words: frozenset[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Evidence:
        folded = tuple(fold(t) for t in texts if t)
        return cls(
            texts=folded,
            words=frozenset(w for t in folded for w in words(t)),
            figures=tuple(f for t in folded for f in figures(t)),
            number_words=frozenset(w for t in folded for w in number_words(t)),
        )

    def backs_figure(self, figure: Figure) -> bool:
        for known in self.figures:
            if known.value != figure.value or known.percent != figure.percent:
                continue
            if not figure.currency or known.currency == figure.currency:
                return True
        # "15 minutes" is backed by "fifteen minutes".
        return not (figure.percent or figure.currency) and any(
            NUMBER_WORDS.get(w) == figure.value for w in self.number_words)

    def backs_number_word(self, word: str) -> bool:
        if word in self.number_words:
            return True
        value = NUMBER_WORDS.get(word)
        return value is not None and any(
            f.value == value and not f.percent for f in self.figures)

    def backs_phrase(self, kind: str, key: str) -> bool:
        pattern = dict(PHRASE_KINDS)[kind]
        return any(_phrase_key(kind, m.group(0)) == key
                   for text in self.texts for m in pattern.finditer(text))

    def backs_quote(self, quote: str) -> bool:
        pieces = quote_pieces(quote)
        return bool(pieces) and any(_in_order(pieces, text) for text in self.texts)

    def backs_word(self, word: str) -> bool:
        return all(w in self.words for w in words(word))


def _in_order(pieces: list[str], text: str) -> bool:
    position = 0
    for piece in pieces:
        found = _find_phrase(text, piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def _find_phrase(text: str, phrase: str, start: int) -> int:
    """Where `phrase` starts in `text` at word boundaries (from `start`), or -1."""
    pattern = r"(?<![^\W_])" + re.escape(phrase) + r"(?![^\W_])"
    match = re.compile(pattern).search(text, start)
    return match.start() if match else -1


def iter_unique(items: Iterable[str]) -> Iterator[str]:
    """Items in order, each once."""
    seen: set[str] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item
