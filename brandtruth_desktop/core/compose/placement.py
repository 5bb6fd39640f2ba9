"""The vertical stack templates place: logo, accent bar, headline, primary text, button.

Measured at the format's full size in pixels (type sizes from the shorter side), then turned
into relative boxes. With a FontBook the text boxes hug the copy's real line count; without,
the count is estimated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from brandtruth_desktop.core.compose.color import RGB, to_hex
from brandtruth_desktop.core.compose.fonts import FontBook
from brandtruth_desktop.core.compose.formats import AdFormat
from brandtruth_desktop.core.compose.spec import (
    Align,
    Background,
    CallToAction,
    LayoutSpec,
    Logo,
    Scrim,
    Shape,
    TextBlock,
    TextRole,
    VAlign,
)
from brandtruth_desktop.core.compose.style import AdCopy, BrandStyle, cta_label
from brandtruth_desktop.core.compose.text import fit_text, unit_width
from brandtruth_desktop.core.imagery.geometry import Box

HEADLINE = 0.078
PRIMARY = 0.036
LABEL = 0.032
LOGO = 0.062
HEADLINE_SPACING = 1.08
PRIMARY_SPACING = 1.32


def source_box(crop: Box, region: Box) -> Box:
    """A canvas region (relative to the canvas) in the coordinates of the cropped source."""
    return Box(crop.x + region.x * crop.w, crop.y + region.y * crop.h,
               region.w * crop.w, region.h * crop.h)


def _r(value: float) -> float:
    return round(value, 5)


def _box(x: float, y: float, w: float, h: float) -> Box:
    return Box(_r(x), _r(y), _r(w), _r(h))


@dataclass(frozen=True, slots=True)
class StackItem:
    """One thing in the stack: its kind, size in pixels, and (for text) size and text."""

    kind: str  # logo, accent, headline, primary, cta
    width: float
    height: float
    gap_after: float
    font_px: float = 0.0
    text: str = ""


@dataclass(frozen=True, slots=True)
class Placed:
    """Relative boxes of everything placed, ready to become a LayoutSpec."""

    canvas: Canvas
    boxes: tuple[tuple[StackItem, Box], ...]
    centred: bool

    def with_logo_at(self, area: Box) -> Placed:
        """Move the logo to the top (start) corner of `area`."""
        boxes = []
        for item, box in self.boxes:
            if item.kind == "logo":
                box = _box(area.x, area.y, box.w, box.h)
            boxes.append((item, box))
        return replace(self, boxes=tuple(boxes))

    def spec(self, *, background: Background, scrim: Scrim, button_fill: RGB,
             accent: RGB | None = None) -> LayoutSpec:
        brand, fmt = self.canvas.brand, self.canvas.fmt
        align = Align.CENTER if self.centred else Align.START
        texts: list[TextBlock] = []
        cta = None
        logo = None
        shapes: list[Shape] = []
        for item, box in self.boxes:
            if item.kind in ("headline", "primary"):
                headline = item.kind == "headline"
                texts.append(TextBlock(
                    role=TextRole.HEADLINE if headline else TextRole.PRIMARY,
                    text=item.text, box=box,
                    font=brand.headline_font if headline else brand.body_font,
                    size=_r(item.font_px / fmt.height),
                    min_size=_r(item.font_px * (0.62 if headline else 0.75) / fmt.height),
                    weight=700 if headline else 400, align=align,
                    valign=VAlign.BOTTOM if headline and not self.centred else VAlign.TOP,
                    line_spacing=HEADLINE_SPACING if headline else PRIMARY_SPACING,
                ))
            elif item.kind == "cta":
                cta = CallToAction(item.text, box, to_hex(button_fill), font="sans",
                                   weight=600, size=_r(item.font_px / fmt.height))
            elif item.kind == "logo" and brand.logo_sha256:
                logo = Logo(brand.logo_sha256, box, clear_space=0.3,
                            align=Align.CENTER if self.centred else Align.START)
            elif item.kind == "accent" and accent is not None:
                shapes.append(Shape(box, to_hex(accent), radius=0.5))
        return LayoutSpec(format=fmt.key, background=background, texts=tuple(texts), cta=cta,
                          logo=logo, scrim=scrim, shapes=tuple(shapes))


def mirror(placed: Placed, within: Box | None = None) -> Placed:
    """Left and right swapped, for copy that reads right to left.

    The boxes are mirrored about the vertical centre line of `within`, the area the stack was
    placed in (default: the whole canvas). Give the area whenever it is not centred on the
    canvas (a split layout's panel): mirroring about the canvas would move the copy off the
    panel and onto the photo, where neither its colour nor the scrim was chosen for it.
    """
    axis = 1.0 if within is None else 2 * within.x + within.w  # left + right of the area
    return replace(placed, boxes=tuple(
        (item, _box(axis - box.x - box.w, box.y, box.w, box.h)) for item, box in placed.boxes))


class Canvas:
    """A format, the fonts to measure copy with, and the brand."""

    def __init__(self, fmt: AdFormat, fonts: FontBook | None, brand: BrandStyle) -> None:
        self.fmt = fmt
        self.fonts = fonts
        self.brand = brand
        # Stories and Reels fill a phone screen and lose a third of it to the app's own
        # buttons: type a fifth larger reads like feed type does.
        self.unit = float(min(fmt.size)) * (1.2 if fmt.safe_zone is not None else 1.0)

    def lines(self, text: str, family: str, weight: int, width_px: float, size_px: float,
              spacing: float, balance: bool = False) -> int:
        if self.fonts is None:
            per_line = max(1.0, width_px / (0.55 * size_px))
            return max(1, math.ceil(len(text) / per_line))
        lines, _size, _overflow, _hidden = fit_text(
            self.fonts, text, family=family, weight=weight, box_px=(width_px, 1e9),
            size_px=size_px, min_px=size_px, line_spacing=spacing, balance=balance)
        return len(lines)

    def label_width(self, label: str, size_px: float) -> float:
        if self.fonts is None:
            return 0.56 * size_px * len(label)
        return unit_width(self.fonts, label, "sans", 600) * size_px

    def stack(self, copy: AdCopy, width_rel: float, *, headline_scale: float = 1.0,
              centred: bool = False, accent_bar: bool = False, scale: float = 1.0,
              logo_scale: float = 1.0) -> Stack:
        u, brand = self.unit * scale, self.brand
        width_px = width_rel * self.fmt.width
        items: list[StackItem] = []
        if brand.logo_sha256:
            height = LOGO * self.unit * logo_scale
            width = min(brand.logo_aspect * height, width_px * 0.5)
            items.append(StackItem("logo", width, width / brand.logo_aspect, 0.055 * u))
        if accent_bar:
            items.append(StackItem("accent", 0.09 * u, 0.01 * u, 0.032 * u))
        if copy.headline.strip():
            size = HEADLINE * u * headline_scale
            while (n := self.lines(copy.headline, brand.headline_font, 700, width_px, size,
                                   HEADLINE_SPACING, balance=True)) > 3 and size > 0.05 * u:
                size *= 0.92
            items.append(StackItem("headline", width_px, n * size * HEADLINE_SPACING + 0.1 * size,
                                   0.034 * u, size, copy.headline))
        if copy.primary_text.strip():
            size = PRIMARY * u
            while (n := self.lines(copy.primary_text, brand.body_font, 400, width_px, size,
                                   PRIMARY_SPACING)) > 4 and size > 0.029 * u:
                size *= 0.94
            items.append(StackItem("primary", width_px, n * size * PRIMARY_SPACING + 0.1 * size,
                                   0.05 * u, size, copy.primary_text))
        label = cta_label(copy.call_to_action)
        size = LABEL * u
        height = 2.55 * size
        width = min(width_px, max(2.8 * height, self.label_width(label, size) * 1.04
                                  + 0.7 * height))
        items.append(StackItem("cta", width, height, 0.0, size, label))
        return Stack(self, items, width_rel, centred,
                     (copy, headline_scale, accent_bar, scale, logo_scale))


class Stack:
    """Items top to bottom, to be placed in an area."""

    def __init__(self, canvas: Canvas, items: list[StackItem], width_rel: float, centred: bool,
                 recipe: tuple[AdCopy, float, bool, float, float]) -> None:
        self.canvas = canvas
        self.items = items
        self.width_rel = width_rel
        self.centred = centred
        self._recipe = recipe

    def height_px(self, include_logo: bool = True) -> float:
        items = [i for i in self.items if include_logo or i.kind != "logo"]
        if not items:
            return 0.0
        return sum(i.height + i.gap_after for i in items[:-1]) + items[-1].height

    def height_rel(self, include_logo: bool = False) -> float:
        return self.height_px(include_logo) / self.canvas.fmt.height

    def place(self, area: Box, *, anchor: str, logo_on_top: bool,
              logo_far: tuple[Box, bool] | None = None) -> Placed:
        """Place the stack in `area` (anchored top, middle or bottom). The logo goes on top
        of the stack, or at the far end of `logo_far`'s content box from the text (the bool
        says the text is at the top), or else at the area's top for the caller to move
        (`Placed.with_logo_at`)."""
        fmt = self.canvas.fmt
        total = self.height_px(include_logo=logo_on_top)
        available = area.h * fmt.height
        copy, headline_scale, accent_bar, scale, logo_scale = self._recipe
        if total > available * 1.001 and scale > 0.7:
            smaller = self.canvas.stack(
                copy, self.width_rel, headline_scale=headline_scale, centred=self.centred,
                accent_bar=accent_bar, scale=max(0.7, scale * available / total),
                logo_scale=logo_scale)
            return smaller.place(area, anchor=anchor, logo_on_top=logo_on_top,
                                 logo_far=logo_far)
        y = area.y * fmt.height + {
            "top": 0.0, "middle": (available - total) / 2, "bottom": available - total,
        }.get(anchor, 0.0)
        placed: list[tuple[StackItem, Box]] = []
        for item in self.items:
            if item.kind == "logo" and not logo_on_top:
                # At the far end of the content box, or (for the caller to move) the area's top.
                top = area.y * fmt.height
                if logo_far is not None:
                    content, text_at_top = logo_far
                    top = (content.bottom * fmt.height - item.height if text_at_top
                           else content.y * fmt.height)
                placed.append((item, self._box(area, item, top)))
                continue
            placed.append((item, self._box(area, item, y)))
            y += item.height + item.gap_after
        return Placed(self.canvas, tuple(placed), self.centred)

    def _box(self, area: Box, item: StackItem, top_px: float) -> Box:
        fmt = self.canvas.fmt
        width = item.width / fmt.width
        if item.kind in ("headline", "primary"):
            width = area.w
        x = area.x + (area.w - width) / 2 if self.centred else area.x
        return _box(x, top_px / fmt.height, width, item.height / fmt.height)
