"""Backgrounds made from the brand's colours: gradients and soft shapes, no network needed.

A `BackgroundRecipe` (style, colours, seed) fully determines the picture: the same recipe
gives the same pixels at a given size, on any machine, so a LayoutSpec can refer to a generated
background by its recipe and the renderer can make it again at any size. Shapes are kept faint
so text placed over them stays readable.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PIL import Image, ImageColor, ImageDraw

from brandtruth_desktop.core.models import ImageSource, StockPhoto

DEFAULT_COLOURS = ("#1F2937", "#4B5563")
"""Slate greys, used when the brand has no usable colour."""

MAX_SIDE = 12_000


class BackgroundStyle(StrEnum):
    """How a generated background looks."""

    SOLID = "solid"
    LINEAR = "linear"
    RADIAL = "radial"
    SHAPES = "shapes"
    BANDS = "bands"


@dataclass(frozen=True, slots=True)
class BackgroundRecipe:
    """Everything that decides a generated background; `id` names it stably."""

    style: BackgroundStyle
    colours: tuple[str, ...]
    seed: int = 0

    @property
    def id(self) -> str:
        digest = hashlib.sha256(
            json.dumps(self.to_dict(), sort_keys=True).encode("utf-8")
        ).hexdigest()
        return f"{self.style.value}-{digest[:16]}"

    def to_dict(self) -> dict[str, Any]:
        return {"style": self.style.value, "colours": list(self.colours), "seed": self.seed}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BackgroundRecipe:
        """The recipe from `to_dict()` output; unknown styles raise ValueError."""
        return cls(
            style=BackgroundStyle(str(data["style"])),
            colours=brand_palette([str(c) for c in data.get("colours", ())]),
            seed=int(data.get("seed", 0)),
        )


def brand_palette(colours: Sequence[str]) -> tuple[str, ...]:
    """The usable colours as upper-case "#RRGGBB", in order, without repeats.

    Anything Pillow understands ("#abc", "rgb(1,2,3)", "navy") is accepted; the rest is
    skipped. With nothing usable, DEFAULT_COLOURS.
    """
    result: list[str] = []
    for colour in colours:
        try:
            rgb = ImageColor.getrgb(colour.strip())
        except (ValueError, AttributeError):
            continue
        hex_colour = "#{:02X}{:02X}{:02X}".format(*rgb[:3])
        if hex_colour not in result:
            result.append(hex_colour)
    return tuple(result) or DEFAULT_COLOURS


def background_recipes(
    colours: Sequence[str], *, count: int = 4, seed: int = 0
) -> tuple[BackgroundRecipe, ...]:
    """`count` different recipes for a brand, always the same for the same colours and seed:
    the styles in turn (linear, radial, shapes, bands, solid), each with its own seed."""
    palette = brand_palette(colours)
    order = (BackgroundStyle.LINEAR, BackgroundStyle.RADIAL, BackgroundStyle.SHAPES,
             BackgroundStyle.BANDS, BackgroundStyle.SOLID)
    return tuple(
        BackgroundRecipe(order[i % len(order)], palette, seed + i) for i in range(max(0, count))
    )


def generate_background(
    colours: Sequence[str],
    size: tuple[int, int],
    *,
    style: BackgroundStyle | str = BackgroundStyle.LINEAR,
    seed: int = 0,
) -> Image.Image:
    """An RGB background of `size` from the brand colours (see `render_background`)."""
    recipe = BackgroundRecipe(BackgroundStyle(style), brand_palette(colours), seed)
    return render_background(recipe, size)


def render_background(recipe: BackgroundRecipe, size: tuple[int, int]) -> Image.Image:
    """The recipe's picture as an RGB image of exactly `size` pixels."""
    width, height = size
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise ValueError(f"A background must be 1 to {MAX_SIDE} pixels a side, not {size}")
    rng = random.Random(recipe.seed)
    base, second = _pair(recipe.colours)
    tone = _tone(base)
    if recipe.style is BackgroundStyle.SOLID:
        return Image.new("RGB", size, base)
    if recipe.style is BackgroundStyle.RADIAL:
        return _radial(size, base, second, rng)
    if recipe.style is BackgroundStyle.SHAPES:
        return _shapes(_linear(size, base, _mix(base, second, 0.35), rng), tone, rng)
    if recipe.style is BackgroundStyle.BANDS:
        return _bands(_linear(size, base, _mix(base, second, 0.25), rng), tone, rng)
    return _linear(size, base, second, rng)


