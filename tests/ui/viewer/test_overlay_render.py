"""Overlay layers as RGBA arrays: plain numpy/OpenCV, no Qt."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.ui.viewer.overlay_render import (
    FILL,
    OUTLINE,
    OverlayStyle,
    heatmap_rgb,
    layer_region,
    mask_outline,
    outline_width,
)


def test_overlay_layers() -> None:
    mask = np.zeros((40, 60), bool)
    mask[10:30, 20:50] = True
    assert layer_region(mask, OverlayStyle(mode=FILL)) is mask
    outline = layer_region(mask, OverlayStyle(mode=OUTLINE))
    assert outline.any() and outline.sum() < mask.sum() and not outline[~mask].any()
    assert not outline[20, 35]  # the inside of the region is left clear
    assert outline[10, 35] and outline[29, 35] and outline[20, 20]
    heat = heatmap_rgb(mask.astype(np.float32) * 0.9)
    assert heat.shape == (40, 60, 3) and heat.dtype == np.uint8
    assert not np.array_equal(heat[0, 0], heat[20, 35])
    assert mask_outline(np.zeros((5, 5), bool), 1).sum() == 0
    assert outline_width(3000, 4000) == 10 and outline_width(10, 10) == 2
    with pytest.raises(ValueError):
        OverlayStyle(mode="sparkles")
