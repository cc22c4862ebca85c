"""A rectangle of the overlay layer recomputed from the mask: plain numpy, no Qt.

The same pixels the whole-layer render (`overlay_render.layer_region`) gives, for the part of the
layer an edit of `rect` can change. In the outline mode that part is wider than `rect`: erasing
makes the foreground next to the erased pixels an edge, up to one outline width away. So the
rectangle is widened by the outline width, and the mask is read with a further margin, so the
edge of the rectangle is not mistaken for an edge of the mask.
"""

from __future__ import annotations

import numpy as np

from desktop.core.editing import Rect
from desktop.ui.viewer.overlay_render import OUTLINE, OverlayStyle, mask_outline, outline_width


def layer_block(
    mask: np.ndarray, rect: Rect, style: OverlayStyle, pixel: int
) -> tuple[Rect, np.ndarray]:
    """(the rectangle to rewrite, its uint32 block): `pixel` where the layer is painted,
    0 (transparent) elsewhere."""
    rect, region = _region(mask, rect, style)
    out = np.zeros(region.shape, np.uint32)
    out[region] = pixel
    return rect, out


def _grow(rect: Rect, by: int, shape: tuple[int, int]) -> Rect:
    return Rect(rect.x - by, rect.y - by, rect.width + 2 * by, rect.height + 2 * by).clipped(*shape)


def _region(mask: np.ndarray, rect: Rect, style: OverlayStyle) -> tuple[Rect, np.ndarray]:
    if style.mode != OUTLINE:
        return rect, mask[rect.slices]
    thickness = outline_width(*mask.shape)
    rect = _grow(rect, thickness, mask.shape)
    wide = _grow(rect, thickness + 1, mask.shape)
    outline = mask_outline(mask[wide.slices], thickness)
    top, left = rect.y - wide.y, rect.x - wide.x
    return rect, outline[top : top + rect.height, left : left + rect.width]
