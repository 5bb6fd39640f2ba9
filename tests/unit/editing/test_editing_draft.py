"""An ad as the editor holds it: copy shared by every format, layouts per format, what to save,
crops, and sources a designer attaches."""

from __future__ import annotations

import pytest

from brandtruth_desktop.core.compose import (
    Background,
    CallToAction,
    LayoutSpec,
    TextBlock,
    TextRole,
)
from brandtruth_desktop.core.editing import (
    GENERATED_COPY,
    AdDraft,
    CopyFields,
    SourceProblem,
    changes_between,
    citing,
    generated_copy,
    restyle,
    source_problem,
    sourced_fact,
    with_box,
)
from brandtruth_desktop.core.editing.crop import (
    fit_crop,
    pan_crop,
    picture_aspect,
    with_photo,
    zoom_crop,
    zoom_of,
)
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.models import FactKind, Risk, Variant


def layout(format_key: str, headline: str = "Plan less") -> LayoutSpec:
    return LayoutSpec(
        format=format_key,
        background=Background(image_sha256="b" * 64, crop=None),
        texts=(TextBlock(TextRole.HEADLINE, headline, Box(0.1, 0.6, 0.6, 0.12), size=0.08,
                         min_size=0.05),
               TextBlock(TextRole.PRIMARY, "Ship more", Box(0.1, 0.75, 0.7, 0.08))),
        cta=CallToAction("Learn more", Box(0.1, 0.86, 0.3, 0.07), "#112233"),
    )


def draft() -> AdDraft:
    variant = Variant("c1-v1", 1, "benefit", "Plan less", "Ship more", fact_ids=("f1",))
    return AdDraft.of(variant, {"1:1": layout("1:1"), "9:16": layout("9:16")})


def test_copy_edits_reach_every_format_and_the_button() -> None:
    edited = draft().edit_copy(headline="Plan far less", call_to_action="SIGN_UP")
    for _key, spec in edited.specs:
        assert spec.text(TextRole.HEADLINE).text == "Plan far less"
        assert spec.cta is not None and spec.cta.label == "Sign up"
    assert edited.variant.headline == "Plan far less"
    assert edited.copy.call_to_action == "SIGN_UP"


def test_layout_edits_touch_one_format_and_only_changes_are_saved() -> None:
    start = draft()
    moved = start.with_spec("9:16", with_box(start.spec("9:16"), "headline",
                                             Box(0.2, 0.3, 0.6, 0.12)))
    change = changes_between(start, moved)
    assert list(change.specs) == ["9:16"]
    assert change.copy_after is None
    assert changes_between(start, start).empty
    retyped = moved.edit_copy(headline="New")
    change = changes_between(start, retyped)
    assert set(change.specs) == {"1:1", "9:16"}
    assert change.copy_before == start.copy and change.copy_after is not None
    assert change.copy_after.headline == "New"


def test_restyle_changes_the_fields_an_element_has_and_keeps_the_shrink_ratio() -> None:
    spec = layout("1:1")
    bigger = restyle(spec, "headline", size=0.1, weight=800, fill="#000000")
    block = bigger.text(TextRole.HEADLINE)
    assert block is not None and block.size == 0.1 and block.weight == 800
    assert block.min_size == pytest.approx(0.0625)  # 0.05 / 0.08 of the new size
    assert restyle(spec, "cta", fill="#FF0000").cta.fill == "#FF0000"  # type: ignore[union-attr]
    assert restyle(spec, "logo", plate="none") == spec  # no logo: nothing to change


def test_the_generated_copy_is_the_copy_until_an_edit_keeps_it() -> None:
    variant = draft().variant
    assert generated_copy(variant) == CopyFields.of(variant)
    kept = CopyFields("Original", "Body", fact_ids=("f9",))
    edited = Variant("c1-v1", 1, "benefit", "Edited", "Body",
                     provenance={GENERATED_COPY: kept.to_dict()})
    assert generated_copy(edited) == kept


def test_crops_pan_and_zoom_inside_the_photo() -> None:
    source = (2000, 1000)
    spec = layout("1:1")
    aspect = picture_aspect(spec)
    assert aspect == pytest.approx(1.0)
    cover = fit_crop(None, source, aspect)
    assert (cover.w, cover.h) == (pytest.approx(0.5), pytest.approx(1.0))
    assert zoom_of(None, source, aspect) == pytest.approx(1.0)
    zoomed = zoom_crop(None, source, aspect, 2.0)
    assert (zoomed.w, zoomed.h) == (pytest.approx(0.25), pytest.approx(0.5))
    assert zoom_of(zoomed, source, aspect) == pytest.approx(2.0)
    # Dragging the picture right shows more of its left side; it never leaves the photo.
    panned = pan_crop(zoomed, source, aspect, spec.background.image_box, 0.2, 0.0)
    assert panned.x < zoomed.x
    far = pan_crop(zoomed, source, aspect, spec.background.image_box, 10.0, 10.0)
    assert far.x == 0.0 and far.y == 0.0
    placed = with_photo(spec, "c" * 64, source, (0.9, 0.5))
    assert placed.background.image_sha256 == "c" * 64
    assert placed.background.crop is not None and placed.background.crop.right == 1.0
    assert placed.texts == spec.texts


def test_a_source_becomes_a_user_supplied_claim_with_its_risk() -> None:
    fact = sourced_fact("https://reviews.example.com/planners",
                        "Otterdesk is the #1 in the world planner for small teams.")
    assert fact.kind is FactKind.CLAIM and fact.user_supplied
    assert fact.risk is Risk.HIGH and "#1" in fact.risk_reason
    assert fact.quote == fact.text and fact.id.startswith("u-src-")
    again = sourced_fact(" https://reviews.example.com/planners ",
                         "Otterdesk is the #1  in the world planner for small teams.")
    assert again.id == fact.id
    assert citing(("f1",), fact) == ("f1", fact.id)
    assert citing(("f1", fact.id), fact) == ("f1", fact.id)


@pytest.mark.parametrize(("url", "quote"), [
    ("reviews.example.com", "A long enough quote"),
    ("ftp://example.com/x", "A long enough quote"),
    ("https://example.com/x", "short"),
])
def test_a_source_needs_a_web_page_and_a_real_quote(url: str, quote: str) -> None:
    assert source_problem(url, quote)
    with pytest.raises(SourceProblem):
        sourced_fact(url, quote)
