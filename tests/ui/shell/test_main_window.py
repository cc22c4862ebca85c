"""The main window on fake models: open, segment, overlay, threshold, models, devices, errors."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent

from desktop.core.errors import ModelPackageError
from desktop.core.package import PackageListing
from desktop.ui.viewer.overlay_render import HEATMAP, OUTLINE
from tests.ui.conftest import fake_package, segment_and_wait, write_image


def test_open_segment_shows_overlay_and_numbers(qtbot, make_window, images, lab) -> None:
    window = make_window()
    assert window.document.open_image(images[0])
    assert window.windowTitle() == "SegDesk — a.png"
    assert window.view.image_item.pixmap().size().toTuple() == (160, 120)
    assert window.view.overlay_item.pixmap().isNull()
    segment_and_wait(qtbot, window)

    overlay = window.view.overlay_item.pixmap()
    assert overlay.size().toTuple() == (160, 120)
    assert window.view.overlay_item.isVisible()
    prediction = window.session.prediction
    assert 0 < prediction.foreground_pixels < 160 * 120
    assert window.result_panel.area.text().startswith(f"{prediction.foreground_pixels:,} px")
    assert window.result_panel.regions.text() == "1"
    assert "CPU (exact)" in window.status.device.text()
    assert lab.predict_calls == [("fake-unet", (120, 160))]
    assert window.commands.export.isEnabled()


def test_space_toggles_overlay_and_opacity_does_not_rerender(qtbot, make_window, images) -> None:
    window = make_window()
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    renders = window.presenter.renders
    window.commands.show_overlay.trigger()
    assert not window.view.overlay_item.isVisible()
    assert not window.overlay_controls.visible_box.isChecked()
    window.commands.show_overlay.trigger()
    assert window.view.overlay_item.isVisible()
    window.overlay_controls.opacity_slider.setValue(80)
    assert window.view.overlay_item.opacity() == 0.8
    assert window.presenter.renders == renders  # opacity and visibility are free
    window.session.update_overlay_style(color=(0, 255, 0))
    assert window.presenter.renders == renders + 1
    color = window.view.overlay_item.pixmap().toImage().pixelColor(80, 60)
    assert (color.red(), color.green(), color.blue()) == (0, 255, 0)
    window.commands.modes[OUTLINE].trigger()
    assert window.session.overlay_style.mode == OUTLINE
    assert window.view.overlay_item.pixmap().toImage().pixelColor(80, 60).alpha() == 0
    window.commands.modes[HEATMAP].trigger()
    assert window.view.overlay_item.pixmap().toImage().pixelColor(0, 0).alpha() == 255
    assert not window.overlay_controls.color_button.isEnabled()


def test_threshold_override_rethresholds_without_inference(qtbot, make_window, images, lab) -> None:
    window = make_window()
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    calls = len(lab.predict_calls)
    before = window.session.prediction.mask.copy()
    assert "0.5" in window.threshold_controls.training_label.text()

    window.threshold_controls.override_box.setChecked(True)
    window.threshold_controls.spin.setValue(0.7)
    shown = window.session.prediction
    assert shown.threshold == 0.7 and shown.threshold_overridden
    assert shown.foreground_pixels < int(before.sum())
    assert not np.array_equal(shown.mask, before)
    assert len(lab.predict_calls) == calls  # no re-inference
    assert window.threshold_controls.notice.isVisibleTo(window)
    assert "0.7" in window.threshold_controls.notice.text()
    assert "override" in window.result_panel.threshold.text()

    window.threshold_controls.override_box.setChecked(False)
    assert np.array_equal(window.session.prediction.mask, before)
    assert not window.threshold_controls.notice.isVisibleTo(window)
    assert len(lab.predict_calls) == calls


def test_model_picker_lists_packages_and_switch_reloads(qtbot, make_window, images, lab) -> None:
    first, second = fake_package("unet-a"), fake_package("upp-b", "UnetPlusPlus", bundled=False)
    window = make_window([first, second])
    combo = window.model_picker.combo
    assert combo.count() == 2
    assert combo.itemText(0) == "unet-a"  # the details line says the rest
    assert combo.itemText(1) == "upp-b  (user)"
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    assert window.session.result.package.name == "unet-a"

    # Switching model drops the old model's result and segments again with the new one.
    with qtbot.waitSignal(window.client.predicted, timeout=10_000):
        combo.activated.emit(1)
    assert window.models.loaded.package.name == "upp-b"
    assert window.session.result.package.name == "upp-b"
    assert lab.loads == [("unet-a", "auto"), ("upp-b", "cpu")]
    assert window.settings.model == str(second.folder)


def test_device_picker_lists_working_devices_and_reloads(qtbot, make_window, images, lab) -> None:
    window = make_window()
    picker = window.device_picker
    qtbot.waitUntil(lambda: picker.count() == 2, timeout=10_000)
    assert [picker.itemText(i) for i in range(2)] == ["CPU (exact)", "CUDA 0 — Fake GPU"]
    assert picker.currentData() == "cpu" and picker.isEnabled()
    window.document.open_image(images[0])
    with (
        qtbot.waitSignal(window.client.predicted, timeout=10_000),
        qtbot.waitSignal(window.models.model_loaded, timeout=10_000),
    ):
        window.document.segment()
        picker.activated.emit(1)  # the pending result is dropped; segmented again on the GPU
    assert lab.loads[-1] == ("fake-unet", "cuda:0")
    assert window.session.result.device.id == "cuda:0"
    assert "Fake GPU" in window.status.device.text()
    assert window.settings.device == "cuda:0"


def test_device_fallback_is_shown(qtbot, make_window, images, lab, messages) -> None:
    lab.fallback_for["cuda:0"] = "cuda:0 is not available on this machine"
    window = make_window()
    qtbot.waitUntil(lambda: window.device_picker.count() == 2, timeout=10_000)
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.device_picker.activated.emit(1)
    assert window.models.loaded.device.id == "cpu"
    assert window.device_picker.currentData() == "cpu"  # shows what actually runs
    assert "fallback: cuda:0 is not available" in window.status.device.text()
    assert messages and messages[-1][0] == "Device not available"


def test_stale_result_for_previous_image_is_dropped(qtbot, make_window, images, lab) -> None:
    window = make_window()
    shown: list[Path] = []
    window.session.result_changed.connect(
        lambda: shown.append(window.session.result.image_path) if window.session.result else None
    )
    lab.gate = threading.Event()
    window.document.open_image(images[0])
    window.document.segment()
    assert lab.entered.wait(10)  # the worker is inside predict() for image a
    window.document.open_image(images[1])  # the user moves on
    assert window.status.cancel_button.isHidden()
    lab.gate.set()
    segment_and_wait(qtbot, window)  # queued behind a's; answers arrive in order
    assert len(lab.predict_calls) == 2
    assert shown == [images[1]]
    assert window.session.result.image_path == images[1]


def test_cancel_drops_the_pending_result(qtbot, make_window, images, lab) -> None:
    window = make_window()
    window.document.open_image(images[0])
    lab.gate = threading.Event()
    window.document.segment()
    assert lab.entered.wait(10)
    assert window.status.cancel_button.isVisibleTo(window)
    assert window.commands.cancel.isEnabled()
    window.commands.cancel.trigger()
    assert window.status.cancel_button.isHidden()
    lab.gate.set()
    lab.entered.clear()
    lab.gate = None
    segment_and_wait(qtbot, window)
    assert len(lab.predict_calls) == 2


def test_bad_image_shows_message_and_keeps_running(qtbot, make_window, images, messages, tmp_path):
    window = make_window()
    window.document.open_image(images[0])
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    assert not window.document.open_image(broken)
    assert messages[-1][0] == "Cannot open image"
    assert "broken.jpg" in messages[-1][1] and "truncated" in messages[-1][1]
    assert window.windowTitle() == "SegDesk — a.png"  # the previous image stays
    segment_and_wait(qtbot, window)  # and the app still works on it
    assert window.session.result.image_path == images[0]


def test_segment_failure_and_bad_model_are_reported(qtbot, make_window, images, lab, messages):
    window = make_window([fake_package("good"), fake_package("broken")])
    window.document.open_image(images[0])
    lab.fail_predict = RuntimeError("CUDA error: device-side assert")
    with qtbot.waitSignal(window.client.failed, timeout=10_000):
        window.document.segment()
    assert messages[-1][0] == "Segmentation failed"
    assert "unexpected internal problem" in messages[-1][1] and "Open Log Folder" in messages[-1][1]
    assert "RuntimeError" not in messages[-1][1]  # no Python exception text (issue 12)
    lab.fail_predict = None

    lab.fail_load = ModelPackageError("Model package '/models/broken': weights file is damaged")
    with qtbot.waitSignal(window.client.failed, timeout=10_000):
        window.model_picker.combo.activated.emit(1)
    assert messages[-1] == ("Cannot load the model", str(lab.fail_load))
    assert window.models.loaded.package.name == "good"  # the previous model stays in use
    assert window.model_picker.combo.currentIndex() == 0
    lab.fail_load = None
    segment_and_wait(qtbot, window)
    assert window.session.result.package.name == "good"


def test_unexpected_exception_is_logged_and_shown_once(qtbot, reporter, messages, caplog) -> None:
    reporter.install_excepthook()
    try:
        for _ in range(2):
            try:
                raise KeyError("boom")
            except KeyError:
                sys.excepthook(*sys.exc_info())
    finally:
        reporter.uninstall_excepthook()
    assert [title for title, _ in messages] == ["Unexpected error"]
    assert "KeyError" in messages[0][1]
    assert sum("Unexpected error" in r.message for r in caplog.records) == 2


def test_previous_next_and_recent_files(qtbot, make_window, images, settings) -> None:
    window = make_window()
    window.document.open_image(images[1])  # b.png
    window.commands.next_image.trigger()
    assert window.session.image_path == images[2]
    window.commands.previous_image.trigger()
    window.commands.previous_image.trigger()
    assert window.session.image_path == images[0]
    # b, c, b, a were shown: the newest first, no duplicates
    assert settings.recent_files == [str(images[0]), str(images[1]), str(images[2])]
    recent_actions = [a for a in window.recent_menu.actions() if a.data()]
    assert [a.data() for a in recent_actions] == settings.recent_files
    recent_actions[2].trigger()
    assert window.session.image_path == images[2]


def test_auto_segment_on_open(qtbot, make_window, images, settings) -> None:
    window = make_window()
    window.auto_segment_box.setChecked(True)
    assert window.commands.auto_segment.isChecked() and settings.auto_segment
    with qtbot.waitSignal(window.client.predicted, timeout=10_000):
        window.document.open_image(images[2])
    assert window.session.result.image_path == images[2]


def test_drop_opens_the_first_file(qtbot, make_window, images) -> None:
    window = make_window()
    window.view.files_dropped.emit([str(images[0].parent), str(images[1])])
    assert window.session.image_path == images[1]


def test_view_fit_zoom_and_wheel(qtbot, make_window, tmp_path) -> None:
    window = make_window()
    window.resize(900, 700)
    big = write_image(tmp_path / "big.png", 1500, 2000)
    window.document.open_image(big)
    view = window.view
    assert view.is_fitted() and view.zoom() < 1
    assert window.status.zoom.text() == f"Zoom {view.zoom() * 100:.0f} %"
    window.commands.actual_size.trigger()
    assert abs(view.zoom() - 1.0) < 1e-6 and not view.is_fitted()
    assert window.status.zoom.text() == "Zoom 100 %"
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(centre, view.mapToGlobal(centre.toPoint()), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    view.wheelEvent(event)
    assert view.zoom() > 1.1
    window.commands.fit.trigger()
    assert view.is_fitted()
    fitted = view.zoom()
    window.resize(600, 500)
    qtbot.waitUntil(lambda: view.zoom() < fitted, timeout=5_000)  # follows the window


def test_model_info_dialog_shows_manifest_and_self_test(qtbot, make_window, fake_services) -> None:
    from desktop.ui.models.info_dialog import ModelInfoDialog

    class Report:
        passed = True

        def describe(self):
            return "PASS fake-unet on cpu: 1 reference cases"

    fake_services.verify = lambda segmenter: Report()
    window = make_window()
    dialog = ModelInfoDialog(window.models, window.models.selected, window)
    qtbot.addWidget(dialog)
    text = dialog.facts.toPlainText()
    for fact in ("Unet", "resnet34", "256 × 256", "0.5", "Resize → Normalize → ToTensorV2",
                 "0" * 64, "Validation Dice", "0.91"):  # fmt: skip
        assert fact in text
    assert "not run" in dialog.self_test_label.text()
    with qtbot.waitSignal(window.models.self_test_finished, timeout=10_000):
        dialog.run_button.click()
    assert dialog.self_test_label.text().startswith("PASS")


def test_import_model_runs_in_worker_and_selects_it(qtbot, make_window, fake_services, tmp_path):
    from desktop.ui.worker.jobs import ImportRequest

    imported = fake_package("imported", bundled=False)
    packages = [fake_package()]
    fake_services.import_checkpoint = lambda request: packages.append(imported) or imported.folder
    window = make_window(discover=lambda: PackageListing(tuple(packages), ()))
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.models.import_checkpoint(ImportRequest(tmp_path / "ckpt.pth", "imported"))
    assert window.models.loaded.package.name == "imported"
    assert window.model_picker.combo.count() == 2
    assert window.model_picker.combo.currentText().startswith("imported")


def test_about_lists_versions_and_folders(qtbot) -> None:
    from desktop.ui.shell.about_dialog import AboutDialog, version_rows

    names = [name for name, _ in version_rows()]
    for expected in ("SegDesk", "Qt", "PyTorch", "segmentation-models-pytorch", "albumentations"):
        assert expected in names
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert "Log folder" in dialog.text.text() and "User models" in dialog.text.text()


def test_about_names_the_fast_engine_that_runs_openvino_with_its_version(qtbot) -> None:
    """CPU fast / CPU bf16 run on OpenVINO (core.fast); ONNX Runtime is only a benchmark's
    comparison, so About must not name it as the engine."""
    from importlib import metadata

    from desktop.ui.shell.about_dialog import AboutDialog, version_rows

    rows = dict(version_rows())
    assert rows["OpenVINO (fast CPU engine)"] == metadata.version("openvino")
    assert not [name for name in rows if "ONNX" in name]
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert f"OpenVINO (fast CPU engine)</td><td>{metadata.version('openvino')}<" in text
    assert "ONNX Runtime" not in text and "onnxruntime" not in text


def test_threshold_slider_drag_is_coalesced(qtbot, make_window, images, lab) -> None:
    window = make_window()
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    controls = window.threshold_controls
    controls.override_box.setChecked(True)
    changes = []
    window.session.threshold_override_changed.connect(changes.append)
    for value in (600, 650, 700, 750):  # a drag delivers many positions at once
        controls.slider.setValue(value)
    assert controls.spin.value() == 0.75  # the number follows the handle at once
    qtbot.waitUntil(lambda: window.session.threshold_override == 0.75, timeout=5_000)
    assert changes == [0.75]  # only the last position was applied
    assert len(lab.predict_calls) == 1


def test_typing_a_threshold_applies_it_on_enter_not_per_keystroke(
    qtbot, make_window, images, lab
) -> None:
    """Typing 0.6 digit by digit must not re-cut at 0 and 0.6 on the way (issue #18 frictions)."""
    window = make_window()
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    controls = window.threshold_controls
    controls.override_box.setChecked(True)  # at the model's own 0.5
    changes = []
    window.session.threshold_override_changed.connect(changes.append)
    window.activateWindow()
    controls.spin.setFocus()
    controls.spin.selectAll()
    point = controls.spin.locale().decimalPoint()
    for key in ("0", point, "6"):
        qtbot.keyClicks(controls.spin, key)
    assert changes == [] and window.session.threshold_override == 0.5
    assert controls.spin.text() == f"0{point}6"  # shown as typed, not yet applied
    qtbot.keyClick(controls.spin, Qt.Key.Key_Return)
    assert window.session.threshold_override == 0.6 and changes == [0.6]
    assert window.session.prediction.threshold == 0.6


def test_sample_menu_lists_bundled_samples(qtbot, tmp_path) -> None:
    from desktop.ui.shell.actions import SampleMenu

    write_image(tmp_path / "polyp-1.jpg", 8, 8)
    write_image(tmp_path / "polyp-2.png", 8, 8)
    (tmp_path / "README.txt").write_text("not a sample")
    menu = SampleMenu(tmp_path)
    qtbot.addWidget(menu)
    chosen = []
    menu.file_chosen.connect(chosen.append)
    assert [a.text() for a in menu.actions()] == ["polyp-1.jpg", "polyp-2.png"]
    menu.actions()[1].trigger()
    assert chosen == [str(tmp_path / "polyp-2.png")]
    assert not SampleMenu(tmp_path / "missing").isEnabled()


def test_mask_bridge_paints_only_the_mask(qtbot) -> None:
    from desktop.ui.viewer.qimage_bridge import mask_to_qimage, qimage_to_rgb, rgb_to_qimage

    mask = np.zeros((5, 7), bool)
    mask[1:3, 2:5] = True
    image = mask_to_qimage(mask, (10, 200, 30))
    assert (image.width(), image.height()) == (7, 5)
    painted = image.pixelColor(3, 2)
    assert (painted.red(), painted.green(), painted.blue(), painted.alpha()) == (10, 200, 30, 255)
    assert image.pixelColor(0, 0).alpha() == 0
    rgb = np.random.default_rng(1).integers(0, 255, (5, 7, 3), dtype=np.uint8)
    assert np.array_equal(qimage_to_rgb(rgb_to_qimage(rgb)), rgb)


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_reaches_the_reporter(qtbot, reporter, messages) -> None:
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal()

        def _on_self_fired(self) -> None:
            raise ValueError("slot exploded")

    emitter = Emitter()
    emitter.fired.connect(emitter._on_self_fired)
    reporter.install_excepthook()
    try:
        emitter.fired.emit()
    finally:
        reporter.uninstall_excepthook()
    assert [title for title, _ in messages] == ["Unexpected error"]
    assert "ValueError: slot exploded" in messages[0][1]


def test_lost_references_to_none_and_true_cannot_crash_the_app(qtbot) -> None:
    """PySide6 6.12.0 loses a reference to True per emit() and to None per C++→Python slot
    call; importing desktop.ui pins those singletons (Python < 3.12) so the app cannot abort."""
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QSlider

    from desktop.ui import qt_compat

    class Emitter(QObject):
        flagged = Signal(bool)

    emitter = Emitter()
    seen: list[bool] = []
    emitter.flagged.connect(seen.append)
    slider = QSlider()
    slider.valueChanged.connect(seen.append)
    for index in range(3000):
        emitter.flagged.emit(True)
        slider.setValue(index % 50)
    assert len(seen) > 3000
    if sys.version_info < (3, 12) and (
        qt_compat.emit_loses_true() or qt_compat.cpp_signal_loses_none()
    ):
        assert qt_compat.apply()  # applied at import; None and True keep a huge count
        assert sys.getrefcount(None) > 1 << 39 and sys.getrefcount(True) > 1 << 39


def test_a_tiny_image_is_warned_about_on_opening_and_beside_its_result(
    qtbot, make_window, tmp_path
):
    """A 1×1 PNG segmented to "1 px (100.00 %)" without a word (issue #18)."""
    window = make_window()
    colour = write_image(tmp_path / "photo.png", 120, 160, 1)
    assert window.document.open_image(colour)
    segment_and_wait(qtbot, window)
    assert not window.result_panel.warning.isVisibleTo(window)

    dot = write_image(tmp_path / "dot.png", 1, 1, 2)
    assert window.document.open_image(dot)
    assert "Tiny image (1×1 px)" in window.status.currentMessage()
    segment_and_wait(qtbot, window)
    assert window.result_panel.area.text().startswith("1 px")
    assert window.result_panel.warning.isVisibleTo(window)
    assert window.result_panel.warning.text() == (
        "Tiny image (1×1 px): far smaller than the model's input, so this mask may be unreliable."
    )
