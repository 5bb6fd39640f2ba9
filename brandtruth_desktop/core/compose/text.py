"""Text in a box: wrap, shrink to fit, report overflow, and draw with fallback fonts.

Layout happens once, at the format's full size, and is kept in relative units (fractions of
the canvas), so the 540-pixel preview breaks lines exactly where the export does. Widths are
measured at 100 px and scaled: FreeType's advances are linear in size (checked to 0.1 %).

Fitting: the largest size from the block's size down to its minimum at which the wrapped
lines fit the box; headlines are then balanced (no lone word on the last line). If even the
minimum size does not fit, long words are broken, the last line that fits ends in "…", and
the layout says how many characters were hidden: overflow is reported, never silent.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw

from brandtruth_desktop.core.compose.fonts import EMOJI_STRIKE, Face, FontBook
from brandtruth_desktop.core.compose.runs import (
    Run,
    clusters,
    itemize,
    paragraph_rtl,
    visual_order,
)

ELLIPSIS = "…"
_SPACES = re.compile(r"(\s+)")
_NO_LINE_START = set("、。，．・：；？！ー）」』】〕〉》”’)]}!?,.:;%")
_NO_LINE_END = set("（「『【〔〈《“‘([{")


@dataclass(frozen=True, slots=True)
class TextLayout:
    """Lines and size of one text block, relative to the canvas (height for sizes and
    vertical positions, width for horizontal ones)."""

    lines: tuple[str, ...]
    size: float
    line_height: float
    top: float
    baseline: float  # from a line's top to its baseline, as a fraction of the canvas height
    widths: tuple[float, ...]
    rtl: bool
    overflow: bool
    hidden: int
    shrunk: bool


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    space: str
    hard_break: bool
    width: float  # per pixel of font size
    space_width: float


_LINE_BREAKS = {"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n",
                "\r\n": "\n", "\r": "\n"}


def clean_text(text: str) -> str:
    """Text as it can be laid out: line and paragraph separators become newlines, other
    spaces (tabs, no-break, thin …) plain spaces, and control, surrogate, private-use and
    unassigned characters are dropped. Joiners and direction marks stay."""
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    kept = []
    for ch in text:
        if ch == "\n":
            kept.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn"):
            if ch == "\t":
                kept.append(" ")
            continue
        kept.append(" " if category == "Zs" else ch)
    return "".join(kept)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF
    )


def _split_words(text: str) -> list[tuple[str, str, bool]]:
    """(word, trailing spaces, newline after) with a break allowed after each; Chinese and
    Japanese, written without spaces, may break between characters (not before closing or
    after opening punctuation)."""
    result: list[tuple[str, str, bool]] = []
    paragraphs = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, paragraph in enumerate(paragraphs):
        parts = _SPACES.split(paragraph)
        start = len(result)
        for i in range(0, len(parts), 2):
            word = parts[i]
            space = parts[i + 1] if i + 1 < len(parts) else ""
            pieces: list[str] = []
            for cluster in clusters(word):
                if pieces and (
                    cluster[0] in _NO_LINE_START or pieces[-1][-1] in _NO_LINE_END
                    or not (_is_cjk(cluster[0]) or _is_cjk(pieces[-1][-1]))
                ):
                    pieces[-1] += cluster
                else:
                    pieces.append(cluster)
            if not pieces:
                if space and result[start:]:
                    word_, space_, _ = result[-1]
                    result[-1] = (word_, space_ + space, False)
                continue
            result.extend((piece, "", False) for piece in pieces[:-1])
            result.append((pieces[-1], space, False))
        if len(result) == start:
            result.append(("", "", False))
        if index < len(paragraphs) - 1:
            word, space, _ = result[-1]
            result[-1] = (word, space, True)
    return result


def run_width(fonts: FontBook, run: Run, size: float) -> float:
    """The advance of `run` at `size` pixels."""
    try:
        if run.face.emoji:
            font = fonts.font(run.face, EMOJI_STRIKE)
            return font.getlength(run.text) * size / EMOJI_STRIKE
        font = fonts.font(run.face, size)
        return font.getlength(run.text, direction="rtl" if run.rtl else "ltr")
    except (RuntimeError, OSError, ValueError):  # text RAQM cannot lay out: drawn as nothing
        return 0.0


def unit_width(fonts: FontBook, text: str, family: str, weight: int) -> float:
    """Width of `text` per pixel of font size."""
    key = ("w", text, family, weight)
    found = fonts.memo.get(key)
    if found is None:
        runs = itemize(text, fonts.chain(family, weight), fonts)
        found = fonts.memo.put(key, sum(run_width(fonts, run, 100.0) for run in runs) / 100.0)
    return float(found)


def _tokens(fonts: FontBook, text: str, family: str, weight: int) -> list[_Token]:
    return [
        _Token(word, space, hard, unit_width(fonts, word, family, weight),
               unit_width(fonts, space, family, weight) if space else 0.0)
        for word, space, hard in _split_words(text)
    ]


def _wrap(tokens: list[_Token], max_units: float, break_long: bool,
          fonts: FontBook, family: str, weight: int) -> list[tuple[str, float]]:
    """Greedy wrapping: (line text, width per pixel of size) for each line."""
    lines: list[tuple[str, float]] = []
    text, width, pending = "", 0.0, ""
    pending_width = 0.0
    started = False

    def push() -> None:
        nonlocal text, width, started
        lines.append((text, width))
        text, width, started = "", 0.0, False

    for token in tokens:
        pieces = [(token.text, token.width)]
        if break_long and token.width > max_units:
            pieces = [(c, unit_width(fonts, c, family, weight)) for c in clusters(token.text)]
        for piece, piece_width in pieces:
            if started and width + pending_width + piece_width > max_units * 1.0001:
                push()
                pending, pending_width = "", 0.0
            text += pending + piece
            width += pending_width + piece_width
            pending, pending_width = "", 0.0
            started = True
        pending, pending_width = token.space, token.space_width
        if token.hard_break:
            push()
            pending, pending_width = "", 0.0
    if started or not lines:
        push()
    return lines


def fit_text(
    fonts: FontBook, text: str, *, family: str, weight: int, box_px: tuple[float, float],
    size_px: float, min_px: float, line_spacing: float, balance: bool = False,
) -> tuple[list[tuple[str, float]], float, bool, int]:
    """Lines (text, width per pixel of size), the chosen size in pixels, overflow, hidden chars."""
    box_w, box_h = max(1.0, box_px[0]), max(1.0, box_px[1])
    min_px = max(1.0, min(min_px, size_px))
    tokens = _tokens(fonts, text, family, weight)

    def attempt(size: float, break_long: bool = False) -> list[tuple[str, float]] | None:
        lines = _wrap(tokens, box_w / size, break_long, fonts, family, weight)
        if len(lines) * size * line_spacing > box_h * 1.0001:
            return None
        if any(width * size > box_w * 1.0001 for _, width in lines):
            return None
        return lines

    best = attempt(size_px)
    size = size_px
    if best is None:
        low, high = min_px, size_px
        best = attempt(low)
        if best is not None:
            size = low
            for _ in range(12):
                if high - low < 0.25:
                    break
                middle = (low + high) / 2
                found = attempt(middle)
                if found is not None:
                    best, size, low = found, middle, middle
                else:
                    high = middle
    if best is None:
        return _overflowing(fonts, tokens, text, family, weight, box_w, box_h, min_px,
                            line_spacing)
    if balance and len(best) > 1:
        best = _balanced(tokens, best, size, box_w, fonts, family, weight)
    return best, size, False, 0


def _balanced(tokens: list[_Token], lines: list[tuple[str, float]], size: float, box_w: float,
              fonts: FontBook, family: str, weight: int) -> list[tuple[str, float]]:
    """The narrowest wrapping with the same number of lines: even line lengths."""
    count = len(lines)
    low, high = max(width for _, width in lines) * 0.5, box_w / size
    for _ in range(10):
        middle = (low + high) / 2
        if len(_wrap(tokens, middle, False, fonts, family, weight)) <= count:
            high = middle
        else:
            low = middle
    candidate = _wrap(tokens, high, False, fonts, family, weight)
    return candidate if len(candidate) <= count else lines


def _overflowing(
    fonts: FontBook, tokens: list[_Token], text: str, family: str, weight: int,
    box_w: float, box_h: float, size: float, line_spacing: float,
) -> tuple[list[tuple[str, float]], float, bool, int]:
    lines = _wrap(tokens, box_w / size, True, fonts, family, weight)
    room = max(1, math.floor(box_h * 1.0001 / (size * line_spacing)))
    if len(lines) <= room and all(w * size <= box_w * 1.0001 for _, w in lines):
        return lines, size, False, 0
    kept = lines[:room]
    last = kept[-1][0].rstrip()
    for cut in range(len(last), -1, -1):
        candidate = last[:cut].rstrip() + ELLIPSIS
        width = unit_width(fonts, candidate, family, weight)
        if width * size <= box_w * 1.0001 or cut == 0:
            kept[-1] = (candidate, width)
            break
    shown = "".join(line for line, _ in kept).replace(ELLIPSIS, "")
    hidden = max(1, len("".join(text.split())) - len("".join(shown.split())))
    return kept, size, True, hidden


def layout_text(
    fonts: FontBook, text: str, *, family: str, weight: int, box: tuple[float, float, float, float],
    canvas: tuple[int, int], size: float, min_size: float, line_spacing: float, valign: str,
    balance: bool = False,
) -> TextLayout:
    """Fit `text` in `box` (relative x, y, w, h) on a canvas of `canvas` pixels (the format's
    full size); `size` and `min_size` are fractions of the canvas height."""
    key = ("layout", text, family, weight, box, canvas, size, min_size, line_spacing, valign,
           balance)
    found = fonts.memo.get(key)
    if isinstance(found, TextLayout):
        return found
    text = clean_text(text)
    width, height = canvas
    _x, y, w, h = box
    lines, size_px, overflow, hidden = fit_text(
        fonts, text, family=family, weight=weight, box_px=(w * width, h * height),
        size_px=size * height, min_px=min_size * height, line_spacing=line_spacing,
        balance=balance,
    )
    rtl = paragraph_rtl(text)
    ascent, descent = fonts.metrics(_main_face(fonts, text, family, weight))
    line_px = size_px * line_spacing
    baseline_px = (line_px - (ascent + descent) * size_px) / 2 + ascent * size_px
    block_px = line_px * len(lines)
    free = max(0.0, h * height - block_px)
    offset = {"top": 0.0, "middle": free / 2, "bottom": free}.get(valign, 0.0)
    layout = TextLayout(
        lines=tuple(line for line, _ in lines),
        size=size_px / height,
        line_height=line_px / height,
        top=y + offset / height,
        baseline=baseline_px / height,
        widths=tuple(units * size_px / width for _, units in lines),
        rtl=rtl,
        overflow=overflow,
        hidden=hidden,
        shrunk=size_px < size * height - 0.01,
    )
    fonts.memo.put(key, layout)
    return layout


def _main_face(fonts: FontBook, text: str, family: str, weight: int) -> Face:
    """The face of the first run with a letter in it: its metrics set the baseline."""
    chain = fonts.chain(family, weight)
    for run in itemize(text[:200], chain, fonts):
        if any(ch.isalpha() for ch in run.text) and not run.face.emoji:
            return run.face
    return chain[0]


def line_x(align: str, rtl: bool, box_x: float, box_w: float, line_w: float) -> float:
    """Where a line of `line_w` starts in its box (relative units); START and END follow the
    paragraph's direction."""
    if align == "start":
        align = "right" if rtl else "left"
    elif align == "end":
        align = "left" if rtl else "right"
    if align == "center":
        return box_x + (box_w - line_w) / 2
    if align == "right":
        return box_x + box_w - line_w
    return box_x


