"""Snapping a dragged box to the lines a designer aligns things to.

The lines (`snap_lines`): the canvas edges and centre lines, the format's content area (the
9:16 safe zone, or the plain margin of the other formats), and the edges and centres of the
other elements. While a box moves, its left edge, centre and right edge (top, middle, bottom)
are each tried against the lines of that axis and the nearest within the tolerance wins; while
a side is resized, only that side snaps. Each axis snaps on its own, so a box can sit on the
vertical centre line and the safe zone's top at once. Pure geometry in canvas fractions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from brandtruth_desktop.core.compose.formats import AdFormat, get_format
from brandtruth_desktop.core.compose.spec import LayoutSpec
from brandtruth_desktop.core.editing.geometry import Handle, box_of, element_ids
from brandtruth_desktop.core.imagery.geometry import Box

TEMPLATE_MARGIN = 0.065
"""The content margin the templates use outside 9:16 (a fraction of the shorter side)."""


class LineKind(StrEnum):
    """What a snap line is; the canvas draws each kind in its own colour."""

    EDGE = "edge"  # the canvas's own edge
    CENTRE = "centre"  # the canvas's centre line
    SAFE = "safe"  # the 9:16 safe zone's edge
    MARGIN = "margin"  # the content margin of the other formats
    ELEMENT = "element"  # another element's edge or centre


@dataclass(frozen=True, slots=True)
class SnapLine:
    """A vertical (axis "x": at x = position) or horizontal (axis "y") line to snap to."""

    axis: str
    position: float
    kind: LineKind
    source: str = ""  # the element it comes from, for ELEMENT lines


@dataclass(frozen=True, slots=True)
class SnapResult:
    """The box after snapping and the lines it now sits on (for the canvas to draw)."""

    box: Box
    lines: tuple[SnapLine, ...]


_PRIORITY = {LineKind.CENTRE: 0, LineKind.SAFE: 1, LineKind.EDGE: 2, LineKind.MARGIN: 3,
             LineKind.ELEMENT: 4}
"""Among lines at the same distance, the centre line wins, then the safe zone."""


def frame_lines(fmt: AdFormat | str) -> list[SnapLine]:
    """The canvas edges, centre lines and content area (safe zone or margin) of a format."""
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    lines = [SnapLine("x", 0.0, LineKind.EDGE), SnapLine("x", 1.0, LineKind.EDGE),
             SnapLine("y", 0.0, LineKind.EDGE), SnapLine("y", 1.0, LineKind.EDGE),
             SnapLine("x", 0.5, LineKind.CENTRE), SnapLine("y", 0.5, LineKind.CENTRE)]
    kind = LineKind.SAFE if fmt.safe_zone is not None else LineKind.MARGIN
    content = fmt.content_box(TEMPLATE_MARGIN)
    lines += [SnapLine("x", content.x, kind), SnapLine("x", content.right, kind),
              SnapLine("y", content.y, kind), SnapLine("y", content.bottom, kind)]
    return lines


def element_lines(spec: LayoutSpec, exclude: str) -> list[SnapLine]:
    """Edges and centres of every element of `spec` but `exclude` (the one being dragged)."""
    lines: list[SnapLine] = []
    for element in element_ids(spec):
        box = box_of(spec, element)
        if element == exclude or box is None or box.w <= 0 or box.h <= 0:
            continue
        for x in (box.x, box.x + box.w / 2, box.right):
            lines.append(SnapLine("x", x, LineKind.ELEMENT, element))
        for y in (box.y, box.y + box.h / 2, box.bottom):
            lines.append(SnapLine("y", y, LineKind.ELEMENT, element))
    return lines


def snap_lines(spec: LayoutSpec, moving: str) -> list[SnapLine]:
    """Every line the element `moving` of `spec` may snap to."""
    return frame_lines(spec.format) + element_lines(spec, moving)


def _best(features: Sequence[float], lines: Iterable[SnapLine], tolerance: float
          ) -> tuple[float, SnapLine] | None:
    """The smallest shift (≤ tolerance) that puts one of `features` on one of `lines`."""
    best: tuple[float, int, float, SnapLine] | None = None
    for line in lines:
        for feature in features:
            shift = line.position - feature
            if abs(shift) > tolerance + 1e-12:
                continue
            key = (abs(shift), _PRIORITY[line.kind])
            if best is None or key < (best[0], best[1]):
                best = (abs(shift), _PRIORITY[line.kind], shift, line)
    return None if best is None else (best[2], best[3])


def _touching(box: Box, lines: Iterable[SnapLine], handle: Handle) -> tuple[SnapLine, ...]:
    """The lines the snapped box's snapping features now lie on (several may coincide)."""
    xs = _features_x(box, handle)
    ys = _features_y(box, handle)
    found = [line for line in lines
             if any(abs(line.position - f) < 1e-6 for f in (xs if line.axis == "x" else ys))]
    # One line per axis and position is enough to draw; the frame's own kind wins.
    unique: dict[tuple[str, float], SnapLine] = {}
    for line in sorted(found, key=lambda item: _PRIORITY[item.kind]):
        unique.setdefault((line.axis, round(line.position, 6)), line)
    return tuple(unique.values())


