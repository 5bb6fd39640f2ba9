"""The QA report of a render, measured on the pixels just drawn; stored with the render.

For every text block: the WCAG contrast ratio against the pixels behind its lines (the canvas
before text was drawn), reported as the ratio 95 % of those pixels reach, with the minimum
and median beside it; whether it meets 4.5 (3 for large headlines). The figures are counted
over every pixel when the pixels behind a block have at most DISTINCT colours (flat panels,
scrims, smooth photos: nearly every ad), else over about SAMPLES evenly spread point samples.
Never over averaged pixels: averaging hides thin bright or dark detail (a striped photo read
as 27 % more contrast than it has), and the report must not be kinder than the picture.

For the ad: the share of the canvas covered by text, overflow (text that did not fit even at
its smallest size), 9:16 safe-zone violations, the logo's clear space, characters no font
could draw, and the photo's resolution against the size it is shown at (upscaling is a
warning).

`passed` is true only when nothing in `problems` needs a person's attention.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, cast

from PIL import Image, ImageDraw

from brandtruth_desktop.core.compose.color import (
    LINEAR,
    contrast,
    luminance,
    pixels,
    to_hex,
)
from brandtruth_desktop.core.compose.fonts import FontBook
from brandtruth_desktop.core.compose.formats import get_format
from brandtruth_desktop.core.compose.picture import Assets, RenderCache
from brandtruth_desktop.core.compose.renderer import Composition, PixelBox, PlacedText, compose
from brandtruth_desktop.core.compose.runs import missing_characters
from brandtruth_desktop.core.compose.spec import LayoutSpec
from brandtruth_desktop.core.compose.text import clean_text

QA_VERSION = 1
SAMPLES = 4096
DISTINCT = 4096
"""Up to this many distinct colours behind a block, contrast is counted over every pixel."""


@dataclass(frozen=True, slots=True)
class TextCheck:
    """One text block (or the CTA label) as measured."""

    role: str
    text: str
    color: str
    contrast: float
    contrast_min: float
    contrast_median: float
    required: float
    large: bool
    passes: bool
    font_px: float
    lines: int
    shrunk: bool
    overflow: bool
    hidden_chars: int
    missing_glyphs: str


@dataclass(frozen=True, slots=True)
class QAReport:
    """See the module docstring. `to_dict()` is what is stored and shown."""

    format: str
    size: tuple[int, int]
    texts: tuple[TextCheck, ...]
    cta: TextCheck | None
    text_coverage: float
    overflow: bool
    safe_zone_applies: bool
    safe_zone_violations: tuple[dict[str, Any], ...]
    logo: dict[str, Any] | None
    image: dict[str, Any] | None
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    version: int = field(default=QA_VERSION)

    @property
    def passed(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["size"] = list(self.size)
        data["passed"] = self.passed
        data["texts"] = [asdict(t) for t in self.texts]
        data["safe_zone_violations"] = [dict(v) for v in self.safe_zone_violations]
        data["problems"] = list(self.problems)
        data["warnings"] = list(self.warnings)
        return {"version": data.pop("version"), **data}


def check(composition: Composition, fonts: FontBook) -> QAReport:
    """Measure `composition` (made with `keep_backdrop=True`)."""
    image = composition.image
    backdrop = composition.backdrop
    if backdrop is None:
        raise ValueError("QA needs the canvas before text: compose with keep_backdrop=True.")
    spec = composition.spec
    problems: list[str] = list(composition.problems)
    warnings: list[str] = []
    texts = []
    for placed, resolved in zip(composition.texts, composition.resolved.texts, strict=True):
        block = resolved.block
        chain = fonts.chain(block.font, block.weight)
        texts.append(_text_check(placed, backdrop, block.text, missing_characters(
            clean_text(block.text), chain, fonts)))
    cta = None
    if composition.cta_label is not None and spec.cta is not None:
        chain = fonts.chain(spec.cta.font, spec.cta.weight)
        cta = _text_check(composition.cta_label, backdrop, spec.cta.label,
                          missing_characters(clean_text(spec.cta.label), chain, fonts))
    for item in (*texts, *([cta] if cta else [])):
        name = _name(item.role)
        if not item.passes:
            problems.append(
                f"{name} contrast is {item.contrast:.1f}:1, below the {item.required:g}:1 "
                "it needs; choose another colour, strengthen the scrim or move the text.")
        if item.overflow:
            problems.append(
                f"{name} does not fit its box even at its smallest size; {item.hidden_chars} "
                "characters are hidden. Shorten the text or enlarge the box.")
        if item.missing_glyphs:
            problems.append(f"{name} has characters no bundled font can draw: "
                            f"{item.missing_glyphs}")
    boxes = _element_boxes(composition)
    violations = _safe_zone(spec.format, image.size, boxes)
    for violation in violations:
        problems.append(f"{_name(violation['element'])} is outside the 9:16 safe zone by "
                        f"{violation['outside_px']} px; the app's own buttons cover it there.")
    for name, rect in boxes:
        if rect[0] < 0 or rect[1] < 0 or rect[2] > image.width or rect[3] > image.height:
            problems.append(f"{_name(name)} runs off the edge of the ad.")
    logo = _logo_check(composition, boxes)
    if logo is not None and not logo["clear_space_ok"]:
        problems.append(
            f"The logo has {logo['clear_space_px']} px of clear space; it needs "
            f"{logo['required_px']} px. Move the text or the logo apart.")
    picture = _image_check(composition)
    if picture is not None and picture["upscaled"]:
        warnings.append(
            f"The photo is enlarged {picture['upscale']:.2f}× to fill its area and may look "
            "soft; a larger original would be sharper.")
    return QAReport(
        format=spec.format,
        size=image.size,
        texts=tuple(texts),
        cta=cta,
        text_coverage=round(_coverage(image.size, composition), 4),
        overflow=any(t.overflow for t in (*texts, *([cta] if cta else []))),
        safe_zone_applies=get_format(spec.format).safe_zone is not None,
        safe_zone_violations=tuple(violations),
        logo=logo,
        image=picture,
        problems=tuple(dict.fromkeys(problems)),
        warnings=tuple(warnings),
    )


def _name(role: str) -> str:
    return {"cta": "The button label", "logo": "The logo", "cta_button": "The button"}.get(
        role, f"The {role} text")


def _text_check(placed: PlacedText, backdrop: Image.Image, text: str, missing: str
                ) -> TextCheck:
    ink = luminance(placed.color)
    ratios = [(contrast(ink, lum), count) for lum, count in _luminances(backdrop, placed.lines)]
    ratios = sorted(ratios) or [(21.0, 1)]
    p5 = _weighted_percentile(ratios, 0.05)
    layout = placed.layout
    return TextCheck(
        role=placed.role, text=text, color=to_hex(placed.color), contrast=round(p5, 2),
        contrast_min=round(ratios[0][0], 2),
        contrast_median=round(_weighted_percentile(ratios, 0.5), 2),
        required=placed.required, large=placed.large, passes=p5 >= placed.required,
        font_px=round(layout.size * backdrop.height, 1), lines=len(placed.lines),
        shrunk=layout.shrunk, overflow=layout.overflow, hidden_chars=layout.hidden,
        missing_glyphs=missing,
    )


def _luminances(image: Image.Image, rects: tuple[PixelBox, ...]) -> list[tuple[float, int]]:
    """(relative luminance, number of pixels) for the pixels inside `rects`: every pixel,
    grouped by colour, when they have at most DISTINCT colours; else point samples (each
    counting 1), evenly thinned to about SAMPLES. See the module docstring."""
    inside = [(max(0, r[0]), max(0, r[1]), min(image.width, r[2]), min(image.height, r[3]))
              for r in rects]
    inside = [r for r in inside if r[2] > r[0] and r[3] > r[1]]
    crops = [image.crop(rect).convert("RGB") for rect in inside]
    counts: dict[tuple[int, int, int], int] = {}
    for crop in crops:
        colours = crop.getcolors(DISTINCT)  # None when there are more (Pillow stops early)
        if colours is None:
            break
        for count, colour in colours:
            rgb = cast(tuple[int, int, int], colour)  # an RGB crop's colours are triples
            counts[rgb] = counts.get(rgb, 0) + count
        if len(counts) > DISTINCT:
            break
    else:
        return [(luminance(colour), count) for colour, count in counts.items()]
    area = sum(crop.width * crop.height for crop in crops)
    factor = max(1.0, math.sqrt(area / SAMPLES))
    values: list[tuple[float, int]] = []
    for crop in crops:
        if factor > 1:
            crop = crop.resize((max(1, round(crop.width / factor)),
                                max(1, round(crop.height / factor))), Image.Resampling.NEAREST)
        values.extend(
            (0.2126 * LINEAR[r] + 0.7152 * LINEAR[g] + 0.0722 * LINEAR[b], 1)
            for r, g, b in pixels(crop)
        )
    return values


def _weighted_percentile(pairs: list[tuple[float, int]], fraction: float) -> float:
    """`color.percentile` (nearest rank) of the values in ascending (value, count) `pairs`,
    each value counted `count` times."""
    total = sum(count for _value, count in pairs)
    rank = min(total - 1, max(0, int(fraction * (total - 1) + 0.5)))
    seen = 0
    for value, count in pairs:
        seen += count
        if seen > rank:
            return value
    return pairs[-1][0]


def _element_boxes(composition: Composition) -> list[tuple[str, PixelBox]]:
    boxes: list[tuple[str, PixelBox]] = []
    for placed in composition.texts:
        boxes.extend((placed.role, line) for line in placed.lines)
    if composition.cta_box is not None:
        boxes.append(("cta_button", composition.cta_box))
    if composition.logo_box is not None:
        boxes.append(("logo", composition.logo_box))
    return boxes


def _safe_zone(format_key: str, size: tuple[int, int], boxes: list[tuple[str, PixelBox]]
               ) -> list[dict[str, Any]]:
    zone = get_format(format_key).safe_zone
    if zone is None:
        return []
    width, height = size
    left, top = zone.left * width, zone.top * height
    right, bottom = width - zone.right * width, height - zone.bottom * height
    found: dict[str, int] = {}
    for name, rect in boxes:
        outside = max(left - rect[0], top - rect[1], rect[2] - right, rect[3] - bottom)
        if outside > 1:  # a pixel of rounding is not a violation
            found[name] = max(found.get(name, 0), math.ceil(outside))
    return [{"element": name, "outside_px": px} for name, px in found.items()]


def _gap(a: PixelBox, b: PixelBox) -> int:
    dx = max(b[0] - a[2], a[0] - b[2], 0)
    dy = max(b[1] - a[3], a[1] - b[3], 0)
    if dx == 0 and dy == 0:
        overlap = min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
        return -1 if overlap else 0
    return max(dx, dy) if min(dx, dy) == 0 else round(math.hypot(dx, dy))


def _logo_check(composition: Composition, boxes: list[tuple[str, PixelBox]]
                ) -> dict[str, Any] | None:
    logo = composition.logo_box
    spec_logo = composition.spec.logo
    if logo is None or spec_logo is None:
        return None
    required = math.ceil(spec_logo.clear_space * (logo[3] - logo[1]))
    others = [rect for name, rect in boxes if name != "logo"]
    gaps = [_gap(logo, rect) for rect in others]
    clear = min(gaps) if gaps else 10**6
    width, height = composition.image.size
    edge = min(logo[0], logo[1], width - logo[2], height - logo[3])
    clear_px = min(clear, edge)
    return {
        "box": list(logo),
        "required_px": required,
        "clear_space_px": max(clear_px, -1),
        "clear_space_ok": clear_px >= required,
        "plate": to_hex(composition.resolved.logo_plate) if composition.resolved.logo_plate
        else None,
    }


def _image_check(composition: Composition) -> dict[str, Any] | None:
    info, shown = composition.picture, composition.picture_px
    if info is None or shown is None:
        return None
    crop_w = max(1, info.crop[2] - info.crop[0])
    crop_h = max(1, info.crop[3] - info.crop[1])
    upscale = max(shown[0] / crop_w, shown[1] / crop_h)
    return {
        "source_size": list(info.source_size),
        "crop": list(info.crop),
        "shown_at": list(shown),
        "upscale": round(upscale, 3),
        "upscaled": upscale > 1.01,
    }


def _coverage(size: tuple[int, int], composition: Composition) -> float:
    """Share of the canvas inside text line boxes (overlaps counted once)."""
    scale = 4
    width, height = max(1, size[0] // scale), max(1, size[1] // scale)
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    placed = list(composition.texts) + (
        [composition.cta_label] if composition.cta_label else [])
    for text in placed:
        for r in text.lines:
            left, top = r[0] // scale, r[1] // scale
            right, bottom = max(left, r[2] // scale - 1), max(top, r[3] // scale - 1)
            draw.rectangle((left, top, right, bottom), fill=255)
    covered = mask.histogram()[255]
    return covered / (width * height)


@dataclass(frozen=True, slots=True)
class CheckedRender:
    """A render with its QA report."""

    image: Image.Image
    qa: QAReport


def render_checked(spec: LayoutSpec, size: int | tuple[int, int], *, assets: Assets,
                   fonts: FontBook, cache: RenderCache | None = None) -> CheckedRender:
    """`render` and the QA report of exactly those pixels (what export and the grid use)."""
    composition = compose(spec, size, assets=assets, fonts=fonts, cache=cache,
                          keep_backdrop=True)
    return CheckedRender(composition.image, check(composition, fonts))
