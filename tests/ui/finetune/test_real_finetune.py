"""The fine-tune dialog and progress window driven with the REAL core on a tiny data set:
six 64×64 images, one epoch of the small test Unet. Slower than the fake-run tests (~20 s)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QSettings

from desktop.core.package import read_package
from desktop.ui.finetune.controller import FinetuneController
from desktop.ui.shell.settings import AppSettings
from tests.ui.finetune.test_progress_window import FakeModels


def tiny_review(root: Path, count: int = 6) -> tuple[Path, Path]:
    """`count` images with a bright disc and its mask, laid out as a finished review."""
    images, reviewed = root / "images", root / "reviewed"
    images.mkdir(parents=True)
    reviewed.mkdir()
    rows = ["file,state,edited,pixels_added,pixels_removed,foreground_pixels,accepted_at"]
    rng = np.random.default_rng(7)
    for index in range(count):
        image = rng.integers(20, 60, (64, 64, 3), dtype=np.uint8)
        mask = np.zeros((64, 64), np.uint8)
        centre = (int(rng.integers(20, 44)), int(rng.integers(20, 44)))
        cv2.circle(mask, centre, int(rng.integers(8, 16)), 255, -1)
        image[mask > 0] = (200, 120, 160)
        cv2.imwrite(str(images / f"f{index}.png"), image)
        cv2.imwrite(str(reviewed / f"f{index}_mask.png"), mask)
        edited = "true" if index % 2 else "false"
        rows.append(f"f{index}.png,accepted,{edited},0,0,0,2026-12-05T20:00:00+00:00")
    rows.append("missing.png,accepted,false,0,0,0,2026-12-05T20:00:00+00:00")
    (reviewed / "review.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return reviewed, images


@pytest.mark.slow
def test_the_dialog_runs_a_real_fine_tune_to_its_end(qtbot, reporter, tmp_path, unet18):
    reviewed, images = tiny_review(tmp_path / "data")
    base = read_package(unet18.package_dir)
    models = FakeModels((base,))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.set_choices("review", {"input_dir": str(images), "output_dir": str(reviewed),
                                    "active": True})  # fmt: skip
    controller = FinetuneController(models, settings, reporter, None)
    dialog = controller.setup_dialog()
    qtbot.addWidget(dialog)
    # The real scan of the review the app remembered: six accepted, three edited, one skipped.
    assert (dialog.reviewed_edit.text(), dialog.images_edit.text()) == (str(reviewed),
                                                                         str(images))
    assert dialog.scanned.accepted == 6 and dialog.scanned.edited == 3
    assert dialog.counts.text() == (
        "6 accepted image(s) to learn from, 3 of them corrected by hand."
    )
    assert "missing.png" in dialog.skipped.text()
    dialog.epochs_spin.setValue(1)
    dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("cpu"))
    assert dialog.start_button.isEnabled(), dialog.problem.text()
    request = dialog.request()
    models_dir = tmp_path / "models"
    request = replace(request, models_dir=models_dir, batch_size=2)
    window = controller.start(request, base.name)
    try:
        qtbot.waitUntil(lambda: not controller.running, timeout=240_000)
        check_end_state(window, models, models_dir, request)
    finally:
        controller.shutdown()


def check_end_state(window, models, models_dir: Path, request) -> None:
    outcome = window.outcome
    assert outcome is not None, window.error.text()
    assert window.plot.points() == 1  # the one epoch, from core's EpochReport
    assert window.bar.value() == 1
    summary = json.loads((outcome.report_dir / "summary.json").read_text("utf-8"))
    assert summary  # the held-out evaluation was written whichever way it ended
    assert window.report_button.isVisible()
    if outcome.written:
        assert window.use_button.isVisible()
        assert read_package(outcome.package_dir).name == request.name
        assert models.refreshed == 1
    else:
        assert not window.use_button.isVisible()
        assert not (models_dir / request.name).exists()
        assert "not better" in window.verdict.text()
    assert window.comparison.rowCount() == 3


@pytest.mark.slow
def test_cancel_keeps_the_checkpoint_and_starting_again_resumes(qtbot, reporter, tmp_path,
                                                                unet18):  # fmt: skip
    reviewed, images = tiny_review(tmp_path / "data")
    base = read_package(unet18.package_dir)
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    controller = FinetuneController(FakeModels((base,)), settings, reporter, None)
    from desktop.core.finetune import FinetuneRequest

    request = FinetuneRequest(
        reviewed=reviewed, images=images, base=str(base.folder), name="tiny-resumed",
        epochs=3, device="cpu", models_dir=tmp_path / "models", batch_size=2,
    )  # fmt: skip
    try:
        first = controller.start(request, base.name)
        with qtbot.waitSignal(controller.client.epoch_finished, timeout=240_000):
            pass
        first.cancel_button.click()  # core stops at its next batch
        qtbot.waitUntil(lambda: not controller.running, timeout=240_000)
        assert first.outcome is not None and first.outcome.stopped_early, first.error.text()
        assert "start the same fine-tune again to resume" in first.verdict.text()
        assert first.plot.points() < 3
        done = first.plot.points()
        first.close()
        qtbot.waitUntil(lambda: controller.progress is None)

        again = controller.start(request, base.name)
        qtbot.waitUntil(lambda: not controller.running, timeout=240_000)
        assert again.outcome is not None and not again.outcome.stopped_early
        epochs_shown = [epoch for epoch, _ in again.plot.loss[0].values]
        assert epochs_shown == list(range(done + 1, 4))  # resumed after the kept epochs
        assert again.bar.value() == 3
    finally:
        controller.shutdown()
