"""The renderer's decisions, made once per spec and the same at every output size.

Before any pixel of the real canvas is drawn, a spec is *resolved*: each text block is laid
out at the format's full size (lines, shrunk size, overflow), "auto" text colours are chosen
and the scrim's strength is raised just enough, from the pixels that will actually be behind
each line. Those pixels are predicted on a small probe canvas (the same backdrop code at 360
pixels across), with a 15 % safety margin on the contrast target; the QA report then measures
the real render. Resolving at one size is what makes the preview and the export the same ad.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from PIL import Image

from brandtruth_desktop.core.compose.backdrop import draw_backdrop, pixel_box, scrim_unit_mask
from brandtruth_desktop.core.compose.color import (
    BODY_CONTRAST,
    LARGE_CONTRAST,
    LINEAR,
    RGB,
    WHITE,
    best_ink,
    color_contrast,
    contrast,
    dark_ink,
    ink_candidates,
    luminance,
    parse_color,
    percentile,
    pixels,
)
from brandtruth_desktop.core.compose.fonts import FontBook
from brandtruth_desktop.core.compose.formats import get_format
from brandtruth_desktop.core.compose.picture import Assets, MissingAsset, RenderCache, logo_image
from brandtruth_desktop.core.compose.spec import AUTO, LayoutSpec, ScrimKind, TextBlock, TextRole
from brandtruth_desktop.core.compose.text import TextLayout, layout_text, line_x
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.imagery.loading import ImageProblem

PROBE_WIDTH = 540
MARGIN = 1.15
SAMPLES_PER_BLOCK = 640
ALLOWED_FAILING = 0.05
"""Contrast is judged on the 5th percentile: 95 % of the pixels behind a line must reach it."""


@dataclass(frozen=True, slots=True)
class ResolvedText:
    """A text block as it will be drawn: its lines, colour and the contrast it must reach."""

    block: TextBlock
    layout: TextLayout
    color: RGB
    required: float
    large: bool


@dataclass(frozen=True, slots=True)
class ResolvedCTA:
    layout: TextLayout
    fill: RGB
    ink: RGB


@dataclass(frozen=True, slots=True)
class Resolved:
    """Everything the renderer decided for a spec (see the module docstring)."""

    reference: tuple[int, int]
    texts: tuple[ResolvedText, ...]
    cta: ResolvedCTA | None
    scrim_strength: float
    logo_plate: RGB | None


def is_large(block: TextBlock, size_px: float, reference: tuple[int, int]) -> bool:
    """WCAG "large text" as seen in a feed: the ad shown about 375 CSS pixels across a phone,
    so 24 px (18.66 px bold) on screen is 6.4 % (5 %) of the format's shorter side. Only
    headlines count as large here."""
    short = min(reference)
    threshold = 0.05 if block.weight >= 700 else 0.064
    return block.role is TextRole.HEADLINE and size_px >= threshold * short


def line_boxes(layout: TextLayout, block_box: Box, align: str) -> list[Box]:
    """Each non-empty line's box, relative to the canvas."""
    boxes = []
    for i, width in enumerate(layout.widths):
        if width <= 0:
            continue
        x = line_x(align, layout.rtl, block_box.x, block_box.w, width)
        boxes.append(Box(x, layout.top + i * layout.line_height, width, layout.line_height))
    return boxes


def cta_inner_box(box: Box, reference: tuple[int, int]) -> Box:
    """The label's box inside a button: padding of 35 % of the height at the sides."""
    pad_x = 0.35 * box.h * reference[1] / reference[0]
    pad_y = 0.12 * box.h
    return Box(box.x + pad_x, box.y + pad_y, max(0.0, box.w - 2 * pad_x), box.h - 2 * pad_y)


def resolve(spec: LayoutSpec, *, fonts: FontBook, assets: Assets, cache: RenderCache
            ) -> Resolved:
    """Resolve `spec` (cached: the same spec is resolved once)."""
    key = ("resolved", spec)
    found = cache.entries.get(key)
    if isinstance(found, Resolved):
        return found
    resolved = _resolve(spec, fonts, assets, cache)
    cache.entries.put(key, resolved)
    return resolved


