"""Axis-aligned pixel rectangles: what an edit touched, clipped to the image."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    """Pixels x..x+width-1, y..y+height-1 (column, row), in image coordinates."""

    x: int
    y: int
    width: int
    height: int

    @classmethod
    def from_bounds(cls, x0: int, y0: int, x1: int, y1: int) -> Rect:
        """From inclusive-exclusive bounds [x0, x1) × [y0, y1)."""
        return cls(x0, y0, max(0, x1 - x0), max(0, y1 - y0))

    @property
    def right(self) -> int:  # exclusive
        return self.x + self.width

    @property
    def bottom(self) -> int:  # exclusive
        return self.y + self.height

    @property
    def area(self) -> int:
        return self.width * self.height

    def is_empty(self) -> bool:
        return self.width <= 0 or self.height <= 0

    @property
    def slices(self) -> tuple[slice, slice]:
        """`array[rect.slices]` is the rectangle's block of an (H, W) array."""
        return slice(self.y, self.bottom), slice(self.x, self.right)

    def union(self, other: Rect | None) -> Rect:
        if other is None or other.is_empty():
            return self
        if self.is_empty():
            return other
        return Rect.from_bounds(
            min(self.x, other.x),
            min(self.y, other.y),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def clipped(self, height: int, width: int) -> Rect:
        """The part inside an image of that size (possibly empty)."""
        return Rect.from_bounds(
            max(0, self.x), max(0, self.y), min(width, self.right), min(height, self.bottom)
        )

    def center(self) -> tuple[float, float]:
        """(x, y) of the rectangle's centre, in image coordinates."""
        return self.x + self.width / 2, self.y + self.height / 2