def visual_runs(fonts: FontBook, line: str, family: str, weight: int, rtl: bool) -> list[Run]:
    key = ("runs", line, family, weight, rtl)
    found = fonts.memo.get(key)
    if found is None:
        runs = visual_order(itemize(line, fonts.chain(family, weight), fonts), rtl)
        found = fonts.memo.put(key, runs)
    return list(found)


def draw_line(
    image: Image.Image, draw: ImageDraw.ImageDraw, fonts: FontBook, runs: list[Run],
    x: float, baseline: float, size: float, fill: tuple[int, int, int],
) -> float:
    """Draw `runs` (display order) from `x` on `baseline`, in pixels; returns the end x."""
    for run in runs:
        if run.face.emoji:
            x += _draw_emoji(image, fonts, run.text, x, baseline, size)
            continue
        font = fonts.font(run.face, size)
        direction = "rtl" if run.rtl else "ltr"
        try:
            draw.text((x, baseline), run.text, fill=fill, font=font, anchor="ls",
                      direction=direction)
        except (RuntimeError, OSError, ValueError):
            continue  # run_width measured it as nothing too
        x += font.getlength(run.text, direction=direction)
    return x


def _draw_emoji(image: Image.Image, fonts: FontBook, text: str, x: float, baseline: float,
                size: float) -> float:
    """Colour emoji: drawn at the font's one bitmap size, scaled to `size`, and cached."""
    scale = size / EMOJI_STRIKE
    key = ("emoji", text, round(size * 4))
    found = fonts.memo.get(key)
    if found is None:
        font = fonts.font(fonts.emoji_face(), EMOJI_STRIKE)
        ascent, descent = font.getmetrics()
        width = max(1, math.ceil(font.getlength(text)))
        big = Image.new("RGBA", (width, ascent + descent))
        ImageDraw.Draw(big).text((0, ascent), text, font=font, anchor="ls",
                                 embedded_color=True)
        small = big.resize(
            (max(1, round(width * scale)), max(1, round((ascent + descent) * scale))),
            Image.Resampling.LANCZOS,
        )
        found = fonts.memo.put(key, (small, ascent * scale, font.getlength(text) * scale))
    small, ascent_px, advance = found
    image.paste(small, (round(x), round(baseline - ascent_px)), small)
    return float(advance)
