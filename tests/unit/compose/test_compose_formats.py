"""The five formats and the 9:16 safe zone, as DESIGN.md's numbers table has them."""

from __future__ import annotations

import pytest

from brandtruth_desktop.core.compose import FORMATS, STORY_SAFE_ZONE, get_format, parse_formats


def test_the_five_formats_and_their_sizes() -> None:
    assert {k: f.size for k, f in FORMATS.items()} == {
        "1:1": (1080, 1080), "4:5": (1080, 1350), "9:16": (1080, 1920),
        "16:9": (1920, 1080), "1.91:1": (1200, 628),
    }


def test_only_stories_have_a_safe_zone_and_it_matches_the_design() -> None:
    assert [k for k, f in FORMATS.items() if f.safe_zone] == ["9:16"]
    zone = STORY_SAFE_ZONE
    assert (zone.top, zone.bottom, zone.left, zone.right) == (0.14, 0.35, 0.06, 0.06)
    box = zone.box
    assert box.x == pytest.approx(0.06) and box.bottom == pytest.approx(0.65)


def test_parse_formats_keeps_order_and_drops_repeats() -> None:
    assert [f.key for f in parse_formats("9:16, 1:1,9:16")] == ["9:16", "1:1"]


def test_an_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"“2:3” is not an ad format.*1:1, 4:5, 9:16"):
        get_format("2:3")
    with pytest.raises(ValueError, match="No formats given"):
        parse_formats(" , ")


def test_file_keys_are_safe_in_file_names() -> None:
    assert [f.file_key for f in FORMATS.values()] == ["1x1", "4x5", "9x16", "16x9", "1.91x1"]