def _resolve(spec: LayoutSpec, fonts: FontBook, assets: Assets, cache: RenderCache) -> Resolved:
    fmt = get_format(spec.format)
    reference = fmt.size
    brand = parse_color(spec.palette[0]) if spec.palette else None
    probe = fmt.preview_size(PROBE_WIDTH)
    scrim = spec.scrim
    # What the probe canvas depends on (the text does not): while a block is dragged on the
    # canvas, the probe, the other blocks and their contrast sums are all found in the cache.
    probe_key = ("probe", probe, spec.background, scrim.kind, scrim.region, scrim.edge,
                 scrim.ramp, spec.shapes)
    base, alpha = _probe(spec, probe, probe_key, assets, cache)
    scrim_rgb = parse_color(scrim.color)
    adjustable = scrim.kind is not ScrimKind.NONE and scrim.auto
    floor = scrim.strength

    blocks = [_text_block(block, probe_key, base, alpha, fonts, reference, brand, cache)
              for block in spec.texts]
    inks_chosen, strength = _choose_all(blocks, scrim_rgb, floor, adjustable)
    texts = tuple(
        ResolvedText(b.block, b.layout, ink, b.target, b.large)
        for b, ink in zip(blocks, inks_chosen, strict=True)
    )
    return Resolved(
        reference=reference,
        texts=texts,
        cta=_remembered(cache, ("cta", spec.cta, reference, brand),
                        lambda: _resolve_cta(spec, fonts, reference, brand)),
        scrim_strength=strength,
        logo_plate=_remembered(cache, ("logo-plate", probe_key, spec.logo),
                               lambda: _logo_plate(spec, base, assets, cache)),
    )


