"""Templates place the copy where the picture is calm, inside the 9:16 safe zone; QA measures."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from compose_support import AdCopyFixture, Stock

from brandtruth_desktop.core.compose import (
    FORMATS,
    BrandStyle,
    FontBook,
    LayoutSpec,
    RenderCache,
    Template,
    TextRole,
    layout_for,
    render_checked,
)
from brandtruth_desktop.core.imagery.geometry import Box


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("template", list(Template))
def test_every_template_makes_a_clean_ad_in_every_format(
    fonts: FontBook, stock: Stock, brand: BrandStyle, copy: AdCopyFixture, cache: RenderCache,
    fmt: str, template: Template,
) -> None:
    spec = layout_for(copy, fmt, template, stock.analysis, brand, image_sha256=stock.photo_sha,
                      fonts=fonts)
    assert spec.template == str(template) and spec.format == fmt
    roles = {t.role for t in spec.texts}
    assert roles == {TextRole.HEADLINE, TextRole.PRIMARY}
    assert spec.cta is not None and spec.cta.label == "Sign up"
    assert spec.logo is not None
    qa = render_checked(spec, FORMATS[fmt].width, assets=stock, fonts=fonts, cache=cache).qa
    assert qa.passed, qa.problems
    assert not qa.safe_zone_violations
    assert 0.02 < qa.text_coverage < 0.4
    json.dumps(qa.to_dict())  # storable as is


def test_overlay_puts_the_copy_on_the_calm_sky_not_the_busy_field(
    fonts: FontBook, stock: Stock, brand: BrandStyle, copy: AdCopyFixture,
) -> None:
    """The made-up photo has a calm sky on top and a busy striped field below."""
    spec = layout_for(copy, "4:5", Template.OVERLAY, stock.analysis, brand,
                      image_sha256=stock.photo_sha, fonts=fonts)
    headline = spec.text(TextRole.HEADLINE)
    assert headline is not None and headline.box.bottom < 0.6


def test_rtl_copy_is_mirrored(fonts: FontBook, stock: Stock, brand: BrandStyle) -> None:
    arabic = AdCopyFixture("خطط لأسبوع أهدأ في عشر دقائق", "كل مهامك في لوحة واحدة مرتبة.")
    spec = layout_for(arabic, "1:1", Template.OVERLAY, stock.analysis, brand,
                      image_sha256=stock.photo_sha, fonts=fonts)
    assert spec.cta is not None and spec.cta.box.right > 0.9  # the button at the right
    assert spec.logo is not None and spec.logo.box.right > 0.9


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("headline", ["Plan a calmer week", "خطط لأسبوع أهدأ في عشر دقائق"])
@pytest.mark.parametrize("focal_x", [0.2, 0.8])  # the photo on the left, or on the right
def test_split_keeps_the_copy_on_its_panel_in_either_direction(
    fonts: FontBook, stock: Stock, brand: BrandStyle, fmt: str, headline: str, focal_x: float,
) -> None:
    """Mirroring for right-to-left copy happens within the panel, never onto the photo
    (regression: side by side, RTL copy was mirrored across the canvas onto the picture)."""
    analysis = replace(stock.analysis, focal_point=(focal_x, 0.5))
    copy = AdCopyFixture(headline, "كل مهامك في لوحة واحدة مرتبة.")
    spec = layout_for(copy, fmt, Template.SPLIT, analysis, brand, image_sha256=stock.photo_sha,
                      fonts=fonts)
    panel = spec.scrim.region  # the SPLIT scrim covers exactly the colour panel
    image = spec.background.image_box
    assert spec.cta is not None and spec.logo is not None
    boxes = [t.box for t in spec.texts] + [s.box for s in spec.shapes] + [spec.cta.box]
    if image.h >= 0.999:  # side by side; on portrait formats the logo heads the photo
        boxes.append(spec.logo.box)
    for box in boxes:
        assert panel.x - 1e-6 <= box.x and box.right <= panel.right + 1e-6, (box, panel)
        assert panel.y - 1e-6 <= box.y and box.bottom <= panel.bottom + 1e-6, (box, panel)
        assert box.right <= image.x + 1e-6 or box.x >= image.right - 1e-6 or (
            box.bottom <= image.y + 1e-6 or box.y >= image.bottom - 1e-6), (box, image)


def test_without_a_picture_the_templates_fall_back_to_the_statement(
    fonts: FontBook, brand: BrandStyle, copy: AdCopyFixture,
) -> None:
    spec = layout_for(copy, "1:1", Template.OVERLAY, None, brand, fonts=fonts)
    assert spec.template == "statement" and spec.background.image_sha256 is None


def test_a_pale_brand_colour_gets_dark_text_not_a_muddy_panel(
    fonts: FontBook, copy: AdCopyFixture,
) -> None:
    pale = BrandStyle("Sunny", ("#FFD400",))
    spec = layout_for(copy, "1:1", Template.STATEMENT, None, pale, fonts=fonts)
    assert spec.background.fill == "#FFD400"
    checked = render_checked(spec, 540, assets=lambda s: b"", fonts=fonts)
    assert checked.qa.passed
    assert all(t.color != "#FFFFFF" for t in checked.qa.texts)


def test_qa_flags_text_moved_into_the_stories_top_bar(
    fonts: FontBook, stock: Stock, brand: BrandStyle, copy: AdCopyFixture,
) -> None:
    spec = layout_for(copy, "9:16", Template.OVERLAY, stock.analysis, brand,
                      image_sha256=stock.photo_sha, fonts=fonts)
    moved = replace(spec, texts=tuple(
        replace(t, box=Box(t.box.x, 0.02, t.box.w, t.box.h)) if t.role == TextRole.HEADLINE
        else t for t in spec.texts))
    qa = render_checked(moved, 540, assets=stock, fonts=fonts).qa
    assert [v["element"] for v in qa.safe_zone_violations] == ["headline"]
    assert any("safe zone" in p for p in qa.problems)
    assert not qa.passed


def test_qa_warns_when_the_photo_is_enlarged(
    fonts: FontBook, stock: Stock, brand: BrandStyle, copy: AdCopyFixture,
) -> None:
    spec = layout_for(copy, "9:16", Template.OVERLAY, stock.analysis, brand,
                      image_sha256=stock.photo_sha, fonts=fonts)
    qa = render_checked(spec, 1080, assets=stock, fonts=fonts).qa
    assert qa.image is not None and qa.image["upscaled"] and qa.image["upscale"] > 1.5
    assert any("enlarged" in w for w in qa.warnings)
    small = render_checked(spec, 270, assets=stock, fonts=fonts).qa
    assert small.image is not None and not small.image["upscaled"]


def test_overflow_is_reported_with_what_is_hidden(
    fonts: FontBook, brand: BrandStyle, copy: AdCopyFixture,
) -> None:
    """A person pastes far more text into a box than it can hold at its smallest size."""
    spec = layout_for(copy, "1.91:1", Template.STATEMENT, None, brand, fonts=fonts)
    edited = spec.with_text(TextRole.PRIMARY, "Far too much primary text. " * 40)
    qa = render_checked(edited, 600, assets=lambda s: b"", fonts=fonts).qa
    primary = next(t for t in qa.texts if t.role == "primary")
    assert qa.overflow and primary.overflow and primary.hidden_chars > 100
    assert any("does not fit" in p for p in qa.problems)


def test_the_qa_report_is_plain_json(fonts: FontBook, stock: Stock, brand: BrandStyle,
                                     copy: AdCopyFixture) -> None:
    spec = layout_for(copy, "1:1", Template.SPLIT, stock.analysis, brand,
                      image_sha256=stock.photo_sha, fonts=fonts)
    data = json.loads(json.dumps(render_checked(spec, 540, assets=stock, fonts=fonts).qa.to_dict()))
    assert data["version"] == 1 and data["passed"] is True
    assert {"texts", "cta", "text_coverage", "overflow", "safe_zone_violations", "logo",
            "image", "problems", "warnings"} <= set(data)
    assert data["texts"][0]["role"] == "headline" and data["texts"][0]["contrast"] >= 3
    assert LayoutSpec.from_dict(spec.to_dict()) == spec