def _features_x(box: Box, handle: Handle) -> tuple[float, ...]:
    if handle is Handle.MOVE:
        return box.x, box.x + box.w / 2, box.right
    if handle.moves_left:
        return (box.x,)
    if handle.moves_right:
        return (box.right,)
    return ()


def _features_y(box: Box, handle: Handle) -> tuple[float, ...]:
    if handle is Handle.MOVE:
        return box.y, box.y + box.h / 2, box.bottom
    if handle.moves_top:
        return (box.y,)
    if handle.moves_bottom:
        return (box.bottom,)
    return ()


def snap_box(box: Box, handle: Handle, lines: Sequence[SnapLine],
             tolerance: tuple[float, float], *, min_size: float = 0.02) -> SnapResult:
    """`box` (just dragged by `handle`) moved onto the nearest lines within `tolerance`
    (x, y in canvas fractions; the canvas turns a few screen pixels into these)."""
    x_lines = [line for line in lines if line.axis == "x"]
    y_lines = [line for line in lines if line.axis == "y"]
    x, w = _snap_axis(box.x, box.w, _best(_features_x(box, handle), x_lines, tolerance[0]),
                      handle is Handle.MOVE, handle.moves_left, handle.moves_right, min_size)
    y, h = _snap_axis(box.y, box.h, _best(_features_y(box, handle), y_lines, tolerance[1]),
                      handle is Handle.MOVE, handle.moves_top, handle.moves_bottom, min_size)
    snapped = Box(x, y, w, h)
    return SnapResult(snapped, _touching(snapped, lines, handle))


def _snap_axis(start: float, size: float, found: tuple[float, SnapLine] | None, moving: bool,
               near_side: bool, far_side: bool, min_size: float) -> tuple[float, float]:
    """One axis of a snapped box: (start, size), unchanged when nothing snapped."""
    if found is None:
        return start, size
    shift = found[0]
    if moving:
        return start + shift, size
    if near_side:
        new_start = min(start + shift, start + size - min_size)
        return new_start, start + size - new_start
    if far_side:
        return start, max(size + shift, min_size)
    return start, size


def outside_safe_zone(box: Box, fmt: AdFormat | str) -> bool:
    """Whether any of `box` lies where Stories and Reels cover the ad (9:16 only)."""
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    if fmt.safe_zone is None or box.w <= 0 or box.h <= 0:
        return False
    safe = fmt.safe_zone.box
    eps = 1e-6
    return (box.x < safe.x - eps or box.y < safe.y - eps or box.right > safe.right + eps
            or box.bottom > safe.bottom + eps)