def _remembered(cache: RenderCache, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
    """`make()`, once per key (its result depends on nothing but what the key holds); kept
    in a 1-tuple, so that None is remembered too."""
    found = cache.entries.get(key)
    if not isinstance(found, tuple):
        found = cache.entries.put(key, (make(),))
    return found[0]  # type: ignore[no-any-return]


def _probe(spec: LayoutSpec, probe: tuple[int, int], key: tuple[object, ...], assets: Assets,
           cache: RenderCache) -> tuple[Image.Image, Image.Image]:
    """The probe canvas without scrim, and the scrim's opacity at full strength over it."""
    base = cache.sized.get(("probe-base", *key))
    alpha = cache.sized.get(("probe-alpha", *key))
    if base is not None and alpha is not None:
        return base, alpha
    base = draw_backdrop(spec, probe, assets=assets, cache=cache, scrim_strength=0.0).image
    alpha = Image.new("L", probe, 0)
    scrim = spec.scrim
    if scrim.kind is not ScrimKind.NONE:
        unit = scrim_unit_mask(scrim, probe, cache)
        if unit is not None:
            alpha.paste(unit, pixel_box(scrim.region, probe)[:2])
    return cache.sized.put(("probe-base", *key), base), cache.sized.put(("probe-alpha", *key),
                                                                        alpha)


def _text_block(block: TextBlock, probe_key: tuple[object, ...], base: Image.Image,
                alpha: Image.Image, fonts: FontBook, reference: tuple[int, int],
                brand: RGB | None, cache: RenderCache) -> _Block:
    """A block laid out, with the pixels behind its lines (the same block on the same probe
    is worked out once)."""
    key = ("text-block", probe_key, block, reference, brand)
    found = cache.entries.get(key)
    if isinstance(found, _Block):
        return found
    layout = layout_text(
        fonts, block.text, family=block.font, weight=block.weight,
        box=(block.box.x, block.box.y, block.box.w, block.box.h), canvas=reference,
        size=block.size, min_size=block.smallest, line_spacing=block.line_spacing,
        valign=str(block.valign), balance=block.role is TextRole.HEADLINE,
    )
    large = is_large(block, layout.size * reference[1], reference)
    target = LARGE_CONTRAST if large else BODY_CONTRAST
    inks = list(ink_candidates(brand)) if block.color == AUTO else [parse_color(block.color)]
    samples = _samples(base, alpha, line_boxes(layout, block.box, str(block.align)))
    resolved = _Block(block, layout, target, large, inks, samples)
    cache.entries.put(key, resolved)
    return resolved


_Sample = tuple[tuple[int, int, int], int]
_T = TypeVar("_T")


def _samples(base: Image.Image, alpha: Image.Image, boxes: Sequence[Box]) -> list[_Sample]:
    """Pixels (and scrim opacity at full strength) behind the lines: at most
    SAMPLES_PER_BLOCK of them, evenly spread."""
    rects = [pixel_box(b, base.size) for b in boxes]
    rects = [r for r in rects if r[2] > r[0] and r[3] > r[1]]
    area = sum((r[2] - r[0]) * (r[3] - r[1]) for r in rects)
    if not area:
        return []
    factor = max(1.0, math.sqrt(area / SAMPLES_PER_BLOCK))
    samples: list[_Sample] = []
    for rect in rects:
        size = (max(1, round((rect[2] - rect[0]) / factor)),
                max(1, round((rect[3] - rect[1]) / factor)))
        # Point samples, not averages: averaging would hide the bright or dark specks that
        # decide the worst contrast.
        colours = pixels(base.crop(rect).resize(size, Image.Resampling.NEAREST))
        opacity = pixels(alpha.crop(rect).resize(size, Image.Resampling.NEAREST))
        samples.extend(zip(colours, opacity, strict=True))
    return samples


def _lum_at(sample: _Sample, scrim: RGB, strength: float) -> float:
    (r, g, b), a = sample
    k = a * strength / 255.0
    if k:
        r = int(r + (scrim[0] - r) * k + 0.5)
        g = int(g + (scrim[1] - g) * k + 0.5)
        b = int(b + (scrim[2] - b) * k + 0.5)
    return 0.2126 * LINEAR[r] + 0.7152 * LINEAR[g] + 0.0722 * LINEAR[b]


def _worst(samples: list[_Sample], ink: RGB, scrim: RGB, strength: float) -> float:
    """The contrast that all but ALLOWED_FAILING of the samples reach."""
    if not samples:
        return 21.0
    ink_lum = luminance(ink)
    ratios = [contrast(ink_lum, _lum_at(s, scrim, strength)) for s in samples]
    return percentile(ratios, ALLOWED_FAILING)


def _needed_strength(samples: list[_Sample], ink: RGB, target: float, scrim: RGB,
                     floor: float, adjustable: bool) -> float:
    """The least scrim strength (≥ floor) at which the ink reaches `target`; inf if none."""
    ink_lum = luminance(ink)
    per_sample = []
    for sample in samples:
        if contrast(ink_lum, _lum_at(sample, scrim, floor)) >= target:
            per_sample.append(floor)
            continue
        if not adjustable or not sample[1] or (
            contrast(ink_lum, _lum_at(sample, scrim, 1.0)) < target
        ):
            per_sample.append(math.inf)
            continue
        low, high = floor, 1.0
        for _ in range(7):
            middle = (low + high) / 2
            if contrast(ink_lum, _lum_at(sample, scrim, middle)) >= target:
                high = middle
            else:
                low = middle
        per_sample.append(high)
    return percentile(per_sample, 1 - ALLOWED_FAILING) if per_sample else floor


def _preferred(block: _Block, scrim: RGB, strength: float) -> list[RGB]:
    """The inks a block may take: over a visible scrim, the one that contrasts most with it."""
    covered = strength > 0 and any(opacity for _colour, opacity in block.samples)
    if covered and len(block.inks) > 1:
        return [max(block.inks, key=lambda c: color_contrast(c, scrim))]
    return block.inks


@dataclass(frozen=True, slots=True)
class _Block:
    block: TextBlock
    layout: TextLayout
    target: float
    large: bool
    inks: list[RGB]
    samples: list[_Sample]
    known: dict[tuple[object, ...], float] = field(default_factory=dict, compare=False)

    def worst(self, ink: RGB, scrim: RGB, strength: float) -> float:
        """`_worst` of this block's samples, remembered (the block may be cached)."""
        key = ("worst", ink, scrim, strength)
        if key not in self.known:
            self.known[key] = _worst(self.samples, ink, scrim, strength)
        return self.known[key]

    def needed(self, ink: RGB, target: float, scrim: RGB, floor: float, adjustable: bool
               ) -> float:
        """`_needed_strength` of this block's samples, remembered."""
        key = ("needed", ink, target, scrim, floor, adjustable)
        if key not in self.known:
            self.known[key] = _needed_strength(self.samples, ink, target, scrim, floor,
                                               adjustable)
        return self.known[key]


def _choose_all(blocks: list[_Block], scrim: RGB, floor: float, adjustable: bool
                ) -> tuple[list[RGB], float]:
    """Inks for all blocks and the one scrim strength they share.

    The scrim is one layer under every block, so it is chosen for all of them at once:

    1. At the spec's strength, each block takes the first ink (in order of preference) that
       reaches its contrast; where a visible scrim lies under a block, only the ink that
       contrasts most with the scrim's colour (white on a dark scrim: what a scrim is for).
    2. Else every block over the scrim takes that ink, and the scrim is made just strong
       enough for the block that needs most.
    3. Else each block takes the first ink that works at the least strength that lets every
       block have some ink, or the best it can get (and QA reports the failure).
    """
    if not blocks:
        return [], floor
    for goal in (MARGIN, 1.0):
        chosen = []
        for b in blocks:
            inks = _preferred(b, scrim, floor)
            ink = next((c for c in inks
                        if b.worst(c, scrim, floor) >= b.target * goal), None)
            if ink is None:
                break
            chosen.append(ink)
        else:
            return chosen, floor
    for goal in (MARGIN, 1.0):
        strength = floor
        chosen = []
        for b in blocks:
            ink = _preferred(b, scrim, 1.0)[0]
            needed = b.needed(ink, b.target * goal, scrim, floor, adjustable)
            strength = max(strength, needed)
            chosen.append(ink)
        if math.isfinite(strength):
            return chosen, min(1.0, strength)
    strength = floor
    for b in blocks:  # the least scrim that lets some ink work for each block
        options = [b.needed(ink, b.target, scrim, floor, adjustable)
                   for ink in b.inks]
        finite = [o for o in options if math.isfinite(o)]
        if finite:
            strength = max(strength, min(finite))
    strength = min(1.0, strength)
    chosen = []
    for b in blocks:
        passing = [c for c in b.inks if b.worst(c, scrim, strength) >= b.target]
        chosen.append(passing[0] if passing else max(
            b.inks, key=lambda c: b.worst(c, scrim, strength)))
    return chosen, strength


def _resolve_cta(spec: LayoutSpec, fonts: FontBook, reference: tuple[int, int],
                 brand: RGB | None) -> ResolvedCTA | None:
    cta = spec.cta
    if cta is None:
        return None
    fill = parse_color(cta.fill)
    ink = best_ink(fill, BODY_CONTRAST, brand) if cta.text_color == AUTO else parse_color(
        cta.text_color)
    inner = cta_inner_box(cta.box, reference)
    layout = layout_text(
        fonts, cta.label, family=cta.font, weight=cta.weight,
        box=(inner.x, inner.y, inner.w, inner.h), canvas=reference, size=cta.size,
        min_size=cta.size * 0.6, line_spacing=1.1, valign="middle",
    )
    return ResolvedCTA(layout, fill, ink)


def _logo_plate(spec: LayoutSpec, base: Image.Image, assets: Assets, cache: RenderCache
                ) -> RGB | None:
    """The backing plate colour for the logo, or None for no plate."""
    logo = spec.logo
    if logo is None or logo.plate == "none":
        return None
    if logo.plate != AUTO:
        return parse_color(logo.plate)
    rect = pixel_box(logo.box, base.size)
    if rect[2] <= rect[0] or rect[3] <= rect[1]:
        return None
    try:
        image = logo_image(cache, assets, logo.asset_sha256, (64, 64))
    except (MissingAsset, ImageProblem):
        return None
    logo_lum = _mean_luminance(image)
    behind = _mean_luminance(base.crop(rect).convert("RGBA"))
    if contrast(logo_lum, behind) >= LARGE_CONTRAST:
        return None
    return WHITE if logo_lum < 0.4 else dark_ink(None)


def _mean_luminance(image: Image.Image) -> float:
    """Mean relative luminance of the opaque pixels of an RGBA image."""
    small = image.resize((min(32, image.width), min(32, image.height)), Image.Resampling.BOX)
    opaque = [p for p in pixels(small) if p[3] > 128]
    if not opaque:
        return 0.0
    return sum(luminance(p) for p in opaque) / len(opaque)
