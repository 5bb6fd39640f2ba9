"""Everything behind the text: fill, photo or generated background, scrim and flat shapes.

The renderer predicts the pixels behind text (to choose the scrim's strength) from the same
masks it draws with, so the prediction and the picture agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from brandtruth_desktop.core.compose.color import parse_color
from brandtruth_desktop.core.compose.picture import (
    Assets,
    MissingAsset,
    PictureInfo,
    RenderCache,
    sized_picture,
)
from brandtruth_desktop.core.compose.spec import Edge, LayoutSpec, Scrim, ScrimKind
from brandtruth_desktop.core.imagery.backgrounds import BackgroundRecipe, render_background
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.imagery.loading import ImageProblem


def scrim_profile(t: float, ramp: float) -> float:
    """Opacity (0-1, before strength) at `t`: 0 at the scrim's open edge, 1 at its dense edge,
    rising smoothly over the first `ramp` of the way."""
    x = min(1.0, max(0.0, t / max(ramp, 1e-6)))
    return x * x * (3 - 2 * x)


@dataclass(frozen=True, slots=True)
class Backdrop:
    """The canvas with everything but logo, button and text, and what QA needs to know."""

    image: Image.Image
    picture: PictureInfo | None
    picture_px: tuple[int, int] | None  # the size the picture was drawn at
    problems: tuple[str, ...]


def pixel_box(box: Box, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A relative box in whole pixels (left, top, right, bottom), possibly empty."""
    width, height = size
    left = max(0, min(width, round(box.x * width)))
    top = max(0, min(height, round(box.y * height)))
    right = max(left, min(width, round((box.x + box.w) * width)))
    bottom = max(top, min(height, round((box.y + box.h) * height)))
    return left, top, right, bottom


def draw_backdrop(spec: LayoutSpec, size: tuple[int, int], *, assets: Assets,
                  cache: RenderCache, scrim_strength: float | None = None) -> Backdrop:
    """Fill, picture, scrim (at `scrim_strength`, default the spec's) and shapes, at `size`."""
    background = spec.background
    canvas = Image.new("RGB", size, parse_color(background.fill))
    problems: list[str] = []
    info: PictureInfo | None = None
    placed: tuple[int, int] | None = None
    left, top, right, bottom = pixel_box(background.image_box, size)
    area = (right - left, bottom - top)
    if area[0] > 0 and area[1] > 0:
        if background.image_sha256:
            try:
                picture, info = sized_picture(cache, assets, background.image_sha256,
                                              background.crop, area)
                placed = area
                if picture.mode == "RGBA":
                    canvas.paste(picture, (left, top), picture)
                else:
                    canvas.paste(picture, (left, top))
            except (MissingAsset, ImageProblem) as error:
                problems.append(str(error))
        elif background.generated is not None:
            canvas.paste(_generated(spec, area, cache), (left, top))
    strength = spec.scrim.strength if scrim_strength is None else scrim_strength
    if spec.scrim.kind is not ScrimKind.NONE and strength > 0:
        mask = scrim_mask(spec.scrim, size, cache, strength)
        box = pixel_box(spec.scrim.region, size)
        if mask is not None:
            canvas.paste(parse_color(spec.scrim.color), box[:2], mask)
    for shape in spec.shapes:
        _draw_shape(canvas, shape.box, parse_color(shape.color), shape.radius, shape.opacity)
    return Backdrop(canvas, info, placed, tuple(problems))


def _generated(spec: LayoutSpec, size: tuple[int, int], cache: RenderCache) -> Image.Image:
    generated = spec.background.generated
    assert generated is not None
    key = ("generated", generated, size)
    found = cache.sized.get(key)
    if found is None:
        recipe = BackgroundRecipe.from_dict(
            {"style": generated.style, "colours": list(generated.colors), "seed": generated.seed}
        )
        found = cache.sized.put(key, render_background(recipe, size))
    return found


def scrim_unit_mask(scrim: Scrim, size: tuple[int, int], cache: RenderCache
                    ) -> Image.Image | None:
    """The scrim's opacity over its region at full strength ("L", 255 = opaque)."""
    left, top, right, bottom = pixel_box(scrim.region, size)
    width, height = right - left, bottom - top
    if width <= 0 or height <= 0 or scrim.kind is ScrimKind.NONE:
        return None
    key = ("scrim", scrim.kind, scrim.edge, scrim.ramp, width, height)
    found = cache.sized.get(key)
    if found is not None:
        return found
    if scrim.kind is ScrimKind.SOLID:
        mask = Image.new("L", (width, height), 255)
    else:
        profile = [round(255 * scrim_profile(i / 255, scrim.ramp)) for i in range(256)]
        ramp = Image.linear_gradient("L").point(profile)  # 0 at the top, 255 at the bottom
        if scrim.edge is Edge.TOP:
            ramp = ramp.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        elif scrim.edge is Edge.RIGHT:
            ramp = ramp.transpose(Image.Transpose.ROTATE_90)  # 0 at the left, 255 at right
        elif scrim.edge is Edge.LEFT:
            ramp = ramp.transpose(Image.Transpose.ROTATE_90).transpose(
                Image.Transpose.FLIP_LEFT_RIGHT)
        mask = ramp.resize((width, height), Image.Resampling.BILINEAR)
    return cache.sized.put(key, mask)


def scrim_mask(scrim: Scrim, size: tuple[int, int], cache: RenderCache, strength: float
               ) -> Image.Image | None:
    unit = scrim_unit_mask(scrim, size, cache)
    if unit is None:
        return None
    level = round(max(0.0, min(1.0, strength)) * 100)
    key = ("scrim-at", scrim.kind, scrim.edge, scrim.ramp, unit.size, level)
    found = cache.sized.get(key)
    if found is None:
        table = [round(v * level / 100) for v in range(256)]
        found = cache.sized.put(key, unit.point(table))
    return found


def _draw_shape(canvas: Image.Image, box: Box, color: tuple[int, int, int], radius: float,
                opacity: float) -> None:
    left, top, right, bottom = pixel_box(box, canvas.size)
    if right <= left or bottom <= top or opacity <= 0:
        return
    mask = Image.new("L", (right - left, bottom - top), 0)
    corner = round(radius * min(right - left, bottom - top))
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, right - left - 1, bottom - top - 1), radius=corner,
        fill=round(255 * min(1.0, opacity)),
    )
    canvas.paste(color, (left, top), mask)


def rounded_mask(size: tuple[int, int], radius: int, supersample: int = 3) -> Image.Image:
    """An antialiased rounded-rectangle mask (drawn large, then reduced)."""
    width, height = size
    big = Image.new("L", (width * supersample, height * supersample), 0)
    ImageDraw.Draw(big).rounded_rectangle(
        (0, 0, width * supersample - 1, height * supersample - 1),
        radius=radius * supersample, fill=255,
    )
    return big.reduce(supersample)
