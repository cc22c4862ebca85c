"""The ui package's plain (Qt-free) logic: navigation, ETA, request ids, overlay layers, jobs."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from desktop.core.errors import SegDeskError
from desktop.ui.batch.eta import EtaEstimator, format_duration
from desktop.ui.document.navigation import neighbor_image, push_recent, sibling_images
from desktop.ui.viewer.overlay_render import (
    FILL,
    OUTLINE,
    OverlayStyle,
    heatmap_rgb,
    layer_region,
    mask_outline,
    outline_width,
)
from desktop.ui.worker.jobs import Jobs, Services
from desktop.ui.worker.requests import RequestTracker
from tests.ui.conftest import FakeLab, FakeSegmenter, fake_package, write_image


def test_siblings_in_natural_order_and_neighbors(tmp_path: Path) -> None:
    for name in ("img10.png", "img2.png", "IMG1.png"):
        write_image(tmp_path / name, 8, 8)
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden.png").write_bytes(b"")
    names = [p.name for p in sibling_images(tmp_path / "img2.png")]
    assert names == ["IMG1.png", "img2.png", "img10.png"]
    assert neighbor_image(tmp_path / "img2.png", +1).name == "img10.png"
    assert neighbor_image(tmp_path / "img2.png", -1).name == "IMG1.png"
    assert neighbor_image(tmp_path / "img10.png", +1) is None
    assert neighbor_image(tmp_path / "IMG1.png", -1) is None
    # The shown file was deleted meanwhile: continue from where it would sort.
    assert neighbor_image(tmp_path / "img5.png", +1).name == "img10.png"
    assert neighbor_image(tmp_path / "img5.png", -1).name == "img2.png"


def test_recent_list_moves_to_front_without_duplicates() -> None:
    recent = push_recent(["/a", "/b", "/c"], "/b")
    assert recent == ["/b", "/a", "/c"]
    assert len(push_recent([f"/{i}" for i in range(10)], "/new")) == 10


def test_eta_ignores_skipped_items() -> None:
    eta = EtaEstimator(total=10, start=0.0)
    assert eta.remaining_seconds(1.0) is None
    eta.record(skipped=True)
    eta.record(skipped=False)
    eta.record(skipped=False)
    assert eta.remaining_seconds(4.0) == pytest.approx(2.0 * 7)
    assert format_duration(None) == "estimating…"
    assert format_duration(75) == "1 min 15 s"
    assert format_duration(3700) == "1 h 01 min"


def test_request_tracker_makes_older_answers_stale() -> None:
    tracker = RequestTracker()
    first = tracker.issue("segment")
    second = tracker.issue("segment")
    assert not tracker.is_current("segment", first)
    assert tracker.is_current("segment", second)
    tracker.forget("segment")
    assert not tracker.finish("segment", second)
    third = tracker.issue("segment")
    assert tracker.finish("segment", third) and not tracker.is_pending("segment")


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


def test_jobs_run_without_qt() -> None:
    lab = FakeLab()
    jobs = Jobs(Services(make_segmenter=lambda p, d: FakeSegmenter(lab, p, d)))
    with pytest.raises(SegDeskError, match="No model is loaded"):
        jobs.segment(Path("x.png"), np.zeros((4, 4, 3), np.uint8))
    loaded = jobs.load(fake_package(), "cpu")
    assert loaded.device.id == "cpu" and loaded.fallback_reason is None
    jobs.load(fake_package(), "cpu")  # same package and device: not reloaded
    assert len(lab.loads) == 1
    result = jobs.segment(Path("x.png"), np.zeros((20, 30, 3), np.uint8))
    assert result.prediction.mask.shape == (20, 30) and result.package.name == "fake-unet"


def test_jobs_batch_reports_plan_and_items(tmp_path: Path) -> None:
    from desktop.core.batch import BatchOptions

    lab = FakeLab()
    jobs = Jobs(Services(make_segmenter=lambda p, d: FakeSegmenter(lab, p, d)))
    jobs.load(fake_package(), "cpu")
    for name in ("1.png", "2.png"):
        write_image(tmp_path / "in" / name, 10, 10)
    plans, items = [], []
    summary = jobs.run_batch(
        BatchOptions(tmp_path / "in", tmp_path / "out"),
        threading.Event(),
        plans.append,
        items.append,
    )
    assert plans == [("1.png", "2.png")]
    assert [p.done for p in items] == [1, 2] and summary.done == 2
