"""`render(spec, size)`: the only place ad pixels are made, for the canvas preview and the export.

Order of drawing: fill → photo or generated background → scrim → shapes → logo (with its
plate) → CTA button → text. Decisions (line breaks, shrunk sizes, auto colours, scrim
strength) come from `resolve`, made once per spec at the format's full size, so the picture at
540 pixels is the picture at 1080 pixels, only smaller. `render_checked` also returns the QA
report measured on the pixels just drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from brandtruth_desktop.core.compose.backdrop import (
    Backdrop,
    draw_backdrop,
    pixel_box,
    rounded_mask,
)
from brandtruth_desktop.core.compose.color import RGB
from brandtruth_desktop.core.compose.fonts import FontBook
from brandtruth_desktop.core.compose.formats import get_format
from brandtruth_desktop.core.compose.picture import (
    Assets,
    MissingAsset,
    PictureInfo,
    RenderCache,
    logo_image,
)
from brandtruth_desktop.core.compose.resolve import Resolved, cta_inner_box, resolve
from brandtruth_desktop.core.compose.runs import Run
from brandtruth_desktop.core.compose.spec import Align, LayoutSpec
from brandtruth_desktop.core.compose.text import (
    TextLayout,
    draw_line,
    line_x,
    run_width,
    visual_runs,
)
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.imagery.loading import ImageProblem

PixelBox = tuple[int, int, int, int]

DEFAULT_CACHE = RenderCache()
"""Shared by renders that pass no cache of their own. Safe to share: everything in it is
keyed by content (image hashes, frozen specs), never by where it came from."""


@dataclass(frozen=True, slots=True)
class PlacedText:
    """A text block as drawn: its lines' pixel boxes, colour, and required contrast."""

    role: str
    color: RGB
    required: float
    large: bool
    lines: tuple[PixelBox, ...]
    layout: TextLayout
    box: PixelBox


@dataclass(frozen=True, slots=True)
class Composition:
    """A render and what was drawn where: for QA, and for tests that probe pixels."""

    image: Image.Image
    backdrop: Image.Image | None  # the canvas before any text, when asked for
    spec: LayoutSpec
    resolved: Resolved
    texts: tuple[PlacedText, ...]
    cta_box: PixelBox | None
    cta_label: PlacedText | None
    logo_box: PixelBox | None  # the logo as drawn (inside its spec box)
    picture: PictureInfo | None
    picture_px: tuple[int, int] | None
    problems: tuple[str, ...]


def output_size(spec: LayoutSpec, size: int | tuple[int, int]) -> tuple[int, int]:
    """`size` as (width, height); a single number is the width, height from the format."""
    if isinstance(size, int):
        return get_format(spec.format).preview_size(size)
    width, height = size
    if width < 1 or height < 1:
        raise ValueError(f"A render needs a positive size, not {size}.")
    return int(width), int(height)


def render(spec: LayoutSpec, size: int | tuple[int, int], *, assets: Assets, fonts: FontBook,
           cache: RenderCache | None = None) -> Image.Image:
    """The ad of `spec` as an RGB image of `size` (a width, or width and height)."""
    return compose(spec, size, assets=assets, fonts=fonts, cache=cache).image


def compose(spec: LayoutSpec, size: int | tuple[int, int], *, assets: Assets, fonts: FontBook,
            cache: RenderCache | None = None, keep_backdrop: bool = False) -> Composition:
    """Render, keeping what was drawn where (and the canvas before text, if asked)."""
    cache = DEFAULT_CACHE if cache is None else cache
    width, height = output_size(spec, size)
    resolved = resolve(spec, fonts=fonts, assets=assets, cache=cache)
    backdrop: Backdrop = draw_backdrop(spec, (width, height), assets=assets, cache=cache,
                                       scrim_strength=resolved.scrim_strength)
    canvas = backdrop.image
    problems = list(backdrop.problems)
    logo_box = _draw_logo(canvas, spec, resolved, assets, cache, problems)
    cta_box = _draw_button(canvas, spec, resolved)
    before_text = canvas.copy() if keep_backdrop else None
    draw = ImageDraw.Draw(canvas)
    placed = [
        _draw_text(canvas, draw, fonts, t.layout, t.block.box, str(t.block.align),
                   t.block.font, t.block.weight, t.color, str(t.block.role), t.required,
                   t.large)
        for t in resolved.texts
    ]
    label = None
    if spec.cta is not None and resolved.cta is not None and cta_box is not None:
        cta = resolved.cta
        inner = cta_inner_box(spec.cta.box, resolved.reference)
        label = _draw_text(canvas, draw, fonts, cta.layout, inner, "center", spec.cta.font,
                           spec.cta.weight, cta.ink, "cta", 4.5, False)
    return Composition(
        image=canvas, backdrop=before_text, spec=spec, resolved=resolved, texts=tuple(placed),
        cta_box=cta_box, cta_label=label, logo_box=logo_box, picture=backdrop.picture,
        picture_px=backdrop.picture_px, problems=tuple(problems),
    )


