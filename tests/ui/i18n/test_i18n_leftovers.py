"""The English left in the Indonesian UI (issue #18 item B): the DICOM spacing source, Model
Info's labels and SegDesk's own values, the key name of Accept in the File menu, the device of
a review's starting mask, the Evaluate dialog's suffix placeholder, the note that report.html
is in English, and the file sizes in Qt's Open dialog."""

# The fixtures imported from test_i18n and test_evaluate_window are used as arguments.
# ruff: noqa: F401, F811
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QTreeView

from desktop.core.package import ModelPackage
from desktop.core.review import BaseMask
from desktop.core.review.starting_mask import FILE
from desktop.ui.evaluation.evaluate_dialog import EvaluateSetupDialog
from desktop.ui.folders.file_sizes import LocalSizes, open_file_dialog
from desktop.ui.models.info_text import manifest_rows, training_rows
from desktop.ui.review.starting_result import result_from_base
from tests.ui.dicom.test_dicom_gui import _dicom
from tests.ui.evaluation.test_evaluate_window import _run, band_lab, band_services, folders, window
from tests.ui.i18n.test_i18n import indonesian, qm_folder


def test_the_ultrasound_spacing_source_is_indonesian(qtbot, indonesian, make_window, tmp_path):
    path = _dicom("examples_ybr_color.dcm", tmp_path / "in" / "cine.dcm")
    window = make_window()
    assert window.document.open_image(path)
    text = window.source_panel.spacing.text()
    assert "mm (wilayah ultrasonografi)" in text and "ultrasound" not in text


def test_model_info_labels_and_segdesk_values_are_indonesian(qapp, indonesian):
    training = {
        "seed": 7,
        "validation": {"resolution": "256x256 (model)", "dice": 0.5},
        "heldout": {"resolution": "original image size (SegDesk batch export)"},
        "generator": "the author's words stay",
    }
    rows = training_rows(training)
    assert ("Benih acak", "7", 0) in rows
    values = {value for _, value, _ in rows}
    assert "256×256 (model)" in values
    assert "ukuran gambar asli (ekspor segmentasi massal SegDesk)" in values
    assert "the author's words stay" in values  # the model's own text is not ours to translate
    package = ModelPackage(
        folder=Path("m"), name="m", architecture="Unet", encoder="resnet34", in_channels=3,
        classes=1, transform={}, loader="opencv-rgb", activation="sigmoid", threshold=0.5,
        weights="", sha256="", input_size=None, description="Trained on phantoms.", source="",
    )  # fmt: skip
    labels = dict(manifest_rows(package))
    assert labels["Deskripsi (kata-kata pembuat model)"] == "Trained on phantoms."


def test_the_accept_shortcut_reads_enter_in_the_file_menu(qtbot, indonesian, make_window):
    window = make_window()
    accept = window.commands.accept_review
    assert accept.shortcut().toString(QKeySequence.SequenceFormat.NativeText) == "Enter"


def test_a_starting_masks_device_is_named_as_the_picker_names_it(qapp, indonesian):
    base = BaseMask(np.zeros((4, 4), bool), FILE, device="cpu", file="OUT/a.png")
    label = result_from_base(Path("a.png"), base).device.label
    assert label.startswith("CPU (eksak) (") and "OUT/a.png" in label
    unknown = BaseMask(np.zeros((4, 4), bool), FILE, file="OUT/b.png")
    assert result_from_base(Path("b.png"), unknown).device.label.startswith(
        "perangkat tidak diketahui ("
    )


def test_the_suffix_placeholder_is_not_clipped(qtbot, indonesian):
    dialog = EvaluateSetupDialog({}, (), None)
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.suffix_combo.lineEdit()
    assert edit.placeholderText().startswith("otomatis")
    needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    assert edit.width() >= needed


def test_the_results_window_says_the_report_is_in_english(
    qtbot,
    indonesian,
    window,
    folders,
    tmp_path,
):
    results = _run(qtbot, window, folders, tmp_path)
    note = results.report_language
    assert results.isVisible() and note.isVisible()
    assert note.text() == "Laporan ini dalam bahasa Inggris."


def test_no_report_language_note_in_english(qtbot, window, folders, tmp_path):
    results = _run(qtbot, window, folders, tmp_path)
    assert results.isVisible() and not results.report_language.isVisibleTo(results)


def _size_column(qtbot, dialog) -> dict[str, str]:
    """Name → Size as the dialog's detail view shows them, once the folder is read."""
    tree = dialog.findChild(QTreeView, "treeView")
    model = tree.model()
    rows = lambda: {  # noqa: E731
        model.index(r, 0, tree.rootIndex()).data(): model.index(r, 1, tree.rootIndex()).data()
        for r in range(model.rowCount(tree.rootIndex()))
    }
    qtbot.waitUntil(lambda: len(rows()) == 2, timeout=5000)
    return rows()


def test_the_open_dialog_gives_file_sizes_in_indonesian(qtbot, indonesian, tmp_path):
    (tmp_path / "small.png").write_bytes(b"x" * 120)
    (tmp_path / "large.png").write_bytes(b"x" * 2675)
    dialog = open_file_dialog(None, "Buka Gambar", str(tmp_path), "Gambar (*.png)")
    qtbot.addWidget(dialog)
    dialog.show()
    sizes = _size_column(qtbot, dialog)
    assert sizes == {"small.png": "120 byte", "large.png": "2,61 KiB"}  # not "bytes", "2.61"


def test_the_open_command_uses_that_dialog(qtbot, make_window, monkeypatch):
    proxies = []

    def cancel(dialog):
        proxies.append(dialog.proxyModel())
        return QFileDialog.DialogCode.Rejected

    monkeypatch.setattr(QFileDialog, "exec", cancel)
    window = make_window()
    window.commands.open.trigger()
    assert len(proxies) == 1 and isinstance(proxies[0], LocalSizes)
