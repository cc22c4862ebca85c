"""Connected regions of a mask: list them, find the one under a point, find holes.

Foreground is 8-connected (as `Prediction.components` counts it), so background — and with it a
hole — is 4-connected: a diagonal gap does not join a hole to the outside.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from desktop.core.editing.geometry import Rect


@dataclass(frozen=True)
class Region:
    """One connected foreground region."""

    area: int  # pixels
    fraction: float  # of the whole image
    bounds: Rect
    anchor: tuple[int, int]  # (x, y) of one pixel inside the region (to centre the view on it)


def count_regions(mask: np.ndarray) -> int:
    """The number of regions (8-connectivity), as `Prediction.components` counts them."""
    count, _ = cv2.connectedComponents(_as_u8(mask), connectivity=8)
    return int(count) - 1


def list_regions(mask: np.ndarray) -> list[Region]:
    """All regions, largest first (8-connectivity)."""
    count = count_regions(mask)
    if count == 0:
        return []
    # 16-bit labels when they fit: OpenCV's statistics pass is about twice as fast with them.
    label_type = cv2.CV_16U if count < np.iinfo(np.uint16).max else cv2.CV_32S
    found, labels, stats, centroids = cv2.connectedComponentsWithStats(
        _as_u8(mask), connectivity=8, ltype=label_type
    )
    total = mask.size
    regions = []
    for label in range(1, found):
        x, y, w, h, area = (int(v) for v in stats[label])
        bounds = Rect(x, y, w, h)
        anchor = _anchor(labels, label, bounds, centroids[label])
        regions.append(Region(area, area / total, bounds, anchor))
    regions.sort(key=lambda region: (-region.area, region.bounds.y, region.bounds.x))
    return regions


def _anchor(labels: np.ndarray, label: int, bounds: Rect, centroid: np.ndarray) -> tuple[int, int]:
    """The region's centroid when it lies in the region, else the region's pixel nearest to
    its bounding-box centre (a ring's centre is not in it)."""
    cx, cy = int(centroid[0]), int(centroid[1])
    if labels[cy, cx] == label:
        return cx, cy
    rows, cols = np.nonzero(labels[bounds.slices] == label)
    cy, cx = (bounds.height - 1) / 2, (bounds.width - 1) / 2
    best = int(np.argmin((rows - cy) ** 2 + (cols - cx) ** 2))
    return bounds.x + int(cols[best]), bounds.y + int(rows[best])


def region_at(
    mask: np.ndarray, x: int, y: int, connectivity: int = 8
) -> tuple[Rect, np.ndarray] | None:
    """The connected foreground region containing pixel (x, y): (bounds, bool block of the
    bounds marking the region's pixels), or None if (x, y) is background or outside."""
    height, width = mask.shape
    if not (0 <= x < width and 0 <= y < height) or not mask[y, x]:
        return None
    flood = np.zeros((height + 2, width + 2), np.uint8)
    flags = connectivity | cv2.FLOODFILL_MASK_ONLY | (1 << 8)
    _, _, _, (rx, ry, rw, rh) = cv2.floodFill(_as_u8(mask), flood, (x, y), 1, 0, 0, flags)
    rect = Rect(rx, ry, rw, rh)
    block = flood[1:-1, 1:-1][rect.slices].astype(bool)
    return rect, block


def enclosed_background(mask: np.ndarray) -> np.ndarray:
    """Background pixels not 4-connected to the image border: the holes of `mask`."""
    padded = np.pad(_as_u8(mask), 1, constant_values=0)
    flood = np.zeros((padded.shape[0] + 2, padded.shape[1] + 2), np.uint8)
    flags = 4 | cv2.FLOODFILL_MASK_ONLY | (1 << 8)
    cv2.floodFill(padded, flood, (0, 0), 1, 0, 0, flags)  # the outside, through the padding
    outside = flood[2:-2, 2:-2].astype(bool)
    return ~mask & ~outside


def bounds_of(block: np.ndarray) -> Rect | None:
    """The bounding rectangle of the True pixels of a bool array, or None if there are none."""
    rows = np.flatnonzero(block.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(block.any(axis=0))
    return Rect.from_bounds(int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)


def _as_u8(mask: np.ndarray) -> np.ndarray:
    if mask.dtype == np.bool_ and mask.flags.writeable and mask.flags.c_contiguous:
        return mask.view(np.uint8)  # OpenCV's bindings want a writeable array, even to read
    return (mask != 0).astype(np.uint8)
