"""Boxes in relative coordinates, shared by image analysis and layout."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in relative coordinates (0..1) of an image: left, top, width, height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def area(self) -> float:
        return max(0.0, self.w) * max(0.0, self.h)

    def clamped(self) -> Box:
        """The part of this box inside the unit square (a zero-size box if none is)."""
        x0 = min(1.0, max(0.0, self.x))
        y0 = min(1.0, max(0.0, self.y))
        x1 = min(1.0, max(x0, self.right))
        y1 = min(1.0, max(y0, self.bottom))
        return Box(x0, y0, x1 - x0, y1 - y0)

    def to_pixels(self, size: tuple[int, int]) -> tuple[int, int, int, int]:
        """The box as a Pillow crop box (left, upper, right, lower) on an image of `size`,
        at least one pixel wide and high."""
        width, height = size
        box = self.clamped()
        left = min(width - 1, max(0, int(box.x * width)))
        top = min(height - 1, max(0, int(box.y * height)))
        right = max(left + 1, min(width, round(box.right * width)))
        lower = max(top + 1, min(height, round(box.bottom * height)))
        return left, top, right, lower

    def contains(self, point: tuple[float, float]) -> bool:
        px, py = point
        return self.x <= px <= self.right and self.y <= py <= self.bottom
