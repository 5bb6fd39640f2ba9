"""Image analysis: where text can sit, how bright it is there, and what a crop must keep."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from brandtruth_desktop.core.imagery.analysis import (
    analyse_image,
    contrast_ratio,
    focal_crop,
    region_luminance,
    relative_luminance,
)
from brandtruth_desktop.core.imagery.geometry import Box


def noise(size: tuple[int, int], seed: int = 1) -> Image.Image:
    """Deterministic grey noise: as busy as a picture gets."""
    width, height = size
    rng = random.Random(seed)
    return Image.frombytes("L", size, rng.randbytes(width * height)).convert("RGB")


def busy_left_flat_right(size: tuple[int, int] = (800, 600)) -> Image.Image:
    image = Image.new("RGB", size, (70, 110, 160))
    # Coarse texture (8 px blocks) so it survives the downscaled working copy.
    texture = noise((size[0] // 16, size[1] // 8)).resize(
        (size[0] // 2, size[1]), Image.Resampling.NEAREST
    )
    image.paste(texture, (0, 0))
    return image


def test_the_flat_half_is_where_text_can_go() -> None:
    analysis = analyse_image(busy_left_flat_right(), grid=16)

    assert analysis.calm_regions, "a flat half must give a calm region"
    largest = analysis.calm_regions[0]
    assert largest.x >= 0.5 and largest.w >= 0.4 and largest.h >= 0.9
    for region in analysis.calm_regions:
        assert region.x >= 0.5 - 1e-9
    left = [cell for row in analysis.busy_grid for cell in row[:7]]
    right = [cell for row in analysis.busy_grid for cell in row[9:]]
    assert min(left) > 0.6
    assert max(right) < 0.1


def test_an_image_busy_everywhere_offers_no_calm_region() -> None:
    analysis = analyse_image(noise((64, 48)).resize((640, 480), Image.Resampling.NEAREST))
    assert analysis.calm_regions == ()


def test_a_bright_spot_on_a_dark_photo_is_the_focal_point() -> None:
    image = Image.new("RGB", (1200, 800), (25, 28, 35))
    ImageDraw.Draw(image).ellipse((840, 160, 960, 280), fill=(250, 245, 230))  # centre 0.75, 0.275
    fx, fy = analyse_image(image).focal_point
    assert abs(fx - 0.75) < 0.06 and abs(fy - 0.275) < 0.06


def test_a_face_like_blob_draws_the_focal_point_away_from_the_centre() -> None:
    image = Image.new("RGB", (1000, 1000), (96, 110, 128))
    draw = ImageDraw.Draw(image)
    draw.ellipse((130, 520, 370, 820), fill=(224, 172, 140))  # a face at (0.25, 0.67)
    draw.ellipse((190, 610, 220, 640), fill=(40, 30, 30))
    draw.ellipse((280, 610, 310, 640), fill=(40, 30, 30))
    draw.arc((200, 680, 300, 740), 20, 160, fill=(120, 40, 40), width=6)
    fx, fy = analyse_image(image).focal_point
    assert abs(fx - 0.25) < 0.08 and abs(fy - 0.67) < 0.08


def test_a_plain_image_has_its_focal_point_in_the_middle() -> None:
    analysis = analyse_image(Image.new("RGB", (300, 200), (200, 30, 30)))
    assert analysis.focal_point == (0.5, 0.5)
    assert len(analysis.calm_regions) == 1 and analysis.calm_regions[0] == Box(0, 0, 1, 1)


def test_luminance_follows_wcag() -> None:
    assert relative_luminance((255, 255, 255)) == pytest.approx(1.0)
    assert relative_luminance((0, 0, 0)) == 0.0
    assert relative_luminance((119, 119, 119)) == pytest.approx(0.1845, abs=1e-3)
    assert contrast_ratio(1.0, 0.0) == pytest.approx(21.0)
    # WCAG's own example: #777 on white is just under 4.5.
    assert contrast_ratio(relative_luminance((119, 119, 119)), 1.0) == pytest.approx(4.48, abs=0.01)


def test_region_luminance_measures_the_pixels_in_the_box() -> None:
    image = Image.new("RGB", (400, 200), (0, 0, 0))
    image.paste((255, 255, 255), (200, 0, 400, 200))
    assert region_luminance(image, Box(0.5, 0, 0.5, 1)) == pytest.approx((1.0, 0.0), abs=1e-6)
    assert region_luminance(image, Box(0, 0, 0.5, 1)) == pytest.approx((0.0, 0.0), abs=1e-6)
    mean, std = region_luminance(image, Box(0.25, 0.1, 0.5, 0.5))
    assert mean == pytest.approx(0.5, abs=1e-3) and std == pytest.approx(0.5, abs=1e-3)
    grey = Image.new("RGB", (50, 50), (119, 119, 119))
    assert region_luminance(grey, Box(0, 0, 1, 1))[0] == pytest.approx(0.1845, abs=1e-3)


def test_region_luminance_of_a_large_box_keeps_the_mean_exact() -> None:
    image = Image.new("RGB", (3000, 2000), (0, 0, 0))
    image.paste((255, 255, 255), (0, 0, 3000, 500))  # top quarter white
    mean, _std = region_luminance(image, Box(0, 0, 1, 1))
    assert mean == pytest.approx(0.25, abs=2e-3)


def test_the_grids_describe_the_image_row_by_row() -> None:
    image = Image.linear_gradient("L").rotate(90).convert("RGB").resize((512, 512))
    analysis = analyse_image(image, grid=8)
    assert (analysis.width, analysis.height) == (512, 512)
    assert len(analysis.luminance_grid) == 8 and all(len(r) == 8 for r in analysis.luminance_grid)
    first_row = analysis.luminance_grid[0]
    # rotate(90) (anticlockwise) turns the dark-to-light downward ramp into dark-left.
    assert list(first_row) == sorted(first_row) and first_row[0] < 0.05 < 0.5 < first_row[-1]
    assert 0.0 <= analysis.mean_luminance <= 1.0
    # A gentle gradient is calm enough for text.
    assert max(max(row) for row in analysis.busy_grid) < 0.3


@pytest.mark.parametrize(
    "mode", ["L", "LA", "La", "RGBA", "RGBa", "I;16", "I", "F", "P", "1", "CMYK", "YCbCr"]
)
def test_any_pixel_mode_can_be_analysed(mode: str) -> None:
    source = busy_left_flat_right((200, 150))
    converted = {
        "P": lambda: source.quantize(64),  # an adaptive palette: a web palette would dither
        "I;16": lambda: source.convert("I").point(lambda v: v * 257).convert("I;16"),
        "1": lambda: source.convert("1", dither=Image.Dither.NONE),
    }
    image = converted.get(mode, lambda: source.convert(mode))()
    analysis = analyse_image(image)
    assert analysis.calm_regions and analysis.calm_regions[0].x >= 0.5


def test_transparent_pixels_count_as_white() -> None:
    clear = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    assert analyse_image(clear).mean_luminance == pytest.approx(1.0)
    assert region_luminance(clear, Box(0, 0, 1, 1))[0] == pytest.approx(1.0)


@pytest.mark.parametrize("size", [(1, 1), (3, 2), (2, 500), (5000, 3)])
def test_tiny_and_extreme_images_do_not_break_the_analysis(size: tuple[int, int]) -> None:
    analysis = analyse_image(Image.new("RGB", size, (10, 20, 30)))
    assert 0 <= analysis.focal_point[0] <= 1 and 0 <= analysis.focal_point[1] <= 1


def test_the_analysis_is_deterministic() -> None:
    image = busy_left_flat_right()
    assert analyse_image(image) == analyse_image(image.copy())


def test_focal_crop_keeps_the_focal_point_and_the_aspect() -> None:
    assert focal_crop((4000, 3000), 9 / 16, (0.9, 0.5)) == (2312, 0, 4000, 3000)
    assert focal_crop((4000, 3000), 9 / 16, (0.5, 0.5)) == (1156, 0, 2844, 3000)
    assert focal_crop((1000, 3000), 1.0, (0.5, 0.05)) == (0, 0, 1000, 1000)
    assert focal_crop((1200, 628), 1200 / 628, (0.1, 0.1)) == (0, 0, 1200, 628)
    with pytest.raises(ValueError):
        focal_crop((100, 100), 0, (0.5, 0.5))


@given(
    width=st.integers(1, 8000),
    height=st.integers(1, 8000),
    aspect=st.floats(0.2, 5.0),
    fx=st.floats(0.0, 1.0),
    fy=st.floats(0.0, 1.0),
)
def test_focal_crop_always_fits_and_contains_the_focal_point(
    width: int, height: int, aspect: float, fx: float, fy: float
) -> None:
    left, top, right, bottom = focal_crop((width, height), aspect, (fx, fy))
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    # As large as possible: it spans the full width or the full height.
    assert right - left == width or bottom - top == height
    assert left - 1 <= fx * width <= right + 1 and top - 1 <= fy * height <= bottom + 1
    if min(right - left, bottom - top) >= 50:
        assert (right - left) / (bottom - top) == pytest.approx(aspect, rel=0.05)


def test_a_product_shot_off_centre_survives_a_tall_crop() -> None:
    # A bottle on a white sweep, in the left fifth of a landscape photo.
    image = Image.new("RGB", (1600, 900), (245, 245, 242))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((230, 250, 410, 760), radius=40, fill=(30, 90, 60))
    draw.rectangle((290, 150, 350, 250), fill=(30, 90, 60))
    draw.rectangle((250, 420, 390, 560), fill=(240, 200, 60))  # the label
    analysis = analyse_image(image)
    left, _top, right, _bottom = focal_crop(image.size, 9 / 16, analysis.focal_point)
    assert left <= 230 and right >= 410, "the crop cuts the product"
    # Text would go on the empty sweep, not over the bottle.
    assert all(not region.contains((0.2, 0.5)) for region in analysis.calm_regions)