RGB = tuple[int, int, int]


def _pair(colours: Sequence[str]) -> tuple[RGB, RGB]:
    """The base colour and the one a gradient runs to: the brand's next colour when it is
    distinct yet close in hue (far hues, like blue to orange, blend through a muddy grey),
    else a lighter or darker tone of the base."""
    palette = [_rgb(c) for c in brand_palette(colours)]
    base = palette[0]
    for other in palette[1:]:
        distinct = sum(abs(a - b) for a, b in zip(base, other, strict=True)) >= 60
        if distinct and _hue_distance(base, other) <= 50:
            return base, other
    return base, _tone(base)


def _tone(colour: RGB) -> RGB:
    """A darker tone of a light colour, a lighter tone of a dark one."""
    if sum(colour) / 3 > 128:
        return _mix(colour, (0, 0, 0), 0.35)
    return _mix(colour, (255, 255, 255), 0.3)


def _hue_distance(a: RGB, b: RGB) -> float:
    """Degrees between two colours' hues; 0 when either is grey (a grey goes with anything)."""
    hue_a, _l, sat_a = colorsys.rgb_to_hls(*(v / 255 for v in a))
    hue_b, _l, sat_b = colorsys.rgb_to_hls(*(v / 255 for v in b))
    if sat_a < 0.12 or sat_b < 0.12:
        return 0.0
    degrees = abs(hue_a - hue_b) * 360
    return min(degrees, 360 - degrees)


def _rgb(colour: str) -> RGB:
    r, g, b = ImageColor.getrgb(colour)[:3]
    return r, g, b


def _mix(a: RGB, b: RGB, amount: float) -> RGB:
    r, g, bl = (round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))
    return r, g, bl


def _linear(size: tuple[int, int], start: RGB, end: RGB, rng: random.Random) -> Image.Image:
    angle = rng.choice((0, 20, 45, 90, 135, 160, 200, 270, 315))
    width, height = size
    # A 256-step ramp rotated and scaled over the diagonal, so any angle covers the whole frame.
    ramp = Image.linear_gradient("L").rotate(angle, resample=Image.Resampling.BICUBIC,
                                             expand=True, fillcolor=None)
    side = ramp.size[0]
    spread = abs(math.cos(math.radians(angle))) + abs(math.sin(math.radians(angle)))
    inner = max(2, math.floor(256 / spread) - 2)  # the square inside the rotated ramp
    offset = (side - inner) // 2
    ramp = ramp.crop((offset, offset, offset + inner, offset + inner))
    mask = ramp.resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", (width, height), end),
                           Image.new("RGB", (width, height), start), mask)


def _radial(
    size: tuple[int, int], centre_colour: RGB, edge: RGB, rng: random.Random
) -> Image.Image:
    width, height = size
    cx = rng.uniform(0.3, 0.7)
    cy = rng.uniform(0.25, 0.6)
    reach = math.hypot(max(cx, 1 - cx) * width, max(cy, 1 - cy) * height)
    disc = Image.radial_gradient("L")  # 256×256, 0 at the centre, 255 at radius 128
    scale = reach / 128
    mask = disc.resize((max(1, round(256 * scale)), max(1, round(256 * scale))),
                       Image.Resampling.BILINEAR)
    left = round(cx * width - mask.width / 2)
    top = round(cy * height - mask.height / 2)
    full = Image.new("L", size, 255)
    full.paste(mask, (left, top))
    return Image.composite(Image.new("RGB", size, edge), Image.new("RGB", size, centre_colour),
                           full)


