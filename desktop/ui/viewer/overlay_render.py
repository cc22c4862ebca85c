"""Overlay layers as RGBA arrays: plain numpy/OpenCV, no Qt, testable on its own.

The viewer keeps the image and the overlay as two separate pixmaps; opacity is applied by the
overlay item, so changing it never re-renders anything. A layer is rebuilt only when the mask,
the colour or the mode changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.core.export import DEFAULT_COLOR, DEFAULT_OPACITY

FILL = "fill"
OUTLINE = "outline"
HEATMAP = "heatmap"
MODES = (FILL, OUTLINE, HEATMAP)
MODE_LABELS = {  # English source texts; show them with mode_label()
    FILL: QT_TRANSLATE_NOOP("OverlayMode", "Filled mask"),
    OUTLINE: QT_TRANSLATE_NOOP("OverlayMode", "Outline"),
    HEATMAP: QT_TRANSLATE_NOOP("OverlayMode", "Probability heat-map"),
}


def mode_label(mode: str) -> str:
    """The overlay mode's name in the UI language."""
    return QCoreApplication.translate("OverlayMode", MODE_LABELS[mode])


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
    """Outline thickness in image pixels, so it stays visible when a large image is fitted
    (the same rule as the exported outline overlay in core.export)."""
    return max(2, round(max(height, width) / 400))


def layer_region(mask: np.ndarray, style: OverlayStyle) -> np.ndarray:
    """The pixels painted in `style.color` for the mask modes: the mask, or its outline."""
    if style.mode == OUTLINE:
        return mask_outline(mask, outline_width(*mask.shape))
    return mask


def heatmap_rgb(probability: np.ndarray) -> np.ndarray:
    """The probability map through the Inferno colour map, RGB uint8 (H, W, 3)."""
    scaled = np.clip(probability * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return cv2.cvtColor(cv2.applyColorMap(scaled, cv2.COLORMAP_INFERNO), cv2.COLOR_BGR2RGB)


def mask_outline(mask: np.ndarray, thickness: int) -> np.ndarray:
    """Foreground pixels within `thickness` of the background (the inner edge of each region)."""
    as_u8 = mask.astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * thickness + 1, 2 * thickness + 1))
    eroded = cv2.erode(as_u8, kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0)
    return mask & ~eroded.astype(bool)
