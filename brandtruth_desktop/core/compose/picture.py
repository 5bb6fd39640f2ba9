"""Pictures for the renderer: reading assets, decoding once, cropping and resizing once per size.

A LayoutSpec names its photo and logo by SHA-256; `assets` turns a hash into bytes (the asset
store, or any callable). Decoding goes through `core.imagery.loading` (decompression bombs,
corrupt files, CMYK, EXIF rotation handled there). A JPEG much larger than the output is
decoded at 1/2, 1/4 or 1/8 scale straight from the DCT (`draft`), which is both faster and, for
a preview, the only decode needed. Decoded images and their crops at each output size are kept
in a `RenderCache`, so moving a headline on the canvas never decodes or resizes the photo again.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from PIL import Image, ImageOps

from brandtruth_desktop.core.compose.lru import LRU
from brandtruth_desktop.core.imagery.analysis import focal_crop
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.imagery.loading import ImageProblem, load_image, normalise_mode

MAX_PIXELS = 80_000_000


class AssetSource(Protocol):
    """The asset store as the renderer needs it (storage.asset_store.AssetStore fits)."""

    def open(self, sha256: str) -> BinaryIO: ...


Assets = Callable[[str], bytes] | AssetSource
"""Where the renderer gets an image's bytes from its SHA-256."""


class MissingAsset(LookupError):
    """An image the spec names is not in the asset store; the message says which."""


def read_asset(assets: Assets, sha256: str) -> bytes:
    """The bytes of `sha256` from a store with `open()` or a callable; MissingAsset if absent."""
    try:
        if callable(assets):
            return assets(sha256)
        with assets.open(sha256) as handle:
            return handle.read()
    except (FileNotFoundError, KeyError, ValueError) as error:
        raise MissingAsset(
            f"The image {sha256[:12]}… is not in the asset store. Choose the image again."
        ) from error


def _image_bytes(image: Image.Image) -> int:
    return image.width * image.height * len(image.getbands())


class RenderCache:
    """What renders share: decoded images (by hash and decode scale), pictures cropped and
    resized for an output size, scrim masks, and each spec's resolved layout. Budgets are in
    bytes for images and in entries for the rest. Use one per thread that renders."""

    def __init__(self, *, decoded_mb: int = 320, sized_mb: int = 256, entries: int = 512) -> None:
        self.decoded: LRU[tuple[str, int], Image.Image] = LRU(decoded_mb << 20, _image_bytes)
        self.sized: LRU[tuple[Any, ...], Image.Image] = LRU(sized_mb << 20, _image_bytes)
        self.entries: LRU[tuple[Any, ...], Any] = LRU(entries)

    def clear(self) -> None:
        self.decoded.clear()
        self.sized.clear()
        self.entries.clear()


@dataclass(frozen=True, slots=True)
class PictureInfo:
    """What QA needs about a placed picture: the source size and the part of it shown."""

    source_size: tuple[int, int]
    crop: tuple[int, int, int, int]  # in source pixels


