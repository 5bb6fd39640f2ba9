"""Writing a rendered ad: JPEG (quality 90) or PNG, atomically, to a file or the asset store.

A file is written to a temporary name beside the target, flushed and fsynced, then renamed
over the target (and the folder fsynced): after a crash or a full disk the target holds the
old ad or the new one, never half of one. Into the asset store it goes through
`put_bytes`, which is atomic the same way and names the file by its SHA-256.
Both carry an sRGB ICC profile so colour-managed viewers show the brand colours as designed.
"""

from __future__ import annotations

import io
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageCms

JPEG_QUALITY = 90
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"jpeg": ".jpg", "png": ".png"}


class CreativeStore(Protocol):
    """The asset store as export needs it (storage.asset_store.AssetStore fits)."""

    def put_bytes(self, data: bytes, *, kind: str, mime_type: str, original_name: str = "",
                  source_url: str = "") -> object: ...


@cache
def _srgb_profile() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return bytes(profile.tobytes())


def encode(image: Image.Image, fmt: str = "jpeg") -> bytes:
    """The image as JPEG (quality 90, full-resolution colour so coloured text stays crisp) or
    PNG bytes, with an sRGB profile."""
    fmt = fmt.lower().replace("jpg", "jpeg")
    if fmt not in MIME_TYPES:
        raise ValueError(f"Cannot export as “{fmt}”: use jpeg or png.")
    buffer = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, subsampling=0,
                                  icc_profile=_srgb_profile())
    else:
        image.save(buffer, "PNG", compress_level=3, icc_profile=_srgb_profile())
    return buffer.getvalue()


def export(image: Image.Image, target: str | os.PathLike[str] | CreativeStore,
           fmt: str = "jpeg", *, name: str = "") -> Path | object:
    """Write `image` to the file `target` (atomically) or into an asset store.

    Returns the path written, or what the store's `put_bytes` returns (an `Asset`).
    """
    data = encode(image, fmt)
    fmt = fmt.lower().replace("jpg", "jpeg")
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        write_atomic(path, data)
        return path
    return target.put_bytes(data, kind="creative", mime_type=MIME_TYPES[fmt],
                            original_name=name or f"creative{EXTENSIONS[fmt]}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that it holds either all of it or what it held before."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
