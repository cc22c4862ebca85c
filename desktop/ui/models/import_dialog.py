"""File › Import Model…: a checkpoint and a name; architecture and encoder detected by default."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
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
from desktop.ui.widgets.warning_label import grow_to_fit, warning_label
from desktop.ui.worker.jobs import ImportRequest

ARCHITECTURES = ("Unet", "UnetPlusPlus", "FPN", "Linknet", "PSPNet", "PAN", "DeepLabV3",
                 "DeepLabV3Plus", "MAnet")  # fmt: skip
DETECT = QT_TRANSLATE_NOOP("ImportModelDialog", "Detect automatically")


def suggested_name(checkpoint: Path) -> str:
    """A valid package name from a checkpoint file name."""
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in checkpoint.stem).strip("-._")
    return cleaned[:64] or "imported-model"


class ImportModelDialog(QDialog):
    """Stays open while the import runs: on success it closes, on failure it shows the reason
    and keeps what was typed (`import_requested` → `import_failed()` / `accept()`)."""

    import_requested = Signal(object)  # ImportRequest

    def __init__(
        self,
        start_folder: str = "",
        parent: QWidget | None = None,
        user_names: frozenset[str] = frozenset(),
        bundled_names: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import Model"))
        self._start_folder = start_folder
        self._user_names = user_names  # an import under one of these replaces it (if allowed)
        self._bundled_names = bundled_names  # never replaced
        self._suggested = ""  # the name last filled in from the file name
        self._busy = False
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
        self.replace_box = QCheckBox(self.tr("Replace the existing user model of this name"))
        self.replace_box.hide()
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
        form.addRow(self.replace_box)
        self.explanation = QLabel(
            self.tr(
                "Each image is prepared the way the training notebook prepared its validation "
                "images (its “validation transform”): resized to 256 × 256 pixels and its "
                "colours scaled with the usual ImageNet averages. SegDesk stores this recipe "
                "with the model, so every image is always prepared the same way. "
                "Importing takes a few seconds; your checkpoint file is not changed."
            )
        )
        self.explanation.setWordWrap(True)
        form.addRow(self.explanation)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 48)

        browse.clicked.connect(self._on_browse_clicked)
        self.checkpoint_edit.textChanged.connect(self._on_fields_changed)
        self.name_edit.textChanged.connect(self._on_fields_changed)
        self.replace_box.toggled.connect(self._on_fields_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._on_fields_changed()

    def request(self) -> ImportRequest:
        return ImportRequest(
            checkpoint=Path(self.checkpoint_edit.text().strip()),
            name=self.name_edit.text().strip(),
            architecture=self.architecture_combo.currentData() or None,
            encoder=self.encoder_edit.text().strip() or None,
            overwrite=self.name_edit.text().strip() in self._user_names
            and self.replace_box.isChecked(),
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
        if name in self._bundled_names:
            return self.tr(
                "A model bundled with SegDesk is called '{0}': choose another name."
            ).format(name)
        if name in self._user_names and not self.replace_box.isChecked():
            return self.tr(
                "You already have a model called '{0}': choose another name, or tick Replace."
            ).format(name)
        return ""

    def import_failed(self, message: str) -> None:
        """The import did not work: say why, keep every field as typed, let the user retry."""
        self._busy = False
        self._set_fields_enabled(True)
        self._on_fields_changed()
        self.problem.setText(self.tr("Could not import: {0}").format(message))
        grow_to_fit(self)

    def _set_fields_enabled(self, enabled: bool) -> None:
        for widget in (self.checkpoint_edit, self.name_edit, self.architecture_combo,
                       self.encoder_edit, self.replace_box):  # fmt: skip
            widget.setEnabled(enabled)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.problem_text() or self._busy:
            return
        self._busy = True
        self._set_fields_enabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.problem.setText(self.tr("Importing… this takes a few seconds."))
        self.import_requested.emit(self.request())

    @Slot()
    def _on_fields_changed(self) -> None:
        checkpoint = self.checkpoint_edit.text().strip()
        name = self.name_edit.text().strip()
        if checkpoint and (not name or name == self._suggested):
            # The name follows the file name until the user types one of their own.
            self._suggested = suggested_name(Path(checkpoint))
            if name != self._suggested:
                self.name_edit.setText(self._suggested)  # re-enters this slot
                return
        self.replace_box.setVisible(name in self._user_names)
        problem = self.problem_text()
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            not problem and not self._busy
        )
        grow_to_fit(self)

    @Slot()
    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a checkpoint"), self._start_folder,
            self.tr("Checkpoints (*.pth *.pt *.safetensors *.bin);;All files (*)"),
        )  # fmt: skip
        if path:
            self.checkpoint_edit.setText(path)  # the name is suggested from it
