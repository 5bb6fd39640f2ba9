"""Dragging, resizing and snapping boxes on the canvas: the pure maths the editor relies on."""

from __future__ import annotations

import pytest

from brandtruth_desktop.core.compose import (
    CallToAction,
    LayoutSpec,
    Logo,
    Shape,
    TextBlock,
    TextRole,
)
from brandtruth_desktop.core.editing import (
    Handle,
    LineKind,
    box_of,
    drag_box,
    element_ids,
    frame_lines,
    hit_handle,
    outside_safe_zone,
    snap_box,
    snap_lines,
    with_box,
)
from brandtruth_desktop.core.imagery.geometry import Box

TOL = (0.01, 0.01)


def spec(format_key: str = "1:1") -> LayoutSpec:
    return LayoutSpec(
        format=format_key,
        texts=(TextBlock(TextRole.HEADLINE, "Plan less", Box(0.1, 0.6, 0.6, 0.12)),
               TextBlock(TextRole.PRIMARY, "Ship more", Box(0.1, 0.75, 0.7, 0.08))),
        cta=CallToAction("Learn more", Box(0.1, 0.86, 0.3, 0.07), "#112233"),
        logo=Logo("a" * 64, Box(0.08, 0.08, 0.2, 0.06)),
        shapes=(Shape(Box(0.1, 0.56, 0.09, 0.01), "#ff0000"),),
    )


def test_every_part_of_the_layout_can_be_selected_topmost_last() -> None:
    assert element_ids(spec()) == ["shape-0", "logo", "cta", "headline", "primary"]


def test_moving_a_box_changes_only_that_element() -> None:
    moved = with_box(spec(), "cta", Box(0.5, 0.5, 0.3, 0.07))
    assert box_of(moved, "cta") == Box(0.5, 0.5, 0.3, 0.07)
    assert box_of(moved, "headline") == box_of(spec(), "headline")
    assert with_box(spec(), "description", Box(0, 0, 1, 1)) == spec()


def test_a_moved_box_stays_on_the_canvas() -> None:
    start = Box(0.1, 0.6, 0.6, 0.12)
    assert drag_box(start, Handle.MOVE, 0.9, 0.9) == Box(pytest.approx(0.4), 0.88, 0.6, 0.12)
    assert drag_box(start, Handle.MOVE, -1, -1) == Box(0.0, 0.0, 0.6, 0.12)


def test_resizing_moves_only_the_dragged_sides_and_never_inverts_the_box() -> None:
    start = Box(0.1, 0.6, 0.6, 0.12)
    wider = drag_box(start, Handle.E, 0.1, 0.5)
    assert (wider.x, wider.y, wider.h) == (0.1, 0.6, 0.12)
    assert wider.right == pytest.approx(0.8)
    corner = drag_box(start, Handle.NW, 0.05, -0.1)
    assert corner.x == pytest.approx(0.15) and corner.y == pytest.approx(0.5)
    assert corner.right == pytest.approx(0.7) and corner.bottom == pytest.approx(0.72)
    squashed = drag_box(start, Handle.S, 0, -1)
    assert squashed.h == pytest.approx(0.02) and squashed.y == 0.6


def test_handles_are_found_at_corners_sides_and_inside() -> None:
    box = Box(0.2, 0.2, 0.4, 0.2)
    reach = (0.01, 0.01)
    assert hit_handle(box, (0.2, 0.2), reach) is Handle.NW
    assert hit_handle(box, (0.6, 0.4), reach) is Handle.SE
    assert hit_handle(box, (0.4, 0.2), reach) is Handle.N
    assert hit_handle(box, (0.6, 0.3), reach) is Handle.E
    assert hit_handle(box, (0.3, 0.3), reach) is Handle.MOVE
    assert hit_handle(box, (0.9, 0.9), reach) is None


def test_a_box_dragged_near_the_centre_line_snaps_onto_it() -> None:
    layout = spec()
    lines = snap_lines(layout, "headline")
    near = Box(0.196, 0.3, 0.6, 0.12)  # centre at 0.496
    result = snap_box(near, Handle.MOVE, lines, TOL)
    assert result.box.x + result.box.w / 2 == pytest.approx(0.5)
    assert any(line.kind is LineKind.CENTRE and line.axis == "x" for line in result.lines)


def test_snapping_leaves_a_box_alone_outside_the_tolerance() -> None:
    lines = frame_lines("1:1")
    far = Box(0.25, 0.3, 0.3, 0.1)
    assert snap_box(far, Handle.MOVE, lines, TOL).box == far
    assert snap_box(far, Handle.MOVE, lines, TOL).lines == ()


def test_a_box_snaps_to_the_9x16_safe_zone_edges() -> None:
    lines = frame_lines("9:16")
    # Bottom edge 0.645, just above the safe zone's bottom (0.65): it snaps down onto it.
    near = Box(0.2, 0.52, 0.5, 0.125)
    result = snap_box(near, Handle.MOVE, lines, TOL)
    assert result.box.bottom == pytest.approx(0.65)
    assert [line.kind for line in result.lines if line.axis == "y"] == [LineKind.SAFE]
    assert not outside_safe_zone(result.box, "9:16")
    assert outside_safe_zone(Box(0.2, 0.6, 0.5, 0.1), "9:16")
    assert not outside_safe_zone(Box(0.0, 0.0, 1.0, 1.0), "1:1")


def test_resizing_snaps_only_the_side_being_dragged() -> None:
    lines = frame_lines("9:16")
    box = Box(0.1, 0.3, 0.835, 0.1)  # right edge 0.935, near the safe zone's 0.94
    result = snap_box(box, Handle.E, lines, TOL)
    assert result.box.right == pytest.approx(0.94)
    assert result.box.x == 0.1 and result.box.y == 0.3 and result.box.h == 0.1


def test_elements_snap_to_each_other() -> None:
    layout = spec()
    lines = snap_lines(layout, "cta")
    # The button's left edge near the headline's left edge (0.1).
    result = snap_box(Box(0.106, 0.4, 0.3, 0.07), Handle.MOVE, lines, TOL)
    assert result.box.x == pytest.approx(0.1)


def test_the_centre_line_wins_over_an_element_at_the_same_distance() -> None:
    lines = [*frame_lines("1:1")]
    from brandtruth_desktop.core.editing import SnapLine

    lines.append(SnapLine("x", 0.51, LineKind.ELEMENT, "logo"))
    result = snap_box(Box(0.205, 0.3, 0.6, 0.1), Handle.MOVE, lines, TOL)  # centre 0.505
    assert result.box.x + result.box.w / 2 == pytest.approx(0.5)
