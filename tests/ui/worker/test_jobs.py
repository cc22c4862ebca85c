"""The worker's jobs as plain methods, run without Qt."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from desktop.core.errors import SegDeskError
from desktop.ui.worker.jobs import Jobs, Services
from tests.ui.conftest import FakeLab, FakeSegmenter, fake_package, write_image


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


def test_loading_warms_the_exact_engine_once_per_model() -> None:
    """Each newly loaded segmenter is handed to `warm_exact` (which builds an approximate
    device's exact engine beside); the same model again is not reloaded nor re-warmed."""
    lab, warmed = FakeLab(), []
    jobs = Jobs(Services(make_segmenter=lambda p, d: FakeSegmenter(lab, p, d),
                         warm_exact=warmed.append))  # fmt: skip
    jobs.load(fake_package(), "cpu")
    jobs.load(fake_package(), "cpu")
    assert warmed == [jobs.segmenter]
    jobs.load(fake_package(), "cuda:0")
    assert len(warmed) == 2 and warmed[1] is jobs.segmenter
