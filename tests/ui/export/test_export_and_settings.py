"""Export at original size with provenance, clipboard, and settings that survive a restart."""

from __future__ import annotations

import json

import cv2
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication

from desktop.ui.shell.settings import AppSettings
from desktop.ui.viewer.overlay_render import OUTLINE, OverlayStyle
from tests.ui.conftest import segment_and_wait


def test_export_writes_original_size_files_and_records_override(
    qtbot, make_window, images, tmp_path
):
    window = make_window()
    window.document.open_image(images[1])  # 200 × 90
    segment_and_wait(qtbot, window)
    window.session.set_threshold_override(0.65)
    out = tmp_path / "export"
    with qtbot.waitSignal(window.exports.exported, timeout=20_000) as signal:
        window.exports.export_to(out, {"mask", "overlay", "prob"})
    written = {path.name for path in signal.args[0]}
    assert written == {"b_mask.png", "b_overlay.png", "b_prob.png", "b_provenance.json"}
    mask = cv2.imread(str(out / "b_mask.png"), cv2.IMREAD_UNCHANGED)
    overlay = cv2.imread(str(out / "b_overlay.png"), cv2.IMREAD_UNCHANGED)
    prob = cv2.imread(str(out / "b_prob.png"), cv2.IMREAD_UNCHANGED)
    assert mask.shape == (90, 200) and overlay.shape == (90, 200, 3) and prob.shape == (90, 200)
    assert prob.dtype.name == "uint16"
    assert int((mask == 255).sum()) == window.session.prediction.foreground_pixels
    record = json.loads((out / "b_provenance.json").read_text())
    assert record["threshold"] == 0.65 and record["training_threshold"] == 0.5
    assert record["threshold_overridden"] is True
    assert record["model"]["name"] == "fake-unet"
    assert "Exported 4 files" in window.status.currentMessage()


def test_the_first_export_proposes_the_images_folder_then_the_last_one(
    qtbot, make_window, images, tmp_path, monkeypatch
):
    """No export folder chosen yet: the image's own folder, not Pictures (issue #18 frictions)."""
    from PySide6.QtWidgets import QDialog

    from desktop.ui.export import actions as export_actions
    proposed: list[str] = []

    def fake_exec(dialog) -> int:
        proposed.append(dialog.folder_edit.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(export_actions.ExportDialog, "exec", fake_exec)
    window = make_window()
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    assert window.settings.last_folder("export") == ""
    window.exports.export_with_dialog()
    assert proposed == [str(images[0].parent)]
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    window.settings.set_last_folder("export", str(chosen))
    window.exports.export_with_dialog()
    assert proposed[-1] == str(chosen)


def test_export_never_proposes_the_install_folder(tmp_path) -> None:
    from desktop.core import paths
    from desktop.ui.folders.proposals import proposed_export_folder, user_documents_folder

    samples = paths.install_root() / "resources"
    assert proposed_export_folder("", samples) == str(user_documents_folder())
    assert proposed_export_folder("", tmp_path) == str(tmp_path)
    assert proposed_export_folder("", None) == str(user_documents_folder())


def test_copy_overlay_puts_an_image_of_the_right_size_on_the_clipboard(qtbot, make_window, images):
    window = make_window()
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    window.commands.copy_overlay.trigger()
    image = QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == (160, 120)


def test_settings_round_trip(tmp_path) -> None:
    path = str(tmp_path / "s.ini")
    settings = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    settings.model = "/models/x"
    settings.device = "cuda:0"
    settings.auto_segment = True
    settings.overlay_style = OverlayStyle(
        color=(10, 20, 30), opacity=0.3, mode=OUTLINE, visible=False
    )
    settings.recent_files = ["/a.png", "/b.png"]
    settings.set_last_folder("open", "/data")
    settings.set_choices("batch", {"recursive": True, "save": ["mask", "prob"]})
    settings.sync()

    again = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert again.model == "/models/x" and again.device == "cuda:0" and again.auto_segment
    assert again.overlay_style == OverlayStyle((10, 20, 30), 0.3, OUTLINE, False)
    assert again.recent_files == ["/a.png", "/b.png"]
    assert again.last_folder("open") == "/data"
    assert again.choices("batch") == {"recursive": True, "save": ["mask", "prob"]}
    text = (tmp_path / "s.ini").read_text()
    assert "[v1]" in text  # every key is under the versioned group


def test_settings_ignore_damaged_values(tmp_path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    store.setValue("v1/overlay/style", '{"color": [999, 0], "opacity": 7, "mode": "nope"}')
    store.setValue("v1/files/recent", "not json")
    settings = AppSettings(store)
    assert settings.overlay_style == OverlayStyle()
    assert settings.recent_files == []
    assert settings.device == "auto"


def test_window_restores_its_settings(qtbot, make_window, settings, images) -> None:
    window = make_window()
    window.resize(700, 520)  # within the offscreen screen (800 × 600)
    window.session.set_overlay_style(OverlayStyle(color=(1, 2, 3), opacity=0.2, mode=OUTLINE))
    window.document.open_image(images[0])
    window.close()  # saves
    again = make_window()
    assert again.session.overlay_style == OverlayStyle(color=(1, 2, 3), opacity=0.2, mode=OUTLINE)
    assert again.overlay_controls.opacity_slider.value() == 20
    assert again.commands.modes[OUTLINE].isChecked()
    assert again.size().toTuple() == (700, 520)
    assert again.document.recent_files == [str(images[0])]


def test_export_dialog_names_files_and_warns_about_replacing(qtbot, tmp_path) -> None:
    from desktop.ui.export.actions import ExportDialog

    (tmp_path / "frame_mask.png").write_bytes(b"old")
    note = "Threshold override 0.7 (model: 0.5) is applied and recorded in the provenance."
    dialog = ExportDialog("frame", str(tmp_path), {"mask"}, note)
    qtbot.addWidget(dialog)
    assert dialog.outputs() == {"mask"}
    assert "frame_mask.png, frame_provenance.json" in dialog.files_label.text()
    assert "Replaces 1 existing file" in dialog.files_label.text()
    assert dialog.note.text() == note
    dialog.boxes["mask"].setChecked(False)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_import_dialog_validates_and_suggests_a_name(qtbot, tmp_path) -> None:
    from desktop.ui.models.import_dialog import ImportModelDialog, suggested_name

    assert suggested_name(tmp_path / "best model (v2).pth") == "best-model--v2"
    checkpoint = tmp_path / "ckpt.pth"
    checkpoint.write_bytes(b"weights")
    dialog = ImportModelDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.checkpoint_edit.setText(str(checkpoint))
    dialog.name_edit.setText("bad name!")
    assert not ok.isEnabled() and "letters" in dialog.problem.text()
    dialog.name_edit.setText("polyp-v2")
    dialog.architecture_combo.setCurrentIndex(dialog.architecture_combo.findData("UnetPlusPlus"))
    assert ok.isEnabled()
    request = dialog.request()
    assert (request.checkpoint, request.name, request.architecture, request.encoder) == (
        checkpoint, "polyp-v2", "UnetPlusPlus", None,
    )  # fmt: skip
