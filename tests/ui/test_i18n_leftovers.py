"""The English left in the Indonesian UI (issue #18 item B): the DICOM spacing source, Model
Info's labels and SegDesk's own values, the key name of Accept in the File menu, the device of
a review's starting mask, and the Evaluate dialog's suffix placeholder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtGui import QKeySequence

from desktop.core.package import ModelPackage
from desktop.core.review import BaseMask
from desktop.core.review.starting_mask import FILE
from desktop.ui.evaluation.evaluate_dialog import EvaluateSetupDialog
from desktop.ui.models.info_text import manifest_rows, training_rows
from desktop.ui.review.starting_result import result_from_base

from .test_dicom_gui import _dicom
from .test_i18n import indonesian, qm_folder  # noqa: F401 - fixtures


def test_the_ultrasound_spacing_source_is_indonesian(qtbot, indonesian, make_window, tmp_path):  # noqa: F811
    path = _dicom("examples_ybr_color.dcm", tmp_path / "in" / "cine.dcm")
    window = make_window()
    assert window.document.open_image(path)
    text = window.source_panel.spacing.text()
    assert "mm (wilayah ultrasonografi)" in text and "ultrasound" not in text


def test_model_info_labels_and_segdesk_values_are_indonesian(qapp, indonesian):  # noqa: F811
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


def test_the_accept_shortcut_reads_enter_in_the_file_menu(qtbot, indonesian, make_window):  # noqa: F811
    window = make_window()
    accept = window.commands.accept_review
    assert accept.shortcut().toString(QKeySequence.SequenceFormat.NativeText) == "Enter"


def test_a_starting_masks_device_is_named_as_the_picker_names_it(qapp, indonesian):  # noqa: F811
    base = BaseMask(np.zeros((4, 4), bool), FILE, device="cpu", file="OUT/a.png")
    label = result_from_base(Path("a.png"), base).device.label
    assert label.startswith("CPU (eksak) (") and "OUT/a.png" in label
    unknown = BaseMask(np.zeros((4, 4), bool), FILE, file="OUT/b.png")
    assert result_from_base(Path("b.png"), unknown).device.label.startswith(
        "perangkat tidak diketahui ("
    )


def test_the_suffix_placeholder_is_not_clipped(qtbot, indonesian):  # noqa: F811
    dialog = EvaluateSetupDialog({}, (), None)
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.suffix_combo.lineEdit()
    assert edit.placeholderText().startswith("otomatis")
    needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    assert edit.width() >= needed
