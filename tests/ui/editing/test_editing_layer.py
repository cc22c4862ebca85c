"""The overlay rectangle an edit rewrites equals the whole-layer render (no Qt needed)."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.core.editing import EditableMask
from desktop.ui.editing.layer_pixels import layer_block
from desktop.ui.viewer.overlay_render import FILL, OUTLINE, OverlayStyle, layer_region


@pytest.mark.parametrize("mode", [FILL, OUTLINE])
def test_partial_layer_updates_match_a_full_render(mode):
    rng = np.random.default_rng(3)
    base = np.zeros((300, 400), bool)
    base[60:240, 80:330] = True
    style = OverlayStyle(mode=mode)
    edits = EditableMask(base)
    layer = layer_region(base, style).copy()
    for step in range(30):
        stroke = edits.begin_stroke(size=float(rng.integers(2, 30)), erase=step % 2 == 1)
        for _ in range(4):
            rect = stroke.add_point(tuple(rng.uniform(-20, 420, 2)))
            if rect is not None:
                written, block = layer_block(edits.mask, rect, style, 7)
                layer[written.slices] = block == 7
        stroke.finish()
        assert np.array_equal(layer, layer_region(edits.mask, style)), f"step {step}"
