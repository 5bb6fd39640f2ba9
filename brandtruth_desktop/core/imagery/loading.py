"""Opening images from bytes or files safely: one function, one error type.

Whatever arrives (a stock photo, a file a person dropped, an image off the brand's site) goes
through `load_image`, which guards against decompression bombs, reports truncated and corrupt
files as a clear `ImageProblem`, applies the EXIF orientation and normalises the pixel mode to
RGB, or RGBA when the image really has transparency.
"""

from __future__ import annotations

import contextlib
import io
import struct
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Raster formats a photo or a brand image comes in. Deliberately not EPS/PS (Pillow hands those
# to Ghostscript) nor the exotic plugins: less code parsing untrusted bytes.
READABLE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "MPO", "AVIF", "ICO", "PPM")
READABLE_DESCRIPTION = "JPEG, PNG, WebP, GIF, BMP or TIFF"

_DECODE_ERRORS = (
    OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error,
    # Pillow warns about damaged metadata (and decompression bombs) and carries on; where
    # warnings are turned into errors (as in the tests) they arrive here as exceptions.
    Warning,
)


_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"BM", 0, "image/bmp"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"ftypavif", 4, "image/avif"),
)


def sniff_image_type(data: bytes) -> str:
    """The MIME type of image bytes from their first bytes ("application/octet-stream" when
    they are not a known image format)."""
    for signature, offset, mime in _SIGNATURES:
        if data[offset:offset + len(signature)] == signature:
            if mime == "image/webp" and not data.startswith(b"RIFF"):
                continue
            return mime
    return "application/octet-stream"


class ImageProblem(Exception):
    """An image could not be used; the message says why and what to do, for the person."""


def load_image(source: bytes | Path, *, max_pixels: int = 80_000_000) -> Image.Image:
    """Decode an image fully, upright (EXIF orientation applied), as RGB or RGBA.

    RGBA is kept only when some pixel is not fully opaque. CMYK (with its ICC profile when it
    has one), 16-bit greyscale, palette, and greyscale-with-alpha images are converted.
    Raises ImageProblem for files that are missing, are not images, are corrupt or cut short,
    or claim more than `max_pixels` pixels (a decompression bomb, or simply too large).
    """
    if isinstance(source, Path):
        name = f"“{source.name}”"
        try:
            data = source.read_bytes()
        except OSError as error:
            raise ImageProblem(
                f"Could not read the image {name}: {error.strerror or error}. "
                "Check that the file exists and can be opened."
            ) from error
    else:
        name = "The image"
        data = source
    if not data:
        raise ImageProblem(f"{_subject(name)} is empty (0 bytes). Choose another image.")
    image = _open(data, name, max_pixels)
    return _normalise(image, name)


def image_size(source: bytes | Path) -> tuple[int, int] | None:
    """Upright width and height from the file's header alone (cheap: no pixels decoded), or
    None when it is not an image `load_image` could read."""
    Image.init()
    formats = [f for f in READABLE_FORMATS if f in Image.OPEN]
    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with Image.open(opened, formats=formats) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112)
    except (UnidentifiedImageError, Image.DecompressionBombError, *_DECODE_ERRORS):
        return None
    if width <= 0 or height <= 0:
        return None
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _subject(name: str) -> str:
    return name if name == "The image" else f"The image {name}"


def _open(data: bytes, name: str, max_pixels: int) -> Image.Image:
    Image.init()
    formats = [f for f in READABLE_FORMATS if f in Image.OPEN]
    try:
        image = Image.open(io.BytesIO(data), formats=formats)
    except Image.DecompressionBombError as error:
        raise _too_large(name, None, max_pixels) from error
    except UnidentifiedImageError as error:
        raise ImageProblem(
            f"{_subject(name)} is not in a format BrandTruth can read "
            f"({READABLE_DESCRIPTION}), or it is damaged. Save it as PNG or JPEG and try again."
        ) from error
    except _DECODE_ERRORS as error:
        if isinstance(error, Image.DecompressionBombWarning):
            raise _too_large(name, None, max_pixels) from error
        raise _damaged(name) from error
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _damaged(name)
    if width * height > max_pixels:
        raise _too_large(name, (width, height), max_pixels)
    try:
        image.load()
    except _DECODE_ERRORS as error:
        raise _damaged(name) from error
    return image


