"""The renderer: one picture at every size, pictures decoded once, contrast from the pixels."""

from __future__ import annotations

import hashlib

import pytest
from compose_support import AdCopyFixture, Stock, png_bytes
from PIL import Image, ImageChops, ImageStat

from brandtruth_desktop.core.compose import (
    FORMATS,
    Background,
    BrandStyle,
    CallToAction,
    Edge,
    FontBook,
    GeneratedBackground,
    LayoutSpec,
    Logo,
    RenderCache,
    Scrim,
    ScrimKind,
    Template,
    TextBlock,
    TextRole,
    compose,
    layout_for,
    render,
    render_checked,
)
from brandtruth_desktop.core.compose.color import color_contrast, parse_color
from brandtruth_desktop.core.imagery.geometry import Box


def mean_error(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("template", list(Template))
def test_the_preview_is_the_export_only_smaller(
    fonts: FontBook, stock: Stock, brand: BrandStyle, copy: AdCopyFixture, cache: RenderCache,
    fmt: str, template: Template,
) -> None:
    """The canvas promise: the 540-px preview scaled up matches the full render scaled down."""
    spec = layout_for(copy, fmt, template, stock.analysis, brand,
                      image_sha256=stock.photo_sha, fonts=fonts,
                      generated=GeneratedBackground("linear", ("#115E59",), 1))
    full = render(spec, FORMATS[fmt].width, assets=stock, fonts=fonts, cache=cache)
    preview = render(spec, 540, assets=stock, fonts=fonts, cache=cache)
    assert full.size == FORMATS[fmt].size
    assert preview.width == 540
    middle = (270, round(270 * full.height / full.width))
    down_full = full.resize(middle, Image.Resampling.LANCZOS)
    down_preview = preview.resize(middle, Image.Resampling.LANCZOS)
    assert mean_error(down_full, down_preview) < 3.0


def test_the_photo_is_decoded_once_and_resized_once_per_size(
    fonts: FontBook, stock: Stock, brand: BrandStyle, copy: AdCopyFixture,
) -> None:
    cache = RenderCache()
    reads: list[str] = []

    def counting(sha: str) -> bytes:
        reads.append(sha)
        return stock(sha)

    spec = layout_for(copy, "1:1", Template.OVERLAY, stock.analysis, brand,
                      image_sha256=stock.photo_sha, fonts=fonts)
    render(spec, 540, assets=counting, fonts=fonts, cache=cache)
    first = len(reads)
    for headline in ("Moved", "Edited again", "And again"):
        render(spec.with_text(TextRole.HEADLINE, headline), 540, assets=counting, fonts=fonts,
               cache=cache)
    assert len(reads) == first  # nothing read or decoded again
    sized = cache.sized.misses
    render(spec, 540, assets=counting, fonts=fonts, cache=cache)
    assert cache.sized.misses == sized


def solid_spec(fill: str, text_color: str = "auto") -> LayoutSpec:
    return LayoutSpec(format="1:1", background=Background(fill=fill), texts=(
        TextBlock(TextRole.PRIMARY, "Readable words on a flat colour", Box(0.1, 0.4, 0.8, 0.2),
                  size=0.05, color=text_color),))


@pytest.mark.parametrize(("fill", "expected"), [
    ("#111111", "#FFFFFF"), ("#F6F5F1", None), ("#767676", None), ("#FFD400", None),
])
def test_auto_text_colour_reaches_body_contrast(
    fonts: FontBook, fill: str, expected: str | None,
) -> None:
    checked = render_checked(solid_spec(fill), 540, assets=lambda s: b"", fonts=fonts)
    text = checked.qa.texts[0]
    assert text.passes and text.contrast >= 4.5
    if expected:
        assert text.color == expected


def test_a_chosen_colour_that_fails_is_reported_honestly(fonts: FontBook) -> None:
    checked = render_checked(solid_spec("#FFFFFF", "#CCCCCC"), 540, assets=lambda s: b"",
                             fonts=fonts)
    text = checked.qa.texts[0]
    assert not text.passes and text.contrast < 2
    assert not checked.qa.passed
    assert any("contrast is 1." in p for p in checked.qa.problems)


def test_the_scrim_grows_until_white_text_reads_on_a_bright_photo(fonts: FontBook) -> None:
    data = png_bytes(Image.new("RGB", (800, 800), (235, 240, 245)))
    sha = hashlib.sha256(data).hexdigest()
    spec = LayoutSpec(
        format="1:1", background=Background(image_sha256=sha),
        texts=(TextBlock(TextRole.PRIMARY, "White words on a pale photo",
                         Box(0.08, 0.75, 0.84, 0.15), size=0.045, color="#FFFFFF"),),
        scrim=Scrim(ScrimKind.GRADIENT, "#000000", 0.2, Box(0, 0.4, 1, 0.6), Edge.BOTTOM),
    )
    checked = render_checked(spec, 540, assets={sha: data}.__getitem__, fonts=fonts)
    assert checked.qa.texts[0].passes
    fixed = render_checked(
        LayoutSpec(format=spec.format, background=spec.background, texts=spec.texts,
                   scrim=Scrim(ScrimKind.GRADIENT, "#000000", 0.2, Box(0, 0.4, 1, 0.6),
                               Edge.BOTTOM, auto=False)),
        540, assets={sha: data}.__getitem__, fonts=fonts)
    assert not fixed.qa.texts[0].passes  # without auto the weak scrim is reported


def test_the_button_label_is_readable_on_any_brand_colour(fonts: FontBook) -> None:
    for fill in ("#F97360", "#115E59", "#FFD400", "#777777", "#0000FF"):
        spec = LayoutSpec(format="1:1", cta=CallToAction("Shop now", Box(0.3, 0.4, 0.4, 0.1),
                                                          fill))
        composition = compose(spec, 540, assets=lambda s: b"", fonts=fonts)
        assert composition.resolved.cta is not None
        assert color_contrast(composition.resolved.cta.ink, parse_color(fill)) >= 4.5


def test_a_missing_picture_is_a_qa_problem_not_a_crash(fonts: FontBook) -> None:
    spec = LayoutSpec(format="1:1", background=Background(fill="#223344", image_sha256="0" * 64))

    def empty(sha: str) -> bytes:
        raise KeyError(sha)

    checked = render_checked(spec, 300, assets=empty, fonts=fonts)
    assert checked.image.getpixel((150, 150)) == (0x22, 0x33, 0x44)
    assert any("not in the asset store" in p for p in checked.qa.problems)


def test_the_logo_keeps_its_clear_space(fonts: FontBook, stock: Stock) -> None:
    logo = Logo(stock.logo_sha, Box(0.1, 0.1, 0.3, 0.1), clear_space=0.5)
    near = TextBlock(TextRole.HEADLINE, "Too close", Box(0.1, 0.205, 0.8, 0.1), size=0.05)
    far = TextBlock(TextRole.HEADLINE, "Far enough", Box(0.1, 0.5, 0.8, 0.1), size=0.05)
    for block, ok in ((near, False), (far, True)):
        spec = LayoutSpec(format="1:1", texts=(block,), logo=logo)
        qa = render_checked(spec, 1080, assets=stock, fonts=fonts).qa
        assert qa.logo is not None and qa.logo["clear_space_ok"] is ok


def test_a_dark_logo_on_a_dark_picture_gets_a_plate(fonts: FontBook) -> None:
    dark = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    dark.paste((20, 24, 30, 255), (0, 0, 300, 100))
    data = png_bytes(dark)
    sha = hashlib.sha256(data).hexdigest()
    files = {sha: data}.__getitem__
    spec = LayoutSpec(format="1:1", background=Background(fill="#0B0B0B"),
                      logo=Logo(sha, Box(0.1, 0.1, 0.3, 0.1)))
    composition = compose(spec, 540, assets=files, fonts=fonts)
    assert composition.resolved.logo_plate == (255, 255, 255)
    assert composition.image.getpixel((60, 81)) == (255, 255, 255)  # the plate beside the logo
    light = LayoutSpec(format="1:1", background=Background(fill="#FFFFFF"),
                       logo=Logo(sha, Box(0.1, 0.1, 0.3, 0.1)))
    assert compose(light, 540, assets=files, fonts=fonts).resolved.logo_plate is None


def test_the_scrim_is_densest_at_its_edge(fonts: FontBook) -> None:
    for edge, dense, light in ((Edge.BOTTOM, (50, 95), (50, 5)), (Edge.TOP, (50, 5), (50, 95)),
                               (Edge.LEFT, (5, 50), (95, 50)), (Edge.RIGHT, (95, 50), (5, 50))):
        spec = LayoutSpec(format="1:1", background=Background(fill="#FFFFFF"),
                          scrim=Scrim(ScrimKind.GRADIENT, "#000000", 1.0, Box(0, 0, 1, 1), edge))
        image = render(spec, 100, assets=lambda s: b"", fonts=fonts)
        assert image.getpixel(dense)[0] < 40 and image.getpixel(light)[0] > 215, edge  # type: ignore[index]
