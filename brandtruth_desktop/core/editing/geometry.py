"""The parts of a LayoutSpec a person can grab on the canvas, and how dragging changes them.

Every editable part is named by an *element id*: "headline", "primary", "description" (the
text blocks, by role), "cta", "logo", and "shape-0", "shape-1" … for the flat shapes (an
accent bar). `box_of` reads an element's box and `with_box` returns the spec with it moved;
`drag_box` turns a handle dragged by (dx, dy) into a new box. All coordinates are relative
to the canvas (0..1), like the spec's, so the maths is the same at any preview size.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from brandtruth_desktop.core.compose.spec import LayoutSpec, TextRole
from brandtruth_desktop.core.imagery.geometry import Box

CTA = "cta"
LOGO = "logo"
SHAPE_PREFIX = "shape-"
MIN_SIZE = 0.02
"""The smallest width or height a box can be resized to (2 % of the canvas)."""

_LABELS = {
    TextRole.HEADLINE.value: "Headline",
    TextRole.PRIMARY.value: "Primary text",
    TextRole.DESCRIPTION.value: "Description",
    CTA: "Button",
    LOGO: "Logo",
}


class Handle(StrEnum):
    """What part of a box is being dragged: the whole box, or a side or corner."""

    MOVE = "move"
    N = "n"
    S = "s"
    E = "e"
    W = "w"
    NE = "ne"
    NW = "nw"
    SE = "se"
    SW = "sw"

    @property
    def moves_left(self) -> bool:
        return self in (Handle.W, Handle.NW, Handle.SW)

    @property
    def moves_right(self) -> bool:
        return self in (Handle.E, Handle.NE, Handle.SE)

    @property
    def moves_top(self) -> bool:
        return self in (Handle.N, Handle.NE, Handle.NW)

    @property
    def moves_bottom(self) -> bool:
        return self in (Handle.S, Handle.SE, Handle.SW)


RESIZE_HANDLES = tuple(h for h in Handle if h is not Handle.MOVE)


def element_ids(spec: LayoutSpec) -> list[str]:
    """The elements of `spec` a person can select, in drawing order (shapes first)."""
    ids = [f"{SHAPE_PREFIX}{index}" for index in range(len(spec.shapes))]
    if spec.logo is not None:
        ids.append(LOGO)
    if spec.cta is not None:
        ids.append(CTA)
    ids.extend(dict.fromkeys(block.role.value for block in spec.texts))
    return ids


def element_label(element: str) -> str:
    """The element's name as the editor shows it ("Headline", "Accent shape 1" …)."""
    if element.startswith(SHAPE_PREFIX):
        return f"Shape {int(element[len(SHAPE_PREFIX):]) + 1}"
    return _LABELS.get(element, element.capitalize())


def text_role(element: str) -> TextRole | None:
    """The text role an element id names, or None for the button, logo and shapes."""
    try:
        return TextRole(element)
    except ValueError:
        return None


def _shape_index(element: str) -> int | None:
    if not element.startswith(SHAPE_PREFIX):
        return None
    try:
        return int(element[len(SHAPE_PREFIX):])
    except ValueError:
        return None


def box_of(spec: LayoutSpec, element: str) -> Box | None:
    """The element's box in `spec`, or None when the spec has no such element."""
    role = text_role(element)
    if role is not None:
        block = spec.text(role)
        return block.box if block is not None else None
    if element == CTA:
        return spec.cta.box if spec.cta is not None else None
    if element == LOGO:
        return spec.logo.box if spec.logo is not None else None
    index = _shape_index(element)
    if index is not None and 0 <= index < len(spec.shapes):
        return spec.shapes[index].box
    return None


def with_box(spec: LayoutSpec, element: str, box: Box) -> LayoutSpec:
    """`spec` with the element's box replaced (unchanged when there is no such element)."""
    box = tidy(box)
    role = text_role(element)
    if role is not None:
        return replace(spec, texts=tuple(
            replace(block, box=box) if block.role is role else block for block in spec.texts))
    if element == CTA and spec.cta is not None:
        return replace(spec, cta=replace(spec.cta, box=box))
    if element == LOGO and spec.logo is not None:
        return replace(spec, logo=replace(spec.logo, box=box))
    index = _shape_index(element)
    if index is not None and 0 <= index < len(spec.shapes):
        shapes = list(spec.shapes)
        shapes[index] = replace(shapes[index], box=box)
        return replace(spec, shapes=tuple(shapes))
    return spec


def tidy(box: Box) -> Box:
    """The box rounded to 5 decimals (a tenth of a pixel at 1920): stored specs stay short and
    a box dragged back to where it was compares equal."""
    return Box(round(box.x, 5), round(box.y, 5), round(box.w, 5), round(box.h, 5))


def drag_box(start: Box, handle: Handle, dx: float, dy: float, *,
             min_size: float = MIN_SIZE) -> Box:
    """The box after dragging `handle` of `start` by (dx, dy), kept on the canvas.

    Moving keeps the size and slides the box back inside the canvas; resizing moves only the
    dragged sides, never past the opposite side (less `min_size`) or off the canvas.
    """
    if handle is Handle.MOVE:
        x = min(max(start.x + dx, 0.0), max(0.0, 1.0 - start.w))
        y = min(max(start.y + dy, 0.0), max(0.0, 1.0 - start.h))
        return Box(x, y, start.w, start.h)
    left, top, right, bottom = start.x, start.y, start.right, start.bottom
    if handle.moves_left:
        left = min(max(0.0, left + dx), right - min_size)
    if handle.moves_right:
        right = max(min(1.0, right + dx), left + min_size)
    if handle.moves_top:
        top = min(max(0.0, top + dy), bottom - min_size)
    if handle.moves_bottom:
        bottom = max(min(1.0, bottom + dy), top + min_size)
    return Box(left, top, right - left, bottom - top)


def hit_handle(box: Box, point: tuple[float, float], reach: tuple[float, float]
               ) -> Handle | None:
    """Which handle of `box` is under `point`: a corner or side within `reach` (x, y, in
    canvas fractions) of it, MOVE inside the box, None outside."""
    px, py = point
    rx, ry = reach
    near_left, near_right = abs(px - box.x) <= rx, abs(px - box.right) <= rx
    near_top, near_bottom = abs(py - box.y) <= ry, abs(py - box.bottom) <= ry
    inside_x = box.x - rx <= px <= box.right + rx
    inside_y = box.y - ry <= py <= box.bottom + ry
    if not (inside_x and inside_y):
        return None
    mid_x = abs(px - (box.x + box.w / 2)) <= rx
    mid_y = abs(py - (box.y + box.h / 2)) <= ry
    corners = ((near_top and near_left, Handle.NW), (near_top and near_right, Handle.NE),
               (near_bottom and near_left, Handle.SW), (near_bottom and near_right, Handle.SE))
    for hit, handle in corners:
        if hit:
            return handle
    sides = ((near_top and mid_x, Handle.N), (near_bottom and mid_x, Handle.S),
             (near_left and mid_y, Handle.W), (near_right and mid_y, Handle.E))
    for hit, handle in sides:
        if hit:
            return handle
    return Handle.MOVE if box.contains(point) else None
