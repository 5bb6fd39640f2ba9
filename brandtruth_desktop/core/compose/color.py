"""Colours as the ads use them: hex parsing, WCAG luminance and contrast, ink choice.

WCAG 2.x relative luminance of sRGB and the contrast ratio (L1 + 0.05) / (L2 + 0.05) are what
the QA report measures and what the renderer aims for: 4.5 for body text, 3 for large text.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable, Sequence
from typing import Any

from PIL import Image

RGB = tuple[int, int, int]

BODY_CONTRAST = 4.5
LARGE_CONTRAST = 3.0
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)

_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def _channel_to_linear(value: int) -> float:
    c = value / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


LINEAR: tuple[float, ...] = tuple(_channel_to_linear(v) for v in range(256))
"""sRGB channel value (0-255) → linear light (0-1), the WCAG formula as a table."""


def parse_color(text: str) -> RGB:
    """"#1a2b3c", "1a2b3c" or "#abc" → (r, g, b); ValueError for anything else."""
    match = _HEX.fullmatch(text.strip())
    if not match:
        raise ValueError(f"“{text}” is not a colour; use a hex colour like #1A2B3C.")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def is_color(text: str) -> bool:
    return bool(_HEX.fullmatch(text.strip()))


def to_hex(rgb: Sequence[int]) -> str:
    r, g, b = (max(0, min(255, round(c))) for c in rgb[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


def luminance(rgb: Sequence[int]) -> float:
    """WCAG relative luminance (0 = black, 1 = white)."""
    return 0.2126 * LINEAR[rgb[0]] + 0.7152 * LINEAR[rgb[1]] + 0.0722 * LINEAR[rgb[2]]


def contrast(l1: float, l2: float) -> float:
    """WCAG contrast ratio of two relative luminances (1 to 21)."""
    high, low = (l1, l2) if l1 >= l2 else (l2, l1)
    return (high + 0.05) / (low + 0.05)


def color_contrast(a: Sequence[int], b: Sequence[int]) -> float:
    return contrast(luminance(a), luminance(b))


def mix(a: Sequence[int], b: Sequence[int], t: float) -> RGB:
    """`a` blended towards `b` by `t` (0 = a, 1 = b), in sRGB as Pillow composites."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def with_lightness(rgb: Sequence[int], lightness: float) -> RGB:
    """The same hue and saturation at HLS lightness `lightness` (0-1)."""
    h, _l, s = colorsys.rgb_to_hls(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255)
    r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, lightness)), s)
    return round(r * 255), round(g * 255), round(b * 255)


def lightness(rgb: Sequence[int]) -> float:
    return colorsys.rgb_to_hls(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255)[1]


def saturation(rgb: Sequence[int]) -> float:
    return colorsys.rgb_to_hls(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255)[2]


def dark_ink(brand: Sequence[int] | None = None) -> RGB:
    """A near-black ink, tinted with the brand's hue when there is one (reads as designed,
    not as default black)."""
    if brand is None or saturation(brand) < 0.15:
        return (17, 17, 17)
    return with_lightness(brand, 0.07)


def ink_candidates(brand: Sequence[int] | None = None) -> tuple[RGB, ...]:
    """Text colours to try, most preferred first: white, a tinted near-black, pure black
    (pure black is the last resort: only it reaches 4.5:1 on every mid-tone)."""
    return WHITE, dark_ink(brand), BLACK


def best_ink(background: Sequence[int], target: float, brand: Sequence[int] | None = None) -> RGB:
    """The most preferred ink that reaches `target` contrast on a flat `background`,
    else the one with the highest contrast."""
    candidates = ink_candidates(brand)
    for ink in candidates:
        if color_contrast(ink, background) >= target:
            return ink
    return max(candidates, key=lambda ink: color_contrast(ink, background))


def shade_for_contrast(color: Sequence[int], target: float, *, prefer_dark: bool = True) -> RGB:
    """`color`, darkened (or lightened) just enough that white (or dark) text on it reaches
    `target`. Used to turn a brand colour into a panel or button that text can sit on."""
    rgb: RGB = (color[0], color[1], color[2])
    ink = WHITE if prefer_dark else BLACK
    if color_contrast(rgb, ink) >= target:
        return rgb
    start = lightness(rgb)
    steps = 40
    for i in range(1, steps + 1):
        value = start * (1 - i / steps) if prefer_dark else start + (1 - start) * i / steps
        candidate = with_lightness(rgb, value)
        if color_contrast(candidate, ink) >= target:
            return candidate
    return BLACK if prefer_dark else WHITE


def percentile(values: Iterable[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank); 0.0 if empty."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, int(fraction * (len(ordered) - 1) + 0.5)))
    return ordered[index]


def pixels(image: Image.Image) -> list[Any]:
    """The pixel values of `image` in row order (tuples for RGB, ints for "L")."""
    flattened = getattr(image, "get_flattened_data", None)  # Pillow 12.1+; getdata before
    data = flattened() if flattened is not None else image.getdata()
    return list(data)
