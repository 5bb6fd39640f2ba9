"""Generated backgrounds: any size, the brand's colours, the same picture for the same recipe."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from brandtruth_desktop.core.imagery.backgrounds import (
    DEFAULT_COLOURS,
    BackgroundRecipe,
    BackgroundStyle,
    GeneratedBackgroundSource,
    background_recipes,
    brand_palette,
    generate_background,
    recipe_from_url,
    render_background,
)

BRAND = ("#0B5FFF", "#3D8BFF")


@pytest.mark.parametrize("style", list(BackgroundStyle))
@pytest.mark.parametrize("size", [(1080, 1080), (1080, 1920), (1200, 628), (1, 1), (7, 3000)])
def test_every_style_gives_exactly_the_size_asked_for(
    style: BackgroundStyle, size: tuple[int, int]
) -> None:
    image = generate_background(BRAND, size, style=style, seed=4)
    assert image.size == size and image.mode == "RGB"


@pytest.mark.parametrize("style", list(BackgroundStyle))
def test_the_same_recipe_gives_the_same_pixels(style: BackgroundStyle) -> None:
    first = generate_background(BRAND, (540, 675), style=style, seed=11)
    again = generate_background(BRAND, (540, 675), style=style, seed=11)
    assert first.tobytes() == again.tobytes()


@pytest.mark.parametrize(
    "style", [BackgroundStyle.LINEAR, BackgroundStyle.SHAPES, BackgroundStyle.BANDS]
)
def test_another_seed_gives_another_picture(style: BackgroundStyle) -> None:
    pictures = {generate_background(BRAND, (200, 200), style=style, seed=s).tobytes()
                for s in range(6)}
    assert len(pictures) > 1


def test_the_brand_colour_is_what_the_background_is_made_of() -> None:
    solid = generate_background(["#FF6600"], (50, 50), style="solid")
    assert solid.getcolors() == [(2500, (255, 102, 0))]
    radial = generate_background(["#123456", "#1B4F8A"], (400, 400), style="radial", seed=2)
    colours = radial.getcolors(400 * 400) or []
    # Every pixel lies between the two brand colours, channel by channel.
    for _count, (r, g, b) in colours:
        assert 0x12 - 2 <= r <= 0x1B + 2 and 0x34 - 2 <= g <= 0x4F + 2
        assert 0x56 - 2 <= b <= 0x8A + 2


def test_colours_from_a_site_are_cleaned_up() -> None:
    assert brand_palette(["#abc", "rgb(255, 0, 0)", "not a colour", "#AABBCC", ""]) == (
        "#AABBCC", "#FF0000",
    )
    assert brand_palette([]) == DEFAULT_COLOURS


def test_recipes_round_trip_and_have_stable_ids() -> None:
    recipes = background_recipes(BRAND, count=5, seed=3)
    assert [r.style for r in recipes] == [
        BackgroundStyle.LINEAR, BackgroundStyle.RADIAL, BackgroundStyle.SHAPES,
        BackgroundStyle.BANDS, BackgroundStyle.SOLID,
    ]
    assert recipes == background_recipes(BRAND, count=5, seed=3)
    for recipe in recipes:
        assert BackgroundRecipe.from_dict(recipe.to_dict()) == recipe
    assert len({r.id for r in recipes}) == 5
    assert recipes[0].id == BackgroundRecipe(BackgroundStyle.LINEAR, BRAND, 3).id


def test_sizes_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        render_background(BackgroundRecipe(BackgroundStyle.SOLID, BRAND), (0, 10))
    with pytest.raises(ValueError):
        render_background(BackgroundRecipe(BackgroundStyle.SOLID, BRAND), (20_000, 10))


def test_generated_backgrounds_work_as_an_image_source() -> None:
    source = GeneratedBackgroundSource(BRAND, seed=1, brand_name="Acme")
    photos = source.search("anything", per_page=3, orientation="portrait")
    assert len(photos) == 3 and {p.source for p in photos} == {"generated"}
    assert all((p.width, p.height) == (1620, 2880) for p in photos)
    assert photos == source.search("something else", per_page=3, orientation="portrait")

    data = source.download(photos[0])
    decoded = Image.open(io.BytesIO(data))
    assert decoded.format == "PNG" and decoded.size == (1620, 2880)
    recipe = recipe_from_url(photos[0].full_url)
    assert recipe is not None and recipe.id == photos[0].id
    assert recipe_from_url("https://example.com/a.jpg") is None
    source.mark_used(photos[0])  # nothing to report, and no error
