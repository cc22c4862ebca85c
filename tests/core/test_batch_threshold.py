"""Batch threshold override and overlay style (DESIGN §5, issue 12 defect 1)."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from desktop.core.batch import BatchOptions, BatchRun
from desktop.core.errors import BatchError
from desktop.core.export import OverlaySpec


def _run(segmenter, options):
    run = BatchRun(segmenter, options)
    results = list(run)
    return run, results


def test_threshold_override_cuts_masks_and_is_recorded(unet18_segmenter, photos, tmp_path):
    plain, low = tmp_path / "plain", tmp_path / "low"
    _run(unet18_segmenter, BatchOptions(photos, plain, save=frozenset({"mask", "prob"})))
    _run(unet18_segmenter, BatchOptions(photos, low, save=frozenset({"mask"}), threshold=0.3))
    probability = cv2.imread(str(plain / "a_prob.png"), cv2.IMREAD_UNCHANGED) / 65535.0
    mask_low = cv2.imread(str(low / "a_mask.png"), cv2.IMREAD_UNCHANGED)
    mask_plain = cv2.imread(str(plain / "a_mask.png"), cv2.IMREAD_UNCHANGED)
    # Masks are `probability > 0.3` (up to the 16-bit rounding of the saved probability).
    agree = (mask_low > 0) == (probability > 0.3)
    assert agree.mean() > 0.999
    assert (mask_low > 0).sum() > (mask_plain > 0).sum()

    run = json.loads((low / "run.json").read_text("utf-8"))
    assert run["threshold"] == 0.3
    assert run["training_threshold"] == 0.5
    assert run["threshold_overridden"] is True
    plain_run = json.loads((plain / "run.json").read_text("utf-8"))
    assert plain_run["threshold"] == 0.5 and plain_run["threshold_overridden"] is False
    lines = (low / ".segdesk-journal.jsonl").read_text().splitlines()
    journal = [json.loads(line) for line in lines]
    keys = ("threshold", "training_threshold", "threshold_overridden")
    recorded = {tuple(e[k] for k in keys) for e in journal}
    assert recorded == {(0.3, 0.5, True)}


def test_another_threshold_redoes_the_same_resumes(unet18_segmenter, photos, tmp_path):
    out = tmp_path / "out"
    _run(unet18_segmenter, BatchOptions(photos, out, threshold=0.3))
    _, again = _run(unet18_segmenter, BatchOptions(photos, out, threshold=0.3))
    assert {r.status for r in again} == {"skipped"}
    _, other = _run(unet18_segmenter, BatchOptions(photos, out, threshold=0.6))
    assert {r.status for r in other} == {"ok"}


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.2, 1.5])
def test_threshold_outside_0_1_is_refused(unet18_segmenter, photos, tmp_path, bad):
    with pytest.raises(BatchError, match="between 0 and 1"):
        BatchRun(unet18_segmenter, BatchOptions(photos, tmp_path / "out", threshold=bad))
    assert not (tmp_path / "out").exists()


def test_overlay_uses_the_given_style_and_records_it(unet18_segmenter, photos, tmp_path):
    out = tmp_path / "out"
    style = OverlaySpec(color=(0, 0, 255), opacity=1.0, outline=False)
    _run(unet18_segmenter, BatchOptions(photos, out, save=frozenset({"mask", "overlay"}),
                                        threshold=0.2, overlay_style=style))  # fmt: skip
    mask = cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED) > 0
    overlay = cv2.cvtColor(cv2.imread(str(out / "a_overlay.png")), cv2.COLOR_BGR2RGB)
    assert mask.any()
    assert np.all(overlay[mask] == (0, 0, 255))  # opacity 1: pure colour where the mask is
    run = json.loads((out / "run.json").read_text("utf-8"))
    assert run["overlay_style"] == {"color": [0, 0, 255], "opacity": 1.0, "mode": "fill"}


def test_overlays_in_another_style_are_redone(unet18_segmenter, photos, tmp_path):
    out = tmp_path / "out"
    save = frozenset({"mask", "overlay"})
    red, blue = OverlaySpec(color=(255, 0, 0)), OverlaySpec(color=(0, 0, 255))
    _run(unet18_segmenter, BatchOptions(photos, out, save=save, overlay_style=red))
    _, same = _run(unet18_segmenter, BatchOptions(photos, out, save=save, overlay_style=red))
    assert {r.status for r in same} == {"skipped"}
    _, other = _run(unet18_segmenter, BatchOptions(photos, out, save=save, overlay_style=blue))
    assert {r.status for r in other} == {"ok"}  # run.json never claims a colour not drawn
    _, masks = _run(unet18_segmenter, BatchOptions(photos, out, overlay_style=red))
    assert {r.status for r in masks} == {"skipped"}  # masks only: the colour does not matter