def _too_large(name: str, size: tuple[int, int] | None, max_pixels: int) -> ImageProblem:
    claimed = f" claims {size[0]:,} × {size[1]:,} pixels, which" if size else ""
    return ImageProblem(
        f"{_subject(name)}{claimed} is larger than the {max_pixels / 1e6:.0f} megapixels "
        "BrandTruth will open (a file this size can exhaust memory). "
        "Resize it to a few thousand pixels across and try again."
    )


def _damaged(name: str) -> ImageProblem:
    return ImageProblem(
        f"{_subject(name)} is damaged or incomplete (perhaps it did not finish downloading). "
        "Download or export it again."
    )


def _normalise(image: Image.Image, name: str) -> Image.Image:
    # A broken EXIF block: keep the pixels as stored rather than refuse the image.
    with contextlib.suppress(*_DECODE_ERRORS):
        ImageOps.exif_transpose(image, in_place=True)
    try:
        return normalise_mode(image)
    except (ValueError, OSError) as error:
        raise ImageProblem(
            f"{_subject(name)} uses a colour mode ({image.mode}) BrandTruth cannot convert. "
            "Save it as an RGB PNG or JPEG and try again."
        ) from error


def normalise_mode(image: Image.Image) -> Image.Image:
    """The image as RGB, or RGBA when some pixel is not fully opaque (the image itself when it
    already is). Raises ValueError for a mode Pillow cannot convert."""
    converted = _to_rgb_or_rgba(image)
    if converted.mode == "RGBA":
        low, _high = converted.getchannel("A").getextrema()
        if isinstance(low, int | float) and low >= 255:
            converted = converted.convert("RGB")
    return converted


def _to_rgb_or_rgba(image: Image.Image) -> Image.Image:
    mode = image.mode
    if mode in ("RGB", "RGBA"):
        return image
    if mode == "CMYK":
        return _cmyk_to_rgb(image)
    if mode == "P":
        has_alpha = "transparency" in image.info or (
            image.palette is not None and image.palette.mode == "RGBA"
        )
        return image.convert("RGBA" if has_alpha else "RGB")
    if mode == "La":  # premultiplied: Pillow converts it only to LA
        return image.convert("LA").convert("RGBA")
    if mode in ("LA", "PA", "RGBa"):
        return image.convert("RGBA")
    if mode in ("1", "L"):
        if "transparency" in image.info:
            return image.convert("RGBA")
        return image.convert("RGB")
    if mode.startswith("I") or mode == "F":
        return _deep_grey_to_rgb(image)
    return image.convert("RGB")


def _deep_grey_to_rgb(image: Image.Image) -> Image.Image:
    """16-bit and 32-bit greyscale to 8-bit by scaling, not clipping (Pillow's convert("L")
    clips everything above 255 to white)."""
    if image.mode.startswith("I;16"):
        low, high = 0.0, 65535.0
    else:
        extrema = image.getextrema()
        low, high = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
        if low >= 0 and high <= 255:
            low, high = 0.0, 255.0
        elif low >= 0 and high <= 65535:
            low, high = 0.0, 65535.0
    span = max(high - low, 1e-9)
    wide = image if image.mode == "F" else image.convert("I")
    scaled = wide.point(lambda value: (value - low) * (255.0 / span))
    return scaled.convert("L").convert("RGB")


def _cmyk_to_rgb(image: Image.Image) -> Image.Image:
    """CMYK through its embedded ICC profile when it has one, else Pillow's naive formula."""
    profile = image.info.get("icc_profile")
    if profile:
        try:
            transform = ImageCms.buildTransform(
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                "CMYK",
                "RGB",
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
            )
            result = ImageCms.applyTransform(image, transform)
            if result is not None:
                return result
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image.convert("RGB")
