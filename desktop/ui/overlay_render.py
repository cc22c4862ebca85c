"""Overlay layers as RGBA arrays: plain numpy/OpenCV, no Qt, testable on its own.

The viewer keeps the image and the overlay as two separate pixmaps; opacity is applied by the
overlay item, so changing it never re-renders anything. A layer is rebuilt only when the mask,
the colour or the mode changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from desktop.core.export import DEFAULT_COLOR, DEFAULT_OPACITY

FILL = "fill"
OUTLINE = "outline"
HEATMAP = "heatmap"
MODES = (FILL, OUTLINE, HEATMAP)
MODE_LABELS = {FILL: "Filled mask", OUTLINE: "Outline", HEATMAP: "Probability heat-map"}


@dataclass(frozen=True)
class OverlayStyle:
    color: tuple[int, int, int] = DEFAULT_COLOR
    opacity: float = DEFAULT_OPACITY  # 0..1, applied by the viewer, never baked into the layer
    mode: str = FILL
    visible: bool = True

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"overlay mode must be one of {MODES}, not {self.mode!r}")
        if not 0.0 <= self.opacity <= 1.0:
            raise ValueError(f"opacity must be between 0 and 1, not {self.opacity}")


def outline_width(height: int, width: int) -> int:
    """Outline thickness in image pixels, so it stays visible when a large image is fitted."""
    return max(1, round(max(height, width) / 500))


def render_layer(mask: np.ndarray, probability: np.ndarray, style: OverlayStyle) -> np.ndarray:
    """The overlay for `style.mode` as straight-alpha RGBA uint8 (H, W, 4)."""
    height, width = mask.shape
    layer = np.zeros((height, width, 4), dtype=np.uint8)
    if style.mode == HEATMAP:
        scaled = np.clip(probability * 255.0 + 0.5, 0, 255).astype(np.uint8)
        bgr = cv2.applyColorMap(scaled, cv2.COLORMAP_INFERNO)
        layer[..., :3] = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        layer[..., 3] = 255
        return layer
    region = mask
    if style.mode == OUTLINE:
        region = mask_outline(mask, outline_width(height, width))
    layer[region] = (*style.color, 255)
    return layer


def mask_outline(mask: np.ndarray, thickness: int) -> np.ndarray:
    """Foreground pixels within `thickness` of the background (the inner edge of each region)."""
    as_u8 = mask.astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * thickness + 1, 2 * thickness + 1))
    eroded = cv2.erode(as_u8, kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0)
    return mask & ~eroded.astype(bool)
