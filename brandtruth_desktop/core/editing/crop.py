"""The photo's crop on the canvas: panning and zooming it, and placing a new photo.

A spec's `background.crop` is the part of the source image shown, relative to the source; the
renderer trims it to the picture box's aspect around its centre. Here a crop is always kept
at that aspect already (`fit_crop`), so panning and zooming move exactly what the designer
sees. `zoom` 1 is the largest crop that covers the box (the whole width or height of the
photo); 2 shows half as much, twice as large.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from brandtruth_desktop.core.compose.formats import get_format
from brandtruth_desktop.core.compose.spec import GeneratedBackground, LayoutSpec
from brandtruth_desktop.core.editing.geometry import tidy
from brandtruth_desktop.core.imagery.analysis import focal_crop
from brandtruth_desktop.core.imagery.geometry import Box

MAX_ZOOM = 4.0


def picture_aspect(spec: LayoutSpec) -> float:
    """Width over height, in pixels, of the box the photo fills in `spec`."""
    fmt = get_format(spec.format)
    box = spec.background.image_box
    return (box.w * fmt.width) / max(1e-9, box.h * fmt.height)


def cover_crop(source: tuple[int, int], aspect: float,
               centre: tuple[float, float] = (0.5, 0.5)) -> Box:
    """The largest crop of a `source`-sized image at `aspect`, centred on `centre` as far as
    the image allows (relative to the source)."""
    width, height = source
    if width <= 0 or height <= 0 or aspect <= 0:
        return Box(0.0, 0.0, 1.0, 1.0)
    left, top, right, bottom = focal_crop(source, aspect, centre)
    return Box(left / width, top / height, (right - left) / width, (bottom - top) / height)


def fit_crop(crop: Box | None, source: tuple[int, int], aspect: float) -> Box:
    """`crop` trimmed to `aspect` around its centre, as the renderer shows it (None: the
    centred cover crop), kept inside the image."""
    width, height = source
    if width <= 0 or height <= 0:
        return crop or Box(0.0, 0.0, 1.0, 1.0)
    if crop is None:
        return cover_crop(source, aspect)
    w_px, h_px = max(1.0, crop.w * width), max(1.0, crop.h * height)
    cx, cy = (crop.x + crop.w / 2) * width, (crop.y + crop.h / 2) * height
    if w_px / h_px > aspect:
        w_px = h_px * aspect
    else:
        h_px = w_px / aspect
    w_px, h_px = min(w_px, float(width)), min(h_px, float(height))
    left = min(max(0.0, cx - w_px / 2), width - w_px)
    top = min(max(0.0, cy - h_px / 2), height - h_px)
    return Box(left / width, top / height, w_px / width, h_px / height)


def zoom_of(crop: Box | None, source: tuple[int, int], aspect: float) -> float:
    """How far `crop` is zoomed in from the cover crop (1 = not at all)."""
    fitted = fit_crop(crop, source, aspect)
    cover = cover_crop(source, aspect)
    return max(1.0, cover.w / max(1e-9, fitted.w))


def zoom_crop(crop: Box | None, source: tuple[int, int], aspect: float, zoom: float) -> Box:
    """The crop at `zoom` (1 … MAX_ZOOM) around the current crop's centre."""
    zoom = min(MAX_ZOOM, max(1.0, zoom))
    fitted = fit_crop(crop, source, aspect)
    cover = cover_crop(source, aspect)
    w, h = cover.w / zoom, cover.h / zoom
    cx, cy = fitted.x + fitted.w / 2, fitted.y + fitted.h / 2
    x = min(max(0.0, cx - w / 2), 1.0 - w)
    y = min(max(0.0, cy - h / 2), 1.0 - h)
    return tidy(Box(x, y, w, h))


def pan_crop(crop: Box | None, source: tuple[int, int], aspect: float, image_box: Box,
             dx: float, dy: float) -> Box:
    """The crop after the picture was dragged by (dx, dy) canvas fractions: the picture
    follows the pointer, so the crop moves the other way."""
    fitted = fit_crop(crop, source, aspect)
    x = fitted.x - dx / max(1e-9, image_box.w) * fitted.w
    y = fitted.y - dy / max(1e-9, image_box.h) * fitted.h
    x = min(max(0.0, x), 1.0 - fitted.w)
    y = min(max(0.0, y), 1.0 - fitted.h)
    return tidy(Box(x, y, fitted.w, fitted.h))


def with_crop(spec: LayoutSpec, crop: Box | None) -> LayoutSpec:
    return replace(spec, background=replace(spec.background, crop=crop))


def with_photo(spec: LayoutSpec, sha256: str, source: tuple[int, int],
               focal_point: tuple[float, float] = (0.5, 0.5)) -> LayoutSpec:
    """`spec` showing another photo in the same picture box, cropped around its focal point;
    every box, colour and the scrim stay as they are."""
    crop = tidy(cover_crop(source, picture_aspect(spec), focal_point)) if all(source) else None
    return replace(spec, background=replace(spec.background, image_sha256=sha256, crop=crop,
                                            generated=None))


def with_generated(spec: LayoutSpec, generated: GeneratedBackground) -> LayoutSpec:
    """`spec` on a background generated from brand colours instead of a photo."""
    return replace(spec, background=replace(spec.background, image_sha256=None, crop=None,
                                            generated=generated))


def photo_of(specs: Mapping[str, LayoutSpec]) -> str | None:
    """The photo the ad shows (the first format's that has one)."""
    return next((s.background.image_sha256 for s in specs.values()
                 if s.background.image_sha256), None)
