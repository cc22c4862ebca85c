"""A rectangle of the overlay layer recomputed from the mask: plain numpy, no Qt.

The same pixels the whole-layer render (`overlay_render.layer_region`) gives, for just the
rectangle an edit touched: for the outline mode the mask is read with a margin as wide as the
outline, so the edge of the rectangle is not mistaken for an edge of the mask.
"""

from __future__ import annotations

import numpy as np

from desktop.core.editing import Rect
from desktop.ui.overlay_render import OUTLINE, OverlayStyle, mask_outline, outline_width


def layer_block(mask: np.ndarray, rect: Rect, style: OverlayStyle, pixel: int) -> np.ndarray:
    """The layer's (rect.height, rect.width) uint32 block: `pixel` where the layer is painted,
    0 (transparent) elsewhere."""
    region = _region(mask, rect, style)
    out = np.zeros(region.shape, np.uint32)
    out[region] = pixel
    return out


def _region(mask: np.ndarray, rect: Rect, style: OverlayStyle) -> np.ndarray:
    if style.mode != OUTLINE:
        return mask[rect.slices]
    height, width = mask.shape
    thickness = outline_width(height, width)
    pad = thickness + 1
    wide = Rect(rect.x - pad, rect.y - pad, rect.width + 2 * pad, rect.height + 2 * pad).clipped(
        height, width
    )
    outline = mask_outline(mask[wide.slices], thickness)
    top, left = rect.y - wide.y, rect.x - wide.x
    return outline[top : top + rect.height, left : left + rect.width]
