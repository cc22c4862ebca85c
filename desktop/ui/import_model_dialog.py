"""File › Import Model…: a checkpoint and a name; architecture and encoder detected by default."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
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
DETECT = "Detect automatically"


def suggested_name(checkpoint: Path) -> str:
    """A valid package name from a checkpoint file name."""
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in checkpoint.stem).strip("-._")
    return cleaned[:64] or "imported-model"


class ImportModelDialog(QDialog):
    def __init__(self, start_folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Model")
        self._start_folder = start_folder
        self.checkpoint_edit = QLineEdit()
        self.checkpoint_edit.setPlaceholderText("model.pth, model.pt or model.safetensors")
        browse = QPushButton("Browse…")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("letters, digits, '.', '_' or '-'")
        self.architecture_combo = QComboBox()
        self.architecture_combo.addItem(DETECT, "")
        for name in ARCHITECTURES:
            self.architecture_combo.addItem(name, name)
        self.encoder_edit = QLineEdit()
        self.encoder_edit.setPlaceholderText("detect automatically (e.g. resnet34)")
        self.problem = warning_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")

        row = QHBoxLayout()
        row.addWidget(self.checkpoint_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Checkpoint", row)
        form.addRow("Name", self.name_edit)
        form.addRow("Architecture", self.architecture_combo)
        form.addRow("Encoder", self.encoder_edit)
        form.addRow(
            QLabel(
                "The seed notebook's validation transform (Resize 256, ImageNet "
                "normalization) is recorded with the model. Importing runs in the background."
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
            return "Choose a checkpoint file."
        if not Path(checkpoint).is_file():
            return f"'{checkpoint}' is not a file."
        if not is_valid_name(name):
            return "The name may use letters, digits, '.', '_' and '-' (at most 64)."
        return ""

    @Slot()
    def _on_fields_changed(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    @Slot()
    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a checkpoint", self._start_folder,
            "Checkpoints (*.pth *.pt *.safetensors *.bin);;All files (*)",
        )  # fmt: skip
        if path:
            self.checkpoint_edit.setText(path)
            if not self.name_edit.text().strip():
                self.name_edit.setText(suggested_name(Path(path)))
