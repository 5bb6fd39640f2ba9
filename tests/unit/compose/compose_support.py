"""Helpers for the composition tests: a made-up photo and logo, copy, the fonts folder."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from brandtruth_desktop.core.imagery.analysis import ImageAnalysis

FONTS_DIR = Path(__file__).resolve().parents[3] / "resources" / "fonts"


@dataclass(frozen=True)
class AdCopyFixture:
    """Copy as a variant carries it."""

    headline: str
    primary_text: str
    call_to_action: str = "LEARN_MORE"
    description: str = ""
    id: str = "v1"


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def make_photo(size: tuple[int, int] = (1600, 1200)) -> Image.Image:
    """A landscape "photo": a calm sky gradient on top, a busy striped field below, and a
    bright sun as the subject (left of centre, just above the field). Deterministic."""
    width, height = size
    sky = Image.linear_gradient("L").resize(size).point(lambda v: 90 + v // 3)
    photo = Image.merge("RGB", (sky.point(lambda v: v // 2), sky.point(lambda v: v - 10), sky))
    draw = ImageDraw.Draw(photo)
    for i in range(0, width, 24):  # the busy field in the lower half
        shade = 60 + (i * 37) % 150
        draw.rectangle((i, int(height * 0.62), i + 11, height), fill=(shade, 120 + shade // 3, 40))
    sun = (int(width * 0.38), int(height * 0.5))
    draw.ellipse((sun[0] - 110, sun[1] - 110, sun[0] + 110, sun[1] + 110),
                 fill=(255, 214, 90))
    return photo.filter(ImageFilter.GaussianBlur(1.5))


def make_logo() -> Image.Image:
    """A transparent logo: a coloured rounded square with a white mark, 3:1 canvas."""
    logo = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.rounded_rectangle((0, 0, 119, 119), radius=24, fill=(17, 94, 89, 255))
    draw.ellipse((30, 30, 90, 90), fill=(255, 255, 255, 255))
    draw.rectangle((140, 40, 350, 80), fill=(17, 94, 89, 255))
    return logo


@dataclass(frozen=True)
class Stock:
    """The made-up photo and logo as a store the renderer can read."""

    photo_sha: str
    logo_sha: str
    files: dict[str, bytes]
    analysis: ImageAnalysis

    def __call__(self, sha256: str) -> bytes:
        return self.files[sha256]
