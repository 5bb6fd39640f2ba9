"""Layout templates: where the headline, primary text, button and logo go, from the picture.

Three templates, each working in every format:

- OVERLAY: the photo full bleed, the copy over a gradient scrim on its calmest side (the
  bottom or top band on square and portrait formats, the left or right column on landscape
  ones), away from the photo's focal point.
- SPLIT: the photo on one side (the top on portrait formats), a panel in the brand's colour
  with the copy on the other.
- STATEMENT: the headline large and centred on the brand's colour (or a generated background
  from it), the logo above and the button below.

Sizes come from the format's shorter side, so type looks the same size in every format; boxes
are sized to the copy (measured with the bundled fonts), and the stack is centred or anchored
in the format's content area: the 9:16 safe zone, or a 6.5 % margin elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from brandtruth_desktop.core.compose.color import to_hex, with_lightness
from brandtruth_desktop.core.compose.fonts import FontBook
from brandtruth_desktop.core.compose.formats import AdFormat, get_format
from brandtruth_desktop.core.compose.placement import Canvas, mirror, source_box
from brandtruth_desktop.core.compose.runs import paragraph_rtl
from brandtruth_desktop.core.compose.spec import (
    FULL,
    Background,
    Edge,
    GeneratedBackground,
    LayoutSpec,
    Scrim,
    ScrimKind,
)
from brandtruth_desktop.core.compose.style import AdCopy, BrandStyle
from brandtruth_desktop.core.imagery.analysis import ImageAnalysis, focal_crop
from brandtruth_desktop.core.imagery.geometry import Box


class Template(StrEnum):
    """The layout templates (see the module docstring)."""

    OVERLAY = "overlay"
    SPLIT = "split"
    STATEMENT = "statement"


@dataclass(frozen=True, slots=True)
class _Picture:
    """What the template knows about the background picture."""

    sha256: str | None
    generated: GeneratedBackground | None
    analysis: ImageAnalysis | None


def layout_for(
    copy: AdCopy, fmt: AdFormat | str, template: Template | str,
    analysis: ImageAnalysis | None, brand: BrandStyle, *, image_sha256: str | None = None,
    generated: GeneratedBackground | None = None, variant_id: str | None = None,
    fonts: FontBook | None = None,
) -> LayoutSpec:
    """The LayoutSpec of `copy` in `fmt` with `template`.

    `analysis` is the photo's (`image_sha256`); without a photo, OVERLAY and SPLIT use the
    `generated` background, and with neither they fall back to STATEMENT. `fonts` lets
    boxes hug the copy (without them line counts are estimated).
    """
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    template = Template(template)
    picture = _Picture(image_sha256, generated, analysis if image_sha256 else None)
    if template is not Template.STATEMENT and not (image_sha256 or generated):
        template = Template.STATEMENT
    canvas = Canvas(fmt, fonts, brand)
    if template is Template.OVERLAY:
        spec = _overlay(copy, canvas, picture)
    elif template is Template.SPLIT:
        spec = _split(copy, canvas, picture)
    else:
        spec = _statement(copy, canvas, picture)
    return LayoutSpec(
        format=fmt.key, background=spec.background, texts=spec.texts, cta=spec.cta,
        logo=spec.logo, scrim=spec.scrim, shapes=spec.shapes, palette=brand.palette(),
        template=str(template), variant_id=variant_id or str(getattr(copy, "id", "")),
    )


def _crop(fmt_aspect: float, picture: _Picture) -> Box | None:
    """The photo's crop for a box of `fmt_aspect`, keeping the focal point in view."""
    analysis = picture.analysis
    if analysis is None or not analysis.width or not analysis.height:
        return None
    size = (analysis.width, analysis.height)
    left, top, right, bottom = focal_crop(size, fmt_aspect, analysis.focal_point)
    w, h = size
    return Box(left / w, top / h, (right - left) / w, (bottom - top) / h).clamped()


def _calm(picture: _Picture, crop: Box | None, region: Box) -> float:
    """How unsuitable a canvas region is for text: busyness, plus a penalty when it holds
    the focal point (0 = calm and empty; no analysis scores everything 0.5)."""
    analysis = picture.analysis
    if analysis is None:
        return 0.5
    inside = source_box(crop or FULL, region)
    score = analysis.busyness_at(inside)
    fx, fy = analysis.focal_point
    if inside.contains((fx, fy)):
        score += 0.5
    return score