def _shapes(background: Image.Image, tint: RGB, rng: random.Random) -> Image.Image:
    """Soft circles and a rounded block in faint tints of the base colour."""
    width, height = background.size
    # Drawn at a quarter size and scaled up once: soft edges for a sixteenth of the work.
    small = (max(1, width // 4), max(1, height // 4))
    shorter = min(small)
    overlay = Image.new("RGBA", small, (*tint, 0))
    for index in range(rng.randint(3, 5)):
        mask = Image.new("L", small, 0)
        draw = ImageDraw.Draw(mask)
        radius = rng.uniform(0.18, 0.55) * shorter
        cx = rng.uniform(-0.1, 1.1) * small[0]
        cy = rng.uniform(-0.1, 1.1) * small[1]
        opacity = rng.randint(28, 70)
        if index == 0:
            box = (cx - radius * 1.4, cy - radius * 0.6, cx + radius * 1.4, cy + radius * 0.6)
            draw.rounded_rectangle(box, radius=radius * 0.3, fill=opacity)
        else:
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=opacity)
        colour = _mix(tint, (255, 255, 255), rng.uniform(0.0, 0.25))
        layer = Image.new("RGBA", small, (*colour, 0))
        layer.putalpha(mask)
        overlay = Image.alpha_composite(overlay, layer)
    full = overlay.resize((width, height), Image.Resampling.BILINEAR)
    result = background.copy()
    result.paste(full.convert("RGB"), mask=full.getchannel("A"))
    return result


def _bands(background: Image.Image, accent: RGB, rng: random.Random) -> Image.Image:
    """Two or three broad diagonal bands in a faint tone of the base colour."""
    width, height = background.size
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    slope = rng.choice((-1, 1)) * rng.uniform(0.3, 0.8) * height
    position = rng.uniform(0.1, 0.4) * width
    for _ in range(rng.randint(2, 3)):
        band = rng.uniform(0.08, 0.2) * width
        opacity = rng.randint(25, 55)
        draw.polygon(
            [(position, 0), (position + band, 0),
             (position + band + slope, height), (position + slope, height)],
            fill=opacity,
        )
        position += band + rng.uniform(0.05, 0.25) * width
    return Image.composite(Image.new("RGB", (width, height), accent), background, mask)


GENERATED_URL_PREFIX = "generated:"

_SIZES = {"landscape": (2400, 1350), "portrait": (1620, 2880), "square": (2160, 2160)}


class GeneratedBackgroundSource:
    """Generated backgrounds as an image source (core.ports.StockSource), for when there is no
    network, no key and no suitable photo. The query is not used: the brand colours decide.

    A photo's `full_url` is "generated:" followed by its recipe as JSON, so whoever holds the
    photo can also re-render it at any size with `recipe_from_url` and `render_background`.
    """

    name = ImageSource.GENERATED.value

    def __init__(self, colours: Sequence[str], *, seed: int = 0, brand_name: str = "") -> None:
        self.colours = brand_palette(colours)
        self.seed = seed
        self.brand_name = brand_name

    def search(
        self, query: str, *, per_page: int = 12, orientation: str | None = None
    ) -> list[StockPhoto]:
        key = "square" if orientation in (None, "", "squarish") else str(orientation)
        width, height = _SIZES.get(key, _SIZES["square"])
        recipes = background_recipes(self.colours, count=max(1, min(per_page, 12)),
                                     seed=self.seed)
        return [
            StockPhoto(
                source=self.name,
                id=recipe.id,
                width=width,
                height=height,
                thumb_url=recipe_url(recipe),
                full_url=recipe_url(recipe),
                photographer=self.brand_name,
                description=f"{recipe.style.value} background in the brand colours",
            )
            for recipe in recipes
        ]

    def download(self, photo: StockPhoto) -> bytes:
        """The background as PNG bytes at the photo's size."""
        recipe = recipe_from_url(photo.full_url)
        if recipe is None:
            raise ValueError(f"Not a generated background: {photo.full_url[:60]!r}")
        width, height = photo.width or 2160, photo.height or 2160
        buffer = io.BytesIO()
        render_background(recipe, (width, height)).save(buffer, "PNG", compress_level=1)
        return buffer.getvalue()

    def mark_used(self, photo: StockPhoto) -> None:
        """Nothing to report: the picture is made here."""


def recipe_url(recipe: BackgroundRecipe) -> str:
    """The "generated:{json}" address of a recipe."""
    return GENERATED_URL_PREFIX + json.dumps(recipe.to_dict(), sort_keys=True)


def recipe_from_url(url: str) -> BackgroundRecipe | None:
    """The recipe in a "generated:{json}" address, or None when it is not one."""
    if not url.startswith(GENERATED_URL_PREFIX):
        return None
    try:
        data = json.loads(url[len(GENERATED_URL_PREFIX):])
        return BackgroundRecipe.from_dict(data) if isinstance(data, dict) else None
    except (ValueError, KeyError, TypeError):
        return None
