"""Round-brush stroke rasterisation: plain numpy, deterministic, exact.

Coordinates are image coordinates as floats: pixel (row r, column c) covers the square
[c, c+1) × [r, r+1), so its centre is (c + 0.5, r + 0.5). A segment from p0 to p1 with brush
`radius` covers every pixel whose centre lies within `radius` of the segment (a "capsule");
a single point (p0 == p1) covers a disk. Consecutive segments of a stroke share their end
points, so a stroke has no gaps however fast the mouse moves or however far it is zoomed.
"""

from __future__ import annotations

import math

import numpy as np

from desktop.core.editing.geometry import Rect

Point = tuple[float, float]  # (x, y) in image coordinates

MIN_RADIUS = 0.5  # a 1-pixel brush


def radius_for_size(size: float) -> float:
    """Brush radius for a brush `size` pixels across (the diameter)."""
    return max(MIN_RADIUS, float(size) / 2.0)


def segment_bounds(p0: Point, p1: Point, radius: float) -> Rect:
    """Every pixel the capsule can touch (not clipped to any image)."""
    x0 = math.floor(min(p0[0], p1[0]) - radius - 0.5)
    y0 = math.floor(min(p0[1], p1[1]) - radius - 0.5)
    x1 = math.ceil(max(p0[0], p1[0]) + radius + 0.5) + 1
    y1 = math.ceil(max(p0[1], p1[1]) + radius + 0.5) + 1
    return Rect.from_bounds(x0, y0, x1, y1)


def capsule_footprint(
    p0: Point, p1: Point, radius: float, shape: tuple[int, int]
) -> tuple[Rect, np.ndarray] | None:
    """The pixels of an (H, W) image the segment covers: (rect, bool block of rect's size),
    or None when it misses the image entirely."""
    height, width = shape
    rect = segment_bounds(p0, p1, radius).clipped(height, width)
    if rect.is_empty():
        return None
    # Pixel centres of the block, relative to p0.
    xs = np.arange(rect.x, rect.right, dtype=np.float64) + 0.5 - p0[0]
    ys = np.arange(rect.y, rect.bottom, dtype=np.float64) + 0.5 - p0[1]
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        distance2 = ys[:, None] ** 2 + xs[None, :] ** 2
    else:
        # Project each centre on the segment, clamp to its ends, measure the distance.
        t = np.clip((ys[:, None] * dy + xs[None, :] * dx) / length2, 0.0, 1.0)
        distance2 = (xs[None, :] - t * dx) ** 2 + (ys[:, None] - t * dy) ** 2
    block = distance2 <= radius * radius
    if not block.any():
        return None
    return rect, block


def paint_segment(
    mask: np.ndarray, p0: Point, p1: Point, radius: float, value: bool
) -> Rect | None:
    """Set the segment's pixels of `mask` (bool, H×W, changed in place) to `value`.

    Returns the rectangle that was written (clipped to the image), or None if none was."""
    footprint = capsule_footprint(p0, p1, radius, mask.shape)
    if footprint is None:
        return None
    rect, block = footprint
    mask[rect.slices][block] = value
    return rect