def _draw_text(canvas: Image.Image, draw: ImageDraw.ImageDraw, fonts: FontBook,
               layout: TextLayout, box: Box, align: str, family: str, weight: int, color: RGB,
               role: str, required: float, large: bool) -> PlacedText:
    width, height = canvas.size
    size_px = layout.size * height
    line_px = layout.line_height * height
    boxes: list[PixelBox] = []
    for i, line in enumerate(layout.lines):
        if not line:
            continue
        runs = visual_runs(fonts, line, family, weight, layout.rtl)
        fitted = layout.widths[i] <= box.w * 1.0001  # the layout fit it in its box
        line_size, line_w = _fit_line(fonts, runs, size_px, box.w * width, fitted)
        x = line_x(align, layout.rtl, box.x * width, box.w * width, line_w)
        top = (layout.top + i * layout.line_height) * height
        draw_line(canvas, draw, fonts, runs, x, top + layout.baseline * height, line_size, color)
        boxes.append((round(x), round(top), round(x + line_w), round(top + line_px)))
    return PlacedText(role, color, required, large, tuple(boxes), layout,
                      pixel_box(box, canvas.size))


def _fit_line(fonts: FontBook, runs: list[Run], size_px: float, box_px: float, fitted: bool
              ) -> tuple[float, float]:
    """The size to draw a line at, and its width there.

    The layout fit each line in its box at the format's full size, measured at the exact type
    size; fonts are drawn at the nearest quarter pixel (and hinted), so at another size, or
    even at full size, a line that just fit can come out a pixel or two wider than its box
    (up to 2.5 % for tiny preview type), past a 9:16 safe-zone edge the box is flush with.
    Such a line is drawn a quarter pixel or so smaller, so that it fits again.
    """
    line_w = sum(run_width(fonts, run, size_px) for run in runs)
    size = size_px
    for _ in range(4):
        if not fitted or line_w <= box_px or size <= 1.0:
            break
        smaller = math.floor(size * box_px / line_w * 4) / 4  # a size the fonts really have
        size = max(1.0, smaller if smaller < size else size - 0.25)
        line_w = sum(run_width(fonts, run, size) for run in runs)
    return size, line_w


def _draw_button(canvas: Image.Image, spec: LayoutSpec, resolved: Resolved) -> PixelBox | None:
    if spec.cta is None or resolved.cta is None:
        return None
    rect = pixel_box(spec.cta.box, canvas.size)
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    if width <= 0 or height <= 0:
        return None
    mask = rounded_mask((width, height), round(spec.cta.radius * height))
    canvas.paste(resolved.cta.fill, rect[:2], mask)
    return rect


def _draw_logo(canvas: Image.Image, spec: LayoutSpec, resolved: Resolved, assets: Assets,
               cache: RenderCache, problems: list[str]) -> PixelBox | None:
    logo = spec.logo
    if logo is None:
        return None
    rect = pixel_box(logo.box, canvas.size)
    area = (rect[2] - rect[0], rect[3] - rect[1])
    if area[0] <= 0 or area[1] <= 0:
        return None
    plate = resolved.logo_plate
    # With a plate, the logo shrinks inside it so the plate stays within the logo's box.
    pad = round(0.22 * area[1]) if plate is not None else 0
    inner = (max(1, area[0] - 2 * pad), max(1, area[1] - 2 * pad))
    try:
        image = logo_image(cache, assets, logo.asset_sha256, inner)
    except (MissingAsset, ImageProblem) as error:
        problems.append(f"The logo could not be drawn: {error}")
        return None
    free = area[0] - image.width - 2 * pad
    offset = {Align.CENTER: free // 2, Align.END: free, Align.RIGHT: free}.get(logo.align, 0)
    left = rect[0] + offset + pad
    top = rect[1] + (area[1] - image.height) // 2
    if plate is not None:
        plate_box = (left - pad, top - pad, image.width + 2 * pad, image.height + 2 * pad)
        mask = rounded_mask(plate_box[2:], max(1, pad))
        canvas.paste(plate, plate_box[:2], mask)
    canvas.paste(image, (left, top), image)
    return left, top, left + image.width, top + image.height