def _decode(data: bytes, scale: int) -> Image.Image:
    """Decode at 1/`scale` (JPEG only; other formats decode fully)."""
    if scale > 1 and data[:3] == b"\xff\xd8\xff":
        with contextlib.suppress(Exception):
            image = Image.open(io.BytesIO(data), formats=["JPEG"])
            width, height = image.size
            if 0 < width * height <= MAX_PIXELS:
                image.draft("RGB", (width // scale, height // scale))
                image.load()
                ImageOps.exif_transpose(image, in_place=True)
                return normalise_mode(image)
    return load_image(data, max_pixels=MAX_PIXELS)


def _source_size(data: bytes) -> tuple[int, int]:
    """The upright pixel size of an image without decoding it (0, 0 when unreadable)."""
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
    except Exception:
        return 0, 0
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def decoded(cache: RenderCache, assets: Assets, sha256: str, needed: tuple[int, int],
            crop: Box | None) -> tuple[Image.Image, tuple[int, int]]:
    """The image decoded at the smallest JPEG scale that still has enough pixels for `needed`
    (the output size of the shown part), and the full source size."""
    size_key = ("source-size", sha256)
    source = cache.entries.get(size_key)
    data: bytes | None = None
    if source is None:
        data = read_asset(assets, sha256)
        source = cache.entries.put(size_key, _source_size(data))
    width, height = source
    scale = 1
    if width and height:
        shown_w = width * (crop.w if crop else 1.0)
        shown_h = height * (crop.h if crop else 1.0)
        aspect = needed[0] / max(1, needed[1])
        # The cover crop of the shown part: its smaller side limits the scale.
        crop_w, crop_h = min(shown_w, shown_h * aspect), min(shown_h, shown_w / aspect)
        for candidate in (8, 4, 2):
            if crop_w / candidate >= needed[0] and crop_h / candidate >= needed[1]:
                scale = candidate
                break
    for better in (1, 2, 4, 8):  # any finer decode already in the cache will do
        if better > scale:
            break
        found = cache.decoded.get((sha256, better))
        if found is not None:
            return found, source
    if data is None:
        data = read_asset(assets, sha256)
    image = cache.decoded.put((sha256, scale), _decode(data, scale))
    if not (width and height):
        source = cache.entries.put(size_key, image.size)
    return image, source


def _crop_box(size: tuple[int, int], crop: Box | None, aspect: float
              ) -> tuple[float, float, float, float]:
    """The part of an image of `size` to show in a box of `aspect`: the spec's crop (trimmed
    to the aspect around its centre) or a centred cover crop."""
    width, height = size
    if crop is None:
        left_, top_, right_, bottom_ = focal_crop(size, aspect, (0.5, 0.5))
        return float(left_), float(top_), float(right_), float(bottom_)
    left, top = crop.x * width, crop.y * height
    w, h = max(1.0, crop.w * width), max(1.0, crop.h * height)
    if w / h > aspect:
        left, w = left + (w - h * aspect) / 2, h * aspect
    else:
        top, h = top + (h - w / aspect) / 2, w / aspect
    left, top = max(0.0, min(left, width - 1.0)), max(0.0, min(top, height - 1.0))
    return left, top, min(float(width), left + w), min(float(height), top + h)


def sized_picture(
    cache: RenderCache, assets: Assets, sha256: str, crop: Box | None, size: tuple[int, int]
) -> tuple[Image.Image, PictureInfo]:
    """The photo cropped and resized to exactly `size`, made once per (photo, crop, size)."""
    key = ("picture", sha256, crop, size)
    info_key = ("picture-info", sha256, crop, size)
    found = cache.sized.get(key)
    info = cache.entries.get(info_key)
    if found is not None and info is not None:
        return found, info
    image, source = decoded(cache, assets, sha256, size, crop)
    box = _crop_box(image.size, crop, size[0] / max(1, size[1]))
    fitted = image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    ratio = source[0] / image.width if image.width else 1.0
    crop_px = (round(box[0] * ratio), round(box[1] * ratio), round(box[2] * ratio),
               round(box[3] * ratio))
    info = PictureInfo(source, crop_px)
    cache.entries.put(info_key, info)
    return cache.sized.put(key, fitted), info


def logo_image(cache: RenderCache, assets: Assets, sha256: str, box: tuple[int, int]
               ) -> Image.Image:
    """The logo as RGBA, scaled to fit inside `box` pixels (aspect kept), made once per size."""
    key = ("logo", sha256, box)
    found = cache.sized.get(key)
    if found is not None:
        return found
    image, _source = decoded(cache, assets, sha256, (1 << 20, 1 << 20), None)  # full scale
    logo = image.convert("RGBA")
    bbox = logo.getchannel("A").getbbox()
    if bbox:
        logo = logo.crop(bbox)  # transparent margins would eat the clear space
    scale = min(box[0] / logo.width, box[1] / logo.height)
    target = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    return cache.sized.put(key, logo.resize(target, Image.Resampling.LANCZOS))


__all__ = [
    "AssetSource",
    "Assets",
    "ImageProblem",
    "MissingAsset",
    "PictureInfo",
    "RenderCache",
    "decoded",
    "logo_image",
    "read_asset",
    "sized_picture",
]
