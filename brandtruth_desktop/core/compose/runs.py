"""Splitting a line of text into runs: one font and one direction each, in display order.

A headline may mix Latin, Arabic, Chinese and emoji, and no single font has them all. Each
grapheme cluster (a base character with its combining marks, an emoji ZWJ sequence, a flag)
goes to the first face in the chain that has its base character; spaces and punctuation stay
with the run around them, so an Arabic phrase is shaped as one piece. Runs then get a
direction (the Unicode bidi classes, resolved per run) and are put in display order by the
bidi algorithm's reordering rule (L2), applied to runs: RAQM orders the text inside each run.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from brandtruth_desktop.core.compose.fonts import Face, FontBook

_ZWJ = "\u200d"
_KEYCAP = "\u20e3"
_VS16 = "\ufe0f"


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive text drawn with one face in one direction."""

    text: str
    face: Face
    rtl: bool


def is_rtl_char(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def _strong(ch: str) -> str | None:
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL"):
        return "R"
    if kind == "L":
        return "L"
    return None


def paragraph_rtl(text: str) -> bool:
    """The paragraph's direction from its first strong character (bidi rules P2, P3)."""
    for ch in text:
        strong = _strong(ch)
        if strong is not None:
            return strong == "R"
    return False


def _joins_previous(ch: str, previous: str) -> bool:
    code = ord(ch)
    if previous == _ZWJ or ch == _ZWJ:
        return True
    if unicodedata.category(ch) in ("Mn", "Me", "Mc"):
        return True
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0xE0020 <= code <= 0xE007F:
        return True  # variation selectors, emoji tag sequences (subdivision flags)
    return 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers


def clusters(text: str) -> list[str]:
    """Grapheme-like clusters: enough of UAX #29 to keep marks, ZWJ sequences, keycaps, skin
    tones and flag pairs together."""
    result: list[str] = []
    for ch in text:
        if result and _joins_previous(ch, result[-1][-1]):
            result[-1] += ch
            continue
        last = result[-1] if result else ""
        if (
            _is_regional(ch) and last and _is_regional(last[-1])
            and sum(1 for c in last if _is_regional(c)) == 1
        ):
            result[-1] += ch  # the second letter of a flag
            continue
        result.append(ch)
    return result


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _wants_emoji(cluster: str) -> bool:
    base = ord(cluster[0])
    return (
        _VS16 in cluster or _KEYCAP in cluster or _ZWJ in cluster
        or base >= 0x1F000 or _is_regional(cluster[0])
    )


def _is_neutral(cluster: str) -> bool:
    return unicodedata.category(cluster[0])[0] in ("Z", "P", "S", "N", "C") and not (
        _wants_emoji(cluster)
    )


def _pick_face(cluster: str, chain: tuple[Face, ...], fonts: FontBook) -> Face:
    base = ord(cluster[0])
    if _wants_emoji(cluster):
        emoji = chain[-1]
        if base in fonts.coverage(emoji) or _KEYCAP in cluster:
            return emoji
    for face in chain:
        if not face.emoji and base in fonts.coverage(face):
            return face
    if base in fonts.coverage(chain[-1]):
        return chain[-1]
    return chain[0]  # nothing has it: the family's own .notdef, and `missing` reports it


def itemize(text: str, chain: tuple[Face, ...], fonts: FontBook) -> list[Run]:
    """Runs in logical (reading) order; each run's direction resolved from its characters."""
    if not text:
        return []
    parts = clusters(text)
    faces: list[Face | None] = [
        None if _is_neutral(c) else _pick_face(c, chain, fonts) for c in parts
    ]
    # Neutrals (spaces, punctuation, digits) stay with a neighbour whose face has them.
    for i, cluster in enumerate(parts):
        if faces[i] is not None:
            continue
        before = next((faces[j] for j in range(i - 1, -1, -1) if faces[j] is not None), None)
        after = next((faces[j] for j in range(i + 1, len(parts)) if faces[j] is not None), None)
        base = ord(cluster[0])
        for candidate in (before, after):
            if candidate is not None and not candidate.emoji and base in fonts.coverage(candidate):
                faces[i] = candidate
                break
        else:
            faces[i] = _pick_face(cluster, chain, fonts)
    pieces: list[tuple[str, Face]] = []
    for cluster, face in zip(parts, faces, strict=True):
        assert face is not None
        if pieces and pieces[-1][1] == face:
            pieces[-1] = (pieces[-1][0] + cluster, face)
        else:
            pieces.append((cluster, face))
    return _directions(pieces, paragraph_rtl(text))


def _directions(pieces: list[tuple[str, Face]], base_rtl: bool) -> list[Run]:
    strong: list[bool | None] = []
    for piece, _face in pieces:
        kinds = {_strong(ch) for ch in piece} - {None}
        strong.append(None if not kinds else (True if kinds == {"R"} else
                                               False if kinds == {"L"} else base_rtl))
    runs = []
    for i, (piece, face) in enumerate(pieces):
        rtl = strong[i]
        if rtl is None:
            before = next((strong[j] for j in range(i - 1, -1, -1) if strong[j] is not None), None)
            after = next((strong[j] for j in range(i + 1, len(pieces)) if strong[j] is not None),
                         None)
            rtl = before if before is not None and before == after else base_rtl
        runs.append(Run(piece, face, rtl))
    return runs


def visual_order(runs: list[Run], base_rtl: bool) -> list[Run]:
    """Runs left to right as displayed (bidi rule L2 applied to whole runs)."""
    if not runs:
        return []
    levels = [(1 if run.rtl else 0) if not base_rtl else (1 if run.rtl else 2) for run in runs]
    order = list(range(len(runs)))
    for level in range(max(levels), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return [runs[i] for i in order]


def missing_characters(text: str, chain: tuple[Face, ...], fonts: FontBook) -> str:
    """Characters no face in the chain has (they would draw as boxes): for the QA report."""
    missing = []
    for cluster in clusters(text):
        base = ord(cluster[0])
        if unicodedata.category(cluster[0])[0] in ("Z", "C"):
            continue
        if not any(base in fonts.coverage(face) for face in chain):
            missing.append(cluster[0])
    return "".join(dict.fromkeys(missing))
