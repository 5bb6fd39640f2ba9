"""Loading images safely: every odd file a person or a stock site can hand us."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from brandtruth_desktop.core.imagery.loading import (
    ImageProblem,
    image_size,
    load_image,
    sniff_image_type,
)


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` × `height` pixels and holds almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


def test_a_cmyk_jpeg_comes_out_rgb_with_the_right_colour() -> None:
    red_in_cmyk = Image.new("CMYK", (40, 30), (0, 255, 255, 0))
    image = load_image(encode(red_in_cmyk, "JPEG", quality=95))
    assert image.mode == "RGB" and image.size == (40, 30)
    r, g, b = image.getpixel((20, 15))  # type: ignore[misc]
    assert r > 200 and g < 80 and b < 80


def test_a_16_bit_png_is_scaled_to_8_bits_not_clipped_to_white() -> None:
    width = 256
    ramp = Image.new("I;16", (width, 4))
    ramp.frombytes(b"".join(struct.pack("<H", x * 257) for x in range(width)) * 4)
    data = encode(ramp, "PNG")
    assert Image.open(io.BytesIO(data)).mode.startswith("I;16")

    image = load_image(data)
    assert image.mode == "RGB"
    # Clipping (Pillow's plain convert) would make everything past 255/65535 white.
    assert image.getpixel((0, 0)) == (0, 0, 0)
    assert abs(image.getpixel((128, 0))[0] - 128) <= 1  # type: ignore[index]
    assert image.getpixel((255, 0)) == (255, 255, 255)


def test_a_palette_png_with_a_transparent_colour_comes_out_rgba() -> None:
    palette_image = Image.new("P", (20, 10), 0)
    palette_image.putpalette([255, 255, 255, 200, 30, 30] + [0] * 762)
    for x in range(10, 20):
        for y in range(10):
            palette_image.putpixel((x, y), 1)
    data = encode(palette_image, "PNG", transparency=0)

    image = load_image(data)
    assert image.mode == "RGBA"
    assert image.getpixel((2, 2))[3] == 0  # type: ignore[index]
    assert image.getpixel((15, 5)) == (200, 30, 30, 255)


def test_a_palette_png_without_transparency_comes_out_rgb() -> None:
    palette_image = Image.new("RGB", (16, 16), (10, 120, 200)).quantize(4)
    image = load_image(encode(palette_image, "PNG"))
    assert image.mode == "RGB" and image.getpixel((3, 3)) == (10, 120, 200)


def test_greyscale_with_alpha_keeps_its_transparency_and_opaque_rgba_drops_it() -> None:
    la = Image.new("LA", (8, 8), (90, 128))
    assert load_image(encode(la, "PNG")).mode == "RGBA"
    opaque = Image.new("RGBA", (8, 8), (1, 2, 3, 255))
    assert load_image(encode(opaque, "PNG")).mode == "RGB"
    grey = Image.new("L", (8, 8), 77)
    assert load_image(encode(grey, "PNG")).getpixel((0, 0)) == (77, 77, 77)


def test_exif_orientation_is_applied_so_the_photo_stands_upright() -> None:
    # Stored sideways: red on the left, blue on the right; Orientation 6 means "rotate 90°
    # clockwise to display", which puts the stored left side on top.
    stored = Image.new("RGB", (60, 20), (220, 0, 0))
    stored.paste((0, 0, 220), (30, 0, 60, 20))
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(stored, "JPEG", quality=95, exif=exif.tobytes())

    image = load_image(data)
    assert image.size == (20, 60)
    top = image.getpixel((10, 5))
    bottom = image.getpixel((10, 55))
    assert top[0] > 180 and top[2] < 60  # type: ignore[index]
    assert bottom[2] > 180 and bottom[0] < 60  # type: ignore[index]
    assert image_size(data) == (20, 60)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_file_is_reported_as_damaged(fmt: str) -> None:
    picture = Image.radial_gradient("L").convert("RGB").resize((300, 200))
    data = encode(picture, fmt)
    with pytest.raises(ImageProblem, match="damaged or incomplete"):
        load_image(data[: len(data) // 2])


def test_a_png_claiming_ten_billion_pixels_is_refused_before_decoding() -> None:
    with pytest.raises(ImageProblem, match="larger than the 80 megapixels"):
        load_image(png_claiming(100_000, 100_000))


def test_a_png_just_over_the_limit_is_refused_too() -> None:
    # 90 megapixels: past our 80 MP limit and Pillow's warning threshold, under its hard stop.
    with pytest.raises(ImageProblem, match="larger than"):
        load_image(png_claiming(10_000, 9_000))


def test_the_pixel_limit_can_be_lowered_and_says_what_the_file_claims() -> None:
    data = encode(Image.new("RGB", (100, 100)), "PNG")
    with pytest.raises(ImageProblem, match="claims 100 × 100 pixels"):
        load_image(data, max_pixels=5_000)


def test_files_that_are_not_images_are_explained(tmp_path: Path) -> None:
    with pytest.raises(ImageProblem, match="not in a format BrandTruth can read"):
        load_image(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    with pytest.raises(ImageProblem, match="empty"):
        load_image(b"")
    with pytest.raises(ImageProblem, match=r"“missing\.png”"):
        load_image(tmp_path / "missing.png")


def test_a_path_reads_the_same_as_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "photo.webp"
    Image.new("RGB", (30, 20), (5, 200, 90)).save(path, "WEBP", lossless=True)
    from_path = load_image(path)
    assert from_path.tobytes() == load_image(path.read_bytes()).tobytes()
    assert from_path.getpixel((0, 0)) == (5, 200, 90)


def test_image_types_are_recognised_from_their_first_bytes() -> None:
    tiny = Image.new("RGB", (4, 4))
    assert sniff_image_type(encode(tiny, "JPEG")) == "image/jpeg"
    assert sniff_image_type(encode(tiny, "PNG")) == "image/png"
    assert sniff_image_type(encode(tiny, "WEBP")) == "image/webp"
    assert sniff_image_type(encode(tiny, "GIF")) == "image/gif"
    assert sniff_image_type(b"RIFF....WAVEfmt ") == "application/octet-stream"
    assert image_size(b"not an image") is None


VALID_FILES = {
    fmt: encode(Image.radial_gradient("L").convert("RGB").resize((40, 30)), fmt)
    for fmt in ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
}


@settings(max_examples=150, deadline=None)
@given(
    fmt=st.sampled_from(sorted(VALID_FILES)),
    cuts=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=6),
    keep=st.floats(0.0, 1.0),
)
def test_damaged_files_give_an_image_or_an_image_problem_never_a_crash(
    fmt: str, cuts: list[tuple[int, int]], keep: float
) -> None:
    data = bytearray(VALID_FILES[fmt])
    for position, value in cuts:
        data[position % len(data)] = value
    damaged = bytes(data[: max(1, int(len(data) * keep))])
    try:
        image = load_image(damaged)
    except ImageProblem as problem:
        assert str(problem).endswith(".")
    else:
        assert image.mode in ("RGB", "RGBA") and image.width > 0 and image.height > 0
