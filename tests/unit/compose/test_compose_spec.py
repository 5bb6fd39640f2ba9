"""The LayoutSpec: JSON round trip, versions, helpful errors, and the stored record."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brandtruth_desktop.core.compose import (
    SPEC_VERSION,
    Align,
    Background,
    CallToAction,
    Edge,
    GeneratedBackground,
    LayoutSpec,
    Logo,
    Scrim,
    ScrimKind,
    Shape,
    TextBlock,
    TextRole,
    VAlign,
)
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.models import LayoutSpec as LayoutSpecRecord

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
boxes = st.builds(Box, unit, unit, unit, unit)
colours = st.from_regex(r"#[0-9A-F]{6}", fullmatch=True)
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
sha = st.from_regex(r"[0-9a-f]{64}", fullmatch=True)

text_blocks = st.builds(
    TextBlock, role=st.sampled_from(TextRole), text=texts, box=boxes,
    font=st.sampled_from(["sans", "serif", "display"]),
    size=st.floats(0.01, 0.2), min_size=st.floats(0.0, 0.1), weight=st.sampled_from([400, 700]),
    color=st.one_of(st.just("auto"), colours), align=st.sampled_from(Align),
    valign=st.sampled_from(VAlign), line_spacing=st.floats(0.8, 2.0),
)
specs = st.builds(
    LayoutSpec,
    format=st.sampled_from(["1:1", "4:5", "9:16", "16:9", "1.91:1"]),
    background=st.builds(
        Background, fill=colours, image_sha256=st.one_of(st.none(), sha),
        crop=st.one_of(st.none(), boxes), image_box=boxes,
        generated=st.one_of(st.none(), st.builds(
            GeneratedBackground, style=st.sampled_from(["linear", "radial"]),
            colors=st.lists(colours, max_size=3).map(tuple), seed=st.integers(0, 99))),
    ),
    texts=st.lists(text_blocks, max_size=3).map(tuple),
    cta=st.one_of(st.none(), st.builds(CallToAction, label=texts, box=boxes, fill=colours,
                                       text_color=st.one_of(st.just("auto"), colours))),
    logo=st.one_of(st.none(), st.builds(Logo, asset_sha256=sha, box=boxes,
                                        clear_space=st.floats(0, 1), align=st.sampled_from(Align),
                                        plate=st.sampled_from(["auto", "none", "#FFFFFF"]))),
    scrim=st.builds(Scrim, kind=st.sampled_from(ScrimKind), color=colours, strength=unit,
                    region=boxes, edge=st.sampled_from(Edge), auto=st.booleans(),
                    ramp=st.floats(0.05, 1.0)),
    shapes=st.lists(st.builds(Shape, box=boxes, color=colours, radius=st.floats(0, 0.5),
                              opacity=unit), max_size=2).map(tuple),
    palette=st.lists(colours, max_size=2).map(tuple),
    template=st.sampled_from(["", "overlay"]),
    variant_id=st.text(max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(specs)
def test_any_spec_survives_a_json_round_trip(spec: LayoutSpec) -> None:
    text = spec.to_json()
    assert json.loads(text)["version"] == SPEC_VERSION
    assert LayoutSpec.from_json(text) == spec


def sample_spec() -> LayoutSpec:
    return LayoutSpec(
        format="1:1",
        texts=(TextBlock(TextRole.HEADLINE, "Hello", Box(0.1, 0.1, 0.8, 0.2)),),
        cta=CallToAction("Learn more", Box(0.1, 0.8, 0.3, 0.08), "#115E59"),
        variant_id="v1",
    )


def test_a_newer_version_is_refused_with_a_clear_message() -> None:
    data = sample_spec().to_dict()
    data["version"] = SPEC_VERSION + 1
    with pytest.raises(ValueError, match=r"newer version of BrandTruth.*Update the app"):
        LayoutSpec.from_dict(data)


def test_an_unversioned_draft_is_migrated() -> None:
    data = sample_spec().to_dict()
    del data["version"]
    data["text_blocks"] = data.pop("texts")
    assert LayoutSpec.from_dict(data) == sample_spec()


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["texts"][0].update(color="red"), r"texts\[0\]\.color must be a hex colour"),
    (lambda d: d["texts"][0].update(role="caption"), r"role must be one of: headline"),
    (lambda d: d["texts"][0]["box"].pop("w"), r"box is missing “w”"),
    (lambda d: d.update(colour="#FFF"), r"unknown fields: colour"),
    (lambda d: d["cta"].update(radius=3), r"cta\.radius must be a number from 0 to 0\.5"),
    (lambda d: d.update(version="1"), r"invalid version"),
])
def test_a_broken_spec_says_what_is_wrong(change: object, message: str) -> None:
    data = sample_spec().to_dict()
    change(data)  # type: ignore[operator]
    with pytest.raises(ValueError, match=message):
        LayoutSpec.from_dict(data)


def test_not_json_is_reported() -> None:
    with pytest.raises(ValueError, match="not valid JSON"):
        LayoutSpec.from_json("{nope")


def test_the_stored_record_carries_the_payload() -> None:
    spec = sample_spec()
    record = spec.to_record(revision=3)
    assert isinstance(record, LayoutSpecRecord)
    assert (record.variant_id, record.format, record.revision) == ("v1", "1:1", 3)
    assert record.spec["version"] == SPEC_VERSION
    assert LayoutSpec.from_record(record) == spec


def test_editing_text_changes_only_that_role() -> None:
    spec = sample_spec().with_text(TextRole.HEADLINE, "Changed")
    block = spec.text(TextRole.HEADLINE)
    assert block is not None and block.text == "Changed"
    assert spec.text(TextRole.PRIMARY) is None
