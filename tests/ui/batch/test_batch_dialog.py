"""Batch segmentation from the GUI: progress, a broken file in the summary, and Cancel."""

from __future__ import annotations

import csv
import threading

from desktop.core.batch import BatchOptions
from desktop.ui.batch import progress_dialog, setup_dialog
from tests.ui.conftest import write_image


def _folder(tmp_path, count: int):
    folder = tmp_path / "in"
    for index in range(count):
        write_image(folder / f"img{index:02d}.png", 40, 60, index)
    return folder


def test_batch_reports_broken_file_and_opens_output(qtbot, make_window, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(
        progress_dialog, "open_folder", lambda folder: opened.append(folder) or True
    )
    window = make_window()
    folder = _folder(tmp_path, 3)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 cut short")
    out = tmp_path / "out"
    progressed = []
    window.client.batch_progressed.connect(progressed.append)
    with qtbot.waitSignal(window.batch.finished, timeout=30_000) as signal:
        window.batch.start(BatchOptions(folder, out, save=frozenset({"mask", "overlay"})))
        assert not window.commands.segment.isEnabled()  # the worker is busy with the batch
        assert not window.model_picker.isEnabled()
    summary = signal.args[0]
    assert (summary.done, summary.failed, summary.skipped, summary.cancelled) == (3, 1, 0, False)
    assert [p.done for p in progressed] == [1, 2, 3, 4]

    dialog = window.batch.dialog
    assert dialog.isVisible() and not dialog.isModal()
    assert (
        "Finished" in dialog.headline.text()
        and "3 done, 1 failed, 0 already done" in dialog.headline.text()
    )
    failures = dialog.failures.toPlainText()
    assert dialog.failures.isVisibleTo(dialog)
    assert "Failed (1)" in failures and "broken.jpg" in failures and "truncated" in failures
    assert (out / "img00_mask.png").exists() and (out / "img00_overlay.png").exists()
    rows = list(csv.DictReader((out / "report.csv").open()))
    assert {r["file"]: r["status"] for r in rows}["broken.jpg"] == "failed"
    dialog.open_button.click()
    assert opened == [out]
    assert window.commands.model_info.isEnabled() and window.model_picker.isEnabled()

    # Running again resumes: the three done images are skipped, the broken one retried.
    with qtbot.waitSignal(window.batch.finished, timeout=30_000) as again:
        window.batch.start(BatchOptions(folder, out, save=frozenset({"mask"})))
    assert (again.args[0].skipped, again.args[0].failed) == (3, 1)


def test_batch_can_be_cancelled(qtbot, make_window, tmp_path, lab):
    window = make_window()
    folder = _folder(tmp_path, 6)
    lab.gate = threading.Event()
    with qtbot.waitSignal(window.batch.finished, timeout=30_000) as signal:
        window.batch.start(BatchOptions(folder, tmp_path / "out"))
        qtbot.waitUntil(lambda: window.batch.dialog.bar.maximum() == 6, timeout=10_000)
        assert lab.entered.wait(10)
        assert "Current: img00.png" in window.batch.dialog.current.text()
        window.batch.dialog.cancel_button.click()
        assert window.batch.dialog.cancel_button.text() == "Cancelling…"
        lab.gate.set()
    summary = signal.args[0]
    assert summary.cancelled and summary.done < 6
    assert "Cancelled" in window.batch.dialog.headline.text()
    assert "not run" in window.batch.dialog.headline.text()


def test_batch_that_cannot_start_is_reported(qtbot, make_window, tmp_path, messages):
    window = make_window()
    folder = _folder(tmp_path, 1)
    with qtbot.waitSignal(window.client.failed, timeout=10_000):
        window.batch.start(BatchOptions(folder, folder))
    assert messages[-1][0] == "Batch could not run"
    assert "must differ from the input folder" in messages[-1][1]
    assert window.commands.segment.isEnabled() is False  # no image open; the window is idle
    assert not window.batch.running


def test_setup_dialog_validates_and_builds_options(qtbot, tmp_path):
    folder = _folder(tmp_path, 1)
    dialog = setup_dialog.BatchSetupDialog({}, "fake-unet on CPU")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "folder of images" in dialog.problem.text()
    dialog.input_edit.setText(str(folder))
    dialog.output_edit.setText(str(tmp_path / "out"))
    dialog.output_boxes["prob"].setChecked(True)
    dialog.recursive_box.setChecked(True)
    assert ok.isEnabled()
    options = dialog.options()
    assert options.save == frozenset({"mask", "prob"}) and options.recursive
    assert dialog.choices()["save"] == ["mask", "prob"]


def test_batch_summary_with_an_audit_is_never_cut(qtbot, tmp_path):
    """A cpu-bf16 batch's summary adds a two-line audit sentence to the shown dialog: the
    dialog grows, so no label is squeezed below the height its text needs."""
    from PySide6.QtWidgets import QApplication, QLabel

    from desktop.core.batch import BatchSummary

    audit = {"images": [{"file": "x.dcm#1", "ppm": 579.8}], "mean_ppm": 579.8,
             "max_ppm": 579.8, "fraction": 0.02}  # fmt: skip
    dialog = progress_dialog.BatchProgressDialog()
    qtbot.addWidget(dialog)
    dialog.start(tuple(f"x.dcm#{k}" for k in range(1, 36)))
    dialog.show()
    qtbot.waitExposed(dialog)
    out = tmp_path / "a-rather-long-output-folder-name" / "for-the-batch-run"
    summary = BatchSummary(35, 35, 0, 0, False, out, out / "report.csv", audit=audit)
    dialog.finish(summary)
    QApplication.processEvents()
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.text():
            needed = (label.heightForWidth(label.width()) if label.wordWrap()
                      else label.sizeHint().height())  # fmt: skip
            assert label.height() >= needed, (label.text()[:40], label.height(), needed)


def test_batch_summary_lists_images_done_with_a_warning(qtbot, make_window, tmp_path):
    import cv2
    import numpy as np

    from desktop.core.input_checks import GREY_WARNING

    window = make_window()
    folder = _folder(tmp_path, 2)
    grey = np.random.default_rng(4).integers(0, 256, (40, 60), dtype=np.uint8)
    cv2.imwrite(str(folder / "grey.png"), grey)
    with qtbot.waitSignal(window.batch.finished, timeout=30_000) as signal:
        window.batch.start(BatchOptions(folder, tmp_path / "out"))
    summary = signal.args[0]
    assert (summary.done, summary.failed) == (3, 0)
    assert summary.warnings == (("grey.png", GREY_WARNING),)
    dialog = window.batch.dialog
    text = dialog.failures.toPlainText()
    assert dialog.failures.isVisibleTo(dialog)
    assert "Done with a warning (1)" in text and "grey.png" in text and "colour model" in text
    assert "Failed" not in text


def test_setup_counts_only_what_the_run_will_segment(qtbot, make_window, tmp_path, monkeypatch):
    """The setup's "N images will be segmented" is the run's own plan (issue #18): images an
    earlier run did with the loaded model, device and threshold are not counted; with another
    device they are."""
    from dataclasses import replace

    from PySide6.QtWidgets import QDialog

    window = make_window()
    folder, out = _folder(tmp_path, 3), tmp_path / "out"
    with qtbot.waitSignal(window.batch.finished, timeout=30_000):
        window.batch.start(BatchOptions(folder, out))
    (out / "img01_mask.png").unlink()  # that one is redone
    said = []

    def look(dialog):
        dialog.input_edit.setText(str(folder))
        dialog.output_edit.setText(str(out))
        said.append(dialog.count_label.text())
        dialog.overwrite_box.setChecked(True)
        said.append(dialog.count_label.text())
        dialog.overwrite_box.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(setup_dialog.BatchSetupDialog, "exec", look)
    with qtbot.waitSignal(window.batch.finished, timeout=30_000) as signal:
        window.commands.batch.trigger()
    assert said[0] == (
        "1 of 3 images will be segmented; 2 already done with this model, device and threshold "
        "are kept."
    )
    assert said[1] == "3 images will be segmented; images done before are redone."
    assert (signal.args[0].done, signal.args[0].skipped) == (1, 2)  # as the dialog said

    # The same folders with the model on another device: every image runs again.
    info = setup_dialog.batch_run_info(window.models, window.session)
    assert (info.model_sha256, info.device_id, info.precision) == ("0" * 64, "cpu", "fp32")
    for other in (replace(info, device_id="cuda:0"), replace(info, precision="bf16")):
        dialog = setup_dialog.BatchSetupDialog({}, other)
        qtbot.addWidget(dialog)
        dialog.input_edit.setText(str(folder))
        dialog.output_edit.setText(str(out))
        assert dialog.count_label.text().startswith("3 images will be segmented. Running again")
    same = setup_dialog.BatchSetupDialog({}, info)
    qtbot.addWidget(same)
    same.input_edit.setText(str(folder))
    same.output_edit.setText(str(out))
    assert same.count_label.text().startswith("0 of 3 images will be segmented; 3 already done")


def test_summary_says_when_the_masks_come_from_runs_with_other_settings(qtbot, tmp_path):
    from desktop.core.batch import BatchSummary

    dialog = progress_dialog.BatchProgressDialog()
    qtbot.addWidget(dialog)
    dialog.start(("a.png", "b.png"))
    summary = BatchSummary(2, 1, 0, 0, True, tmp_path, tmp_path / "report.csv",
                           mixed=("device", "precision"))  # fmt: skip
    dialog.finish(summary)
    assert "runs with different settings (device, precision)" in dialog.audit.text()
    assert dialog.audit.isVisibleTo(dialog)


def test_summary_says_the_threshold_was_overridden(qtbot, tmp_path):
    """Every mask was cut at the override, not the model's own threshold (issue #18 item 12)."""
    from desktop.core.batch import BatchSummary

    dialog = progress_dialog.BatchProgressDialog()
    qtbot.addWidget(dialog)
    dialog.start(("a.png",))
    own = BatchSummary(1, 1, 0, 0, False, tmp_path, tmp_path / "report.csv",
                       threshold=0.5, training_threshold=0.5)  # fmt: skip
    dialog.finish(own)
    assert "overridden" not in dialog.audit.text() and own.threshold_text() == ""
    summary = BatchSummary(1, 1, 0, 0, False, tmp_path, tmp_path / "report.csv",
                           threshold=0.6, training_threshold=0.5)  # fmt: skip
    dialog.finish(summary)
    assert "Threshold 0.6 (overridden; the model's is 0.5)." in dialog.audit.text()
    assert dialog.audit.isVisibleTo(dialog)
    assert summary.threshold_text() == "threshold 0.60 (overridden; the model's is 0.50)"
