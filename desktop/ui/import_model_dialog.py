"""File › Import Model…: a checkpoint and a name; architecture and encoder detected by default."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.core.package import is_valid_name
from desktop.ui.jobs import ImportRequest
from desktop.ui.warning_label import warning_label

ARCHITECTURES = ("Unet", "UnetPlusPlus", "FPN", "Linknet", "PSPNet", "PAN", "DeepLabV3",
                 "DeepLabV3Plus", "MAnet")  # fmt: skip
DETECT = QT_TRANSLATE_NOOP("ImportModelDialog", "Detect automatically")


def suggested_name(checkpoint: Path) -> str:
    """A valid package name from a checkpoint file name."""
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in checkpoint.stem).strip("-._")
    return cleaned[:64] or "imported-model"


class ImportModelDialog(QDialog):
    def __init__(self, start_folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import Model"))
        self._start_folder = start_folder
        self.checkpoint_edit = QLineEdit()
        self.checkpoint_edit.setPlaceholderText(self.tr("model.pth, model.pt or model.safetensors"))
        browse = QPushButton(self.tr("Browse…"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("letters, digits, '.', '_' or '-'"))
        self.architecture_combo = QComboBox()
        self.architecture_combo.addItem(self.tr(DETECT), "")
        for name in ARCHITECTURES:
            self.architecture_combo.addItem(name, name)
        self.encoder_edit = QLineEdit()
        self.encoder_edit.setPlaceholderText(self.tr("detect automatically (e.g. resnet34)"))
        self.problem = warning_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))

        row = QHBoxLayout()
        row.addWidget(self.checkpoint_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("Checkpoint"), row)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Architecture"), self.architecture_combo)
        form.addRow(self.tr("Encoder"), self.encoder_edit)
        form.addRow(
            QLabel(
                self.tr(
                    "The seed notebook's validation transform (Resize 256, ImageNet "
                    "normalization) is recorded with the model. Importing runs in the background."
                )
            )
        )
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)

        browse.clicked.connect(self._on_browse_clicked)
        self.checkpoint_edit.textChanged.connect(self._on_fields_changed)
        self.name_edit.textChanged.connect(self._on_fields_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._on_fields_changed()

    def request(self) -> ImportRequest:
        return ImportRequest(
            checkpoint=Path(self.checkpoint_edit.text().strip()),
            name=self.name_edit.text().strip(),
            architecture=self.architecture_combo.currentData() or None,
            encoder=self.encoder_edit.text().strip() or None,
        )

    def problem_text(self) -> str:
        checkpoint = self.checkpoint_edit.text().strip()
        name = self.name_edit.text().strip()
        if not checkpoint:
            return self.tr("Choose a checkpoint file.")
        if not Path(checkpoint).is_file():
            return self.tr("'{0}' is not a file.").format(checkpoint)
        if not is_valid_name(name):
            return self.tr("The name may use letters, digits, '.', '_' and '-' (at most 64).")
        return ""

    @Slot()
    def _on_fields_changed(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    @Slot()
    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a checkpoint"), self._start_folder,
            self.tr("Checkpoints (*.pth *.pt *.safetensors *.bin);;All files (*)"),
        )  # fmt: skip
        if path:
            self.checkpoint_edit.setText(path)
            if not self.name_edit.text().strip():
                self.name_edit.setText(suggested_name(Path(path)))
