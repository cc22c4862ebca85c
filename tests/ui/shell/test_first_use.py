"""What a new user hit (issue 12): the tests here fail without their fix (see each section)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QDialog

from desktop.core import paths
from desktop.core.package import PackageListing
from desktop.ui.export import actions as export_actions
from desktop.ui.folders import reveal
from desktop.ui.folders.proposals import is_inside_install
from tests.ui.conftest import fake_package, segment_and_wait, write_image


def assert_no_cut_text(dialog) -> None:
    """Every visible word-wrapped label has the height its text needs at its width."""
    from PySide6.QtWidgets import QApplication, QLabel

    QApplication.processEvents()
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            needed = label.heightForWidth(label.width())
            assert label.height() >= needed, (label.text()[:40], label.height(), needed)


# -- defect 2: previous/next never gets stuck on an unreadable file --------------------------


def test_previous_next_step_over_unreadable_files(qtbot, make_window, tmp_path, messages):
    folder = tmp_path / "visit"
    write_image(folder / "img1.png", seed=1)
    (folder / "img2-notes.jpg").write_text("these are my notes, not a picture")
    write_image(folder / "img3.png", seed=3)
    (folder / "zz-broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    window = make_window()
    assert window.document.open_image(folder / "img3.png")
    assert window.status.position.text() == "3 / 4"

    window.commands.previous_image.trigger()  # PgUp: over img2-notes.jpg to img1
    assert window.session.image_path == folder / "img1.png"
    assert "Skipped img2-notes.jpg" in window.status.currentMessage()
    assert window.status.position.text() == "1 / 4"
    assert messages == []  # no error box for a file merely stepped over

    window.commands.next_image.trigger()  # PgDown: over img2-notes.jpg again, to img3
    assert window.session.image_path == folder / "img3.png"
    window.commands.next_image.trigger()  # only an unreadable file is left: stay, and say so
    assert window.session.image_path == folder / "img3.png"
    assert "No more readable images" in window.status.currentMessage()
    assert "zz-broken.png" in window.status.currentMessage()


# -- defect 3: export never proposes the install folder ---------------------------------------


def _capture_export_dialog(monkeypatch) -> list:
    seen = []

    def fake_exec(dialog):
        seen.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(export_actions.ExportDialog, "exec", fake_exec)
    return seen


def test_export_of_a_sample_proposes_a_user_folder(qtbot, make_window, monkeypatch, tmp_path):
    sample = sorted(paths.samples_dir().glob("*.jpg"))[0]
    window = make_window()
    assert window.document.open_image(sample)
    segment_and_wait(qtbot, window)
    seen = _capture_export_dialog(monkeypatch)
    window.commands.export.trigger()
    proposed = Path(seen[0].folder_edit.text())
    assert not is_inside_install(proposed), proposed
    assert proposed.is_dir()

    # The last export folder wins, unless it lies in the install folder.
    window.settings.set_last_folder("export", str(paths.samples_dir()))
    window.commands.export.trigger()
    assert not is_inside_install(seen[1].folder_edit.text())
    elsewhere = tmp_path
    window.settings.set_last_folder("export", str(elsewhere))
    window.commands.export.trigger()
    assert seen[2].folder_edit.text() == str(elsewhere)


# -- defect 5: a result always names the model that made it; export writes what was shown ---


def test_model_switch_clears_the_old_result_until_the_new_one_arrives(
    qtbot, make_window, images, lab
):
    first, second = fake_package("unet-a"), fake_package("upp-b", "UnetPlusPlus", bundled=False)
    window = make_window([first, second])
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    assert window.result_panel.model.text() == "unet-a"

    lab.gate = threading.Event()  # the new model's result takes a while
    window.model_picker.combo.activated.emit(1)
    # At once: nothing is shown under the new model's name, and nothing can be exported.
    assert window.session.result is None
    assert not window.commands.export.isEnabled()
    assert window.result_panel.model.text() == "—"
    assert "cleared" in window.status.currentMessage()
    with qtbot.waitSignal(window.client.predicted, timeout=10_000):
        assert lab.entered.wait(10)
        lab.gate.set()
    assert window.session.result.package.name == "upp-b"
    assert window.result_panel.model.text() == "upp-b"


def test_failed_model_load_brings_back_the_previous_result(
    qtbot, make_window, images, lab, messages
):
    from desktop.core.errors import ModelPackageError

    window = make_window([fake_package("good"), fake_package("broken")])
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    shown = window.session.result
    lab.fail_load = ModelPackageError("weights damaged")
    with qtbot.waitSignal(window.client.failed, timeout=10_000):
        window.model_picker.combo.activated.emit(1)
    assert window.session.result is shown  # what runs is still "good", and so is its result
    assert window.result_panel.model.text() == "good"


def test_export_writes_exactly_what_the_dialog_showed(
    qtbot, make_window, images, tmp_path, monkeypatch
):
    window = make_window([fake_package("unet-a"), fake_package("upp-b", threshold=0.3)])
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    shown_mask = window.session.prediction.mask.copy()
    out = tmp_path / "export"

    def exec_while_the_model_changes(dialog):
        # While the dialog is up the user's earlier model switch completes.
        assert "unet-a" in dialog.source_label.text()
        with qtbot.waitSignal(window.client.predicted, timeout=10_000):
            window.model_picker.combo.activated.emit(1)
        assert window.session.result.package.name == "upp-b"
        dialog.folder_edit.setText(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(export_actions.ExportDialog, "exec", exec_while_the_model_changes)
    with qtbot.waitSignal(window.exports.exported, timeout=10_000):
        window.commands.export.trigger()
    record = json.loads((out / "a_provenance.json").read_text())
    assert record["model"]["name"] == "unet-a" and record["threshold"] == 0.5
    import cv2

    written = cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED) > 0
    assert np.array_equal(written, shown_mask)


# -- defect 7: Open Output Folder with no file manager --------------------------------------


def test_open_folder_without_a_launcher_shows_a_copyable_path(qtbot, make_window, tmp_path):
    from desktop.core.batch import BatchOptions
    from desktop.ui.batch import progress_dialog
    folder = tmp_path / "in"
    write_image(folder / "a.png", 40, 60, 1)
    window = make_window()
    with qtbot.waitSignal(window.batch.finished, timeout=30_000):
        window.batch.start(BatchOptions(folder, tmp_path / "out"))
    dialog = window.batch.dialog
    monkey_calls = []
    original = progress_dialog.open_folder
    progress_dialog.open_folder = lambda path: monkey_calls.append(path) or False
    try:
        dialog.open_button.click()
    finally:
        progress_dialog.open_folder = original
    assert monkey_calls == [tmp_path / "out"]
    shown = dialog.path_dialog
    assert shown is not None and shown.isVisible()
    assert "could not start a file manager" in shown.message.text()
    assert shown.path_edit.text() == str(tmp_path / "out") and shown.path_edit.isReadOnly()
    shown.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == str(tmp_path / "out")


def test_help_open_log_folder_falls_back_to_the_path(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(reveal, "launch_file_manager", lambda folder: False)
    window = make_window()
    seen = []
    monkeypatch.setattr(reveal.FolderPathDialog, "open", lambda self: seen.append(self))
    window.commands.open_models_folder.trigger()
    assert seen and seen[0].path_edit.text() == str(paths.user_models_dir())


# -- defect 4 and the import frictions ------------------------------------------------------


def test_import_of_a_junk_file_keeps_the_dialog_and_says_no_python(
    qtbot, make_window, tmp_path, messages
):
    from desktop.ui.models.importing import make_import_dialog

    junk = tmp_path / "my weights.pth"
    junk.write_bytes(b"\x80\x02" + b"junk" * 10)  # looks like a pickle, is not one
    window = make_window()
    dialog = make_import_dialog(window.models, window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.checkpoint_edit.setText(str(junk))
    assert dialog.name_edit.text() == "my-weights"  # suggested from the file name
    dialog.encoder_edit.setText("resnet34")
    with qtbot.waitSignal(window.models.import_failed, timeout=60_000) as failed:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert not dialog.checkpoint_edit.isEnabled()  # busy while the worker imports
    message = failed.args[0]
    assert str(junk) in message and "not a PyTorch or safetensors weights file" in message
    for python_text in ("pop from", "Error:", "Traceback", "(pop", "list"):
        assert python_text not in message.replace(f"'{junk}'", ""), message
    assert dialog.isVisible()  # still open, with what was typed
    assert dialog.checkpoint_edit.text() == str(junk) and dialog.checkpoint_edit.isEnabled()
    assert dialog.name_edit.text() == "my-weights" and dialog.encoder_edit.text() == "resnet34"
    assert "Could not import" in dialog.problem.text() and "weights file" in dialog.problem.text()
    assert_no_cut_text(dialog)  # the longer message made the dialog taller, nothing is cut
    assert messages == []  # shown in the dialog, not in a second box behind it


def test_import_dialog_offers_replace_and_refuses_bundled_names(qtbot, tmp_path):
    from desktop.ui.models.import_dialog import ImportModelDialog

    checkpoint = tmp_path / "polyp.pth"
    checkpoint.write_bytes(b"weights")
    dialog = ImportModelDialog(
        user_names=frozenset({"polyp"}), bundled_names=frozenset({"demo-unet-resnet34"})
    )
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.checkpoint_edit.setText(str(checkpoint))
    assert dialog.name_edit.text() == "polyp"
    assert dialog.replace_box.isVisibleTo(dialog) and not ok.isEnabled()
    assert "already have a model called 'polyp'" in dialog.problem.text()
    dialog.replace_box.setChecked(True)
    assert ok.isEnabled() and dialog.request().overwrite
    dialog.name_edit.setText("demo-unet-resnet34")
    assert not ok.isEnabled() and "bundled" in dialog.problem.text()
    assert not dialog.replace_box.isVisibleTo(dialog)
    dialog.name_edit.setText("mine")  # typed by the user: a new file name no longer replaces it
    dialog.checkpoint_edit.setText(str(tmp_path / "other.pth"))
    assert dialog.name_edit.text() == "mine"
    text = dialog.explanation.text()
    assert "validation transform" in text and "resized to 256 × 256" in text


def test_remove_user_model_asks_and_never_removes_a_bundled_one(
    qtbot, make_window, tmp_path, monkeypatch, messages
):
    from desktop.ui.models import removal

    user_root = paths.user_models_dir()
    user_root.mkdir(parents=True, exist_ok=True)
    bundled = fake_package("bundled-one")
    mine = fake_package("mine", bundled=False)
    folder = user_root / "mine"
    folder.mkdir(exist_ok=True)
    (folder / "model.json").write_text("{}")
    mine = type(mine)(**{**mine.__dict__, "folder": folder})
    listing = [bundled, mine]
    window = make_window(discover=lambda: PackageListing(tuple(listing), ()))
    asked = []
    monkeypatch.setattr(removal, "confirm_removal", lambda parent, p: asked.append(p.name) or False)

    window.commands.remove_model.trigger()  # the bundled model is chosen: refused, not asked
    assert asked == [] and "cannot be removed" in messages[-1][1]
    assert window.models.selected.name == "bundled-one"

    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.model_picker.combo.activated.emit(1)
    window.commands.remove_model.trigger()  # asked, and the answer is Cancel: nothing happens
    assert asked == ["mine"] and folder.is_dir()

    monkeypatch.setattr(removal, "confirm_removal", lambda parent, p: True)
    listing.remove(mine)
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.commands.remove_model.trigger()
    assert not folder.exists()
    assert window.models.loaded.package.name == "bundled-one"


# -- defect 1 (GUI side) and the batch dialog frictions -------------------------------------


def _batch_folder(tmp_path, count: int, broken: int = 0) -> Path:
    folder = tmp_path / "in"
    for index in range(count):
        write_image(folder / f"img{index:02d}.png", 40, 60, index)
    for index in range(broken):
        (folder / f"broken{index}.jpg").write_bytes(b"\xff\xd8\xff\xe0 cut short")
    return folder


def test_gui_batch_runs_with_the_threshold_override_and_overlay_style(
    qtbot, make_window, tmp_path, monkeypatch
):
    from desktop.ui.batch import setup_dialog
    folder = _batch_folder(tmp_path, 3)
    out = tmp_path / "out"
    window = make_window()
    window.session.set_threshold_override(0.3)
    window.session.update_overlay_style(color=(0, 128, 255), opacity=0.6)
    seen = []

    def accept(dialog):
        seen.append(dialog)
        dialog.input_edit.setText(str(folder))
        dialog.output_edit.setText(str(out))
        dialog.output_boxes["overlay"].setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(setup_dialog.BatchSetupDialog, "exec", accept)
    with qtbot.waitSignal(window.batch.finished, timeout=30_000):
        window.commands.batch.trigger()
    dialog = seen[0]
    # Said before it started: the threshold (as an override) and the device that will run.
    assert "0.3" in dialog.threshold_label.text() and "override" in dialog.threshold_label.text()
    assert "0.5" in dialog.threshold_label.text()
    assert dialog.device_label.text() == "CPU (exact)"
    assert "3 images will be segmented" in dialog.count_label.text()
    assert "resumes" in dialog.count_label.text()
    run = json.loads((out / "run.json").read_text())
    assert (run["threshold"], run["training_threshold"], run["threshold_overridden"]) == (
        0.3, 0.5, True,
    )  # fmt: skip
    assert run["overlay_style"] == {"color": [0, 128, 255], "opacity": 0.6, "mode": "fill"}


def test_batch_dialog_says_already_done_and_shows_many_failures(qtbot, make_window, tmp_path):
    from desktop.core.batch import BatchOptions

    folder = _batch_folder(tmp_path, 2, broken=6)
    window = make_window()
    with qtbot.waitSignal(window.batch.finished, timeout=30_000):
        window.batch.start(BatchOptions(folder, tmp_path / "out"))
    with qtbot.waitSignal(window.batch.finished, timeout=30_000):
        window.batch.start(BatchOptions(folder, tmp_path / "out"))  # resumes
    dialog = window.batch.dialog
    headline = dialog.headline.text()
    assert "2 already done" in headline and "skipped" not in headline
    assert "6 failed" in headline
    # The failure list has room for more than three lines.
    line = dialog.failures.fontMetrics().lineSpacing()
    assert dialog.failures.height() >= 8 * line
    assert dialog.failures.viewport().height() >= 6 * line


def test_dropping_a_folder_offers_to_batch_it(qtbot, make_window, tmp_path, monkeypatch, messages):
    from desktop.ui.batch import setup_dialog
    from desktop.ui.folders import dropped

    folder = _batch_folder(tmp_path, 2)
    window = make_window()
    asked = []
    monkeypatch.setattr(
        dropped, "ask_what_to_do_with_folder", lambda f, parent: asked.append(f) or dropped.BATCH
    )
    prefilled = []

    def look(dialog):
        prefilled.append((dialog.input_edit.text(), dialog.output_edit.text()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(setup_dialog.BatchSetupDialog, "exec", look)
    window.view.files_dropped.emit([str(folder)])
    assert asked == [folder]
    assert prefilled == [(str(folder), str(tmp_path / "in-segdesk"))]
    assert messages == []  # an offer, not an error


def test_folder_drop_dialog_lists_its_choices(qtbot, tmp_path):
    from desktop.ui.folders.dropped import BATCH, FOLDER_CHOICES, FolderChoice, FolderDropDialog

    folder = _batch_folder(tmp_path, 2)
    extra = FolderChoice("review", "Review…", "Review: go through the images one by one.")
    dialog = FolderDropDialog(folder, [extra, *FOLDER_CHOICES])
    qtbot.addWidget(dialog)
    assert "2 images" in dialog.question.text()
    assert set(dialog.choice_buttons) == {"review", BATCH}
    dialog.choice_buttons[BATCH].click()
    assert dialog.chosen == BATCH and dialog.result() == QDialog.DialogCode.Accepted


# -- the other frictions ----------------------------------------------------------------------


def test_empty_window_mentions_open_sample(qtbot, make_window):
    window = make_window()
    assert "File › Open Sample" in window.view.placeholder_text
    assert "Ctrl+O" in window.view.placeholder_text


def test_segment_on_open_has_one_name(qtbot, make_window):
    window = make_window()
    menu_text = window.commands.auto_segment.text().replace("&", "")
    # The menu capitalises as menus do; the words are the panel's.
    assert menu_text.lower() == window.auto_segment_box.text().lower() == "segment on open"


def test_self_test_says_what_it_proves_and_what_not() -> None:
    from desktop.core.verify import CaseResult, VerifyReport
    from desktop.ui.models.info_text import self_test_text

    exact = VerifyReport("m", "cpu", (CaseResult("a.png", 0, 65536, 1e-7),) * 3, 0.0)
    text = self_test_text(exact)
    assert text.startswith("PASS")
    assert "reproduces this model's reference outputs exactly" in text
    assert "does not say how accurate" in text and "3 reference images" in text
    failed = VerifyReport("m", "cpu", (CaseResult("a.png", 50, 65536, 0.2),), 0.0)
    assert self_test_text(failed).startswith("FAIL") and "does not reproduce" in self_test_text(
        failed
    )


def test_model_info_uses_words_and_hides_empty_fields() -> None:
    from dataclasses import replace

    from desktop.ui.models.info_text import manifest_html

    package = replace(
        fake_package(),
        description="",
        source="",
        training={
            "encoder_init": None,
            "encoder_weights": None,
            "steps": 524,
            "heldout": {"failed": [], "dice": 0.9436, "frames": 200},
        },
    )
    page = manifest_html(package)
    for raw in ("heldout", "encoder_init", "None", "[]", "Description", "Source", "failed"):
        assert raw not in page, raw
    for words in ("Held-out test", "Dice", "0.9436", "Training steps", "524", "Images"):
        assert words in page, words


def test_replacing_the_shown_model_by_import_redoes_its_result(
    qtbot, make_window, fake_services, images
):
    from dataclasses import replace

    from desktop.ui.worker.jobs import ImportRequest

    old = fake_package("mine", bundled=False)
    new = replace(old, sha256="1" * 64)  # same name and folder, other weights
    listing = [old]
    fake_services.import_checkpoint = lambda request: listing.__setitem__(0, new) or new.folder
    window = make_window(discover=lambda: PackageListing(tuple(listing), ()))
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    assert window.session.result.package.sha256 == "0" * 64
    with qtbot.waitSignal(window.client.predicted, timeout=10_000):
        window.models.import_checkpoint(ImportRequest(Path("x.pth"), "mine", overwrite=True))
    assert window.session.result.package.sha256 == "1" * 64


def test_batch_setup_text_is_never_cut(qtbot, tmp_path):
    from desktop.ui.batch.setup_dialog import BatchRunInfo, BatchSetupDialog

    folder = _batch_folder(tmp_path, 3)
    info = BatchRunInfo("demo-unet-resnet34", "CPU (exact)", 0.3, 0.5)
    dialog = BatchSetupDialog({}, info)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.input_edit.setText(str(folder))  # the count and resume sentence appear
    dialog.output_edit.setText(str(tmp_path / "out"))
    assert dialog.count_label.isVisible()
    assert_no_cut_text(dialog)
    assert dialog.options().threshold == 0.3