def _overlay(copy: AdCopy, canvas: Canvas, picture: _Picture) -> LayoutSpec:
    fmt = canvas.fmt
    crop = _crop(fmt.aspect, picture)
    content = fmt.content_box(0.065)
    landscape = fmt.aspect >= 1.3
    rtl = paragraph_rtl(copy.headline or copy.primary_text)
    if landscape:
        column = Box(content.x, content.y, content.w * 0.5, content.h)
        other = Box(1 - column.right, content.y, column.w, content.h)
        side_right = _calm(picture, crop, other) < _calm(picture, crop, column)
        area = other if side_right else column
        stack = canvas.stack(copy, area.w, headline_scale=1.0)
        placed = stack.place(area, anchor="middle", logo_on_top=True)
        edge = Edge.RIGHT if side_right else Edge.LEFT
        reach = min(1.0, column.w + content.x + 0.3)
        region = Box(1 - reach, 0, reach, 1) if side_right else Box(0, 0, reach, 1)
        ramp = 0.45
        band = area
    else:
        stack = canvas.stack(copy, content.w, headline_scale=1.0)
        height = stack.height_rel()
        bottom = Box(content.x, content.bottom - height, content.w, height)
        top = Box(content.x, content.y, content.w, height)
        at_top = _calm(picture, crop, top) + 0.1 < _calm(picture, crop, bottom)
        band = top if at_top else bottom
        placed = stack.place(band, anchor="top" if at_top else "bottom", logo_on_top=False,
                             logo_far=None if at_top else (content, False))
        if at_top:  # the logo heads the copy rather than float alone mid-picture
            height = stack.height_rel(include_logo=True)
            band = Box(content.x, content.y, content.w, height)
            placed = stack.place(band, anchor="top", logo_on_top=True)
        edge = Edge.TOP if at_top else Edge.BOTTOM
        # Full strength from just inside the copy's edge; a soft rise of 18 % before it.
        rise = 0.18
        reach = min(1.0, (band.bottom if at_top else 1 - band.y) + rise)
        region = Box(0, 0, 1, reach) if at_top else Box(0, 1 - reach, 1, reach)
        ramp = min(0.9, (rise + 0.03) / reach)
    busy = _calm(picture, crop, band) if picture.analysis else 0.3
    strength = round(min(0.85, 0.42 + 0.45 * min(1.0, busy)), 2)
    scrim = Scrim(ScrimKind.GRADIENT, to_hex(with_lightness(canvas.brand.primary, 0.05)),
                  strength, region, edge, auto=True, ramp=round(ramp, 4))
    if rtl and not landscape:
        placed = mirror(placed)
    return placed.spec(
        background=Background(fill="#111111", image_sha256=picture.sha256, crop=crop,
                              generated=picture.generated),
        scrim=scrim,
        button_fill=canvas.brand.button_on((17, 17, 17)),
    )


def _split(copy: AdCopy, canvas: Canvas, picture: _Picture) -> LayoutSpec:
    fmt = canvas.fmt
    brand = canvas.brand
    panel_rgb, _light_text = brand.panel()
    portrait = fmt.aspect < 0.95
    margin_x = 0.065 * min(fmt.size) / fmt.width
    margin_y = 0.065 * min(fmt.size) / fmt.height
    if portrait:
        image_h = 0.33 if fmt.safe_zone is not None else 0.5
        image_box = Box(0, 0, 1, image_h)
        zone = fmt.content_box(0.065)
        text_area = Box(zone.x, max(zone.y, image_h + margin_y), zone.w,
                        zone.bottom - max(zone.y, image_h + margin_y))
    else:
        analysis = picture.analysis
        image_left = analysis is None or analysis.focal_point[0] <= 0.5
        image_box = Box(0, 0, 0.5, 1) if image_left else Box(0.5, 0, 0.5, 1)
        panel_x = 0.5 if image_left else 0.0
        text_area = Box(panel_x + margin_x * 1.2, margin_y, 0.5 - 2.4 * margin_x,
                        1 - 2 * margin_y)
    crop = _crop(image_box.w * fmt.width / (image_box.h * fmt.height), picture)
    stack = canvas.stack(copy, text_area.w, headline_scale=0.92, accent_bar=True)
    placed = stack.place(text_area, anchor="top" if portrait else "middle",
                         logo_on_top=not portrait, logo_far=None)
    if portrait:
        zone = fmt.content_box(0.065)
        placed = placed.with_logo_at(Box(zone.x, zone.y, zone.w, 0))
    if paragraph_rtl(copy.headline or copy.primary_text):
        # Within the text area: side by side, the panel is only half the canvas, and the
        # copy must stay on it (the photo stays where its focal point put it).
        placed = mirror(placed, within=text_area)
    return placed.spec(
        background=Background(fill=to_hex(panel_rgb), image_sha256=picture.sha256, crop=crop,
                              image_box=image_box, generated=picture.generated),
        scrim=Scrim(ScrimKind.SOLID, to_hex(with_lightness(panel_rgb, 0.06)), 0.0,
                    _panel_region(image_box), auto=True),
        button_fill=brand.button_on(panel_rgb),
        accent=brand.button_on(panel_rgb),
    )


def _panel_region(image_box: Box) -> Box:
    """The canvas outside the picture (a split layout's colour panel)."""
    if image_box.w >= 0.999:
        return Box(0, image_box.bottom, 1, 1 - image_box.bottom)
    if image_box.x <= 0.001:
        return Box(image_box.right, 0, 1 - image_box.right, 1)
    return Box(0, 0, image_box.x, 1)


def _statement(copy: AdCopy, canvas: Canvas, picture: _Picture) -> LayoutSpec:
    fmt = canvas.fmt
    brand = canvas.brand
    panel_rgb, _light_text = brand.panel()
    content = fmt.content_box(0.08)
    stack = canvas.stack(copy, content.w * (0.86 if fmt.aspect >= 1.3 else 1.0),
                         headline_scale=1.22, centred=True, accent_bar=True, logo_scale=1.5)
    area = Box(0.5 - stack.width_rel / 2, content.y, stack.width_rel, content.h)
    placed = stack.place(area, anchor="middle", logo_on_top=True)
    generated = picture.generated
    return placed.spec(
        background=Background(fill=to_hex(panel_rgb), generated=generated),
        scrim=Scrim(ScrimKind.SOLID, to_hex(with_lightness(panel_rgb, 0.06)), 0.0, FULL,
                    auto=True),
        button_fill=brand.button_on(panel_rgb),
        accent=brand.button_on(panel_rgb),
    )

