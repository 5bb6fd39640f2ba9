"""Cut a text block into the passages a fact can quote: sentences, with fragments kept together.

A passage is always an exact slice of its block's text, so its quote is in the page's text.
Marketing copy is full of fragments ("WATCH ANYWHERE. CANCEL ANYTIME.", "No commitment. Cancel
online anytime."); a fragment of up to four words stays with its neighbours instead of
becoming a fact of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brandtruth_desktop.core.extract.document import TextBlock

ABBREVIATIONS = frozenset({
    "inc", "ltd", "co", "corp", "llc", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "eg",
    "ie", "no", "nos", "jr", "sr", "approx", "dept", "fig", "sat", "sun", "mon", "tue", "wed",
    "thu", "fri", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "sra", "dña", "avda", "núm", "pág", "ca", "min", "max", "incl", "cholest",
})
# A sentence ends at . ! ? … followed by a space and something that can start a sentence.
BOUNDARY = re.compile(r"(?<=[.!?…])([\"'”’»)\]]*)\s+(?=[\"'“‘«¿¡(\[]?[A-ZÀ-ÖØ-ÞА-Я0-9])")
# Separators that end a clause in copy: "Recommended by 100% | Rated …", "A · B", "A • B".
SEPARATOR = re.compile(r"\s+[|·•]\s+")
FRAGMENT_WORDS = 4
CALL_TO_ACTION = re.compile(
    r"(?:\s*[-–—|·•]?\s*(?:learn more|read more|find out more|see more|more info(?:rmation)?|"
    r"details|see details|click here|más información|leer más|saber más|ver más|en savoir plus|"
    r"mehr erfahren|(?:see|view|read) (?:the )?(?:complete|full|all|more) \w+(?: \w+)?)"
    r"\s*[»›→>]*\.?"
    r"|\s+(?:see|view|read|shop|browse|explore|discover) (?:the |all |our )?(?:complete |full |"
    r"more )?\w+(?: \w+)?\s*[»›→])+\s*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Passage:
    """A slice of a block's text that may become a fact's quote."""

    block: TextBlock
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]


def sentence_spans(text: str, breaks: tuple[int, ...] = (), *, split_breaks: bool = True) -> list[
        tuple[int, int]]:
    """Start and end offsets of each sentence in `text`."""
    cuts: list[tuple[int, int]] = []  # (end of previous sentence, start of next)
    for match in BOUNDARY.finditer(text):
        before = text[:match.start()]
        word = re.search(r"([\w.]+)[.]$", before)
        if word:
            token = word.group(1).lower().rstrip(".")
            # Initials ("Lee K."), abbreviations ("Inc.") and decimals do not end sentences.
            if (token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())
                    or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token)):
                continue
        cuts.append((match.end(1), match.end()))
    for match in SEPARATOR.finditer(text):
        cuts.append((match.start(), match.end()))
    if split_breaks:
        for offset in breaks:
            if offset < len(text) and (text[offset].isupper() or text[offset].isdigit()):
                cuts.append((offset, offset))
    cuts.sort()
    spans: list[tuple[int, int]] = []
    position = 0
    for end, start in cuts:
        if end <= position:
            position = max(position, start)
            continue
        spans.append((position, end))
        position = start
    if position < len(text):
        spans.append((position, len(text)))
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in spans) if b > a]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    return start, end


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def passages(block: TextBlock, *, max_words: int = 60) -> list[Passage]:
    """The block's sentences with short fragments merged into their neighbours."""
    text = block.text
    spans = sentence_spans(text, block.breaks, split_breaks=not block.heading_level)
    if not spans:
        return []
    merged: list[list[int]] = []
    pending_start: int | None = None  # fragments waiting for a full sentence after them
    for start, end in spans:
        fragment = _words(text[start:end]) <= FRAGMENT_WORDS
        if fragment:
            # "Need private repositories? Plans start at $7." – a question leads into what follows.
            leads_on = text[start:end].rstrip().endswith("?")
            if merged and pending_start is None and not leads_on and (
                    _words(text[merged[-1][0]:end]) <= max_words):
                merged[-1][1] = end
            elif pending_start is None:
                pending_start = start
            continue
        if pending_start is not None and _words(text[pending_start:end]) <= max_words:
            merged.append([pending_start, end])
        else:
            if pending_start is not None:
                merged.append([pending_start, start])
            merged.append([start, end])
        pending_start = None
    if pending_start is not None:
        merged.append([pending_start, spans[-1][1]])
    out: list[Passage] = []
    for start, end in merged:
        start, end = _trim(text, start, end)
        cta = CALL_TO_ACTION.search(text, start, end)
        if cta and cta.start() > start and cta.end() == end:
            end = _trim(text, start, cta.start())[1]
        if end > start:
            out.append(Passage(block, start, end))
    return out
