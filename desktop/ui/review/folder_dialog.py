"""File › Review Folder…: which folder to review, where accepted masks go, and the threshold."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
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

from desktop.core.review import ReviewOptions
from desktop.ui.i18n import numbers
from desktop.ui.widgets.warning_label import show_problem, warning_label


class ReviewFolderDialog(QDialog):
    def __init__(
        self, choices: dict, threshold: float | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review Folder"))
        self._threshold = threshold
        self.input_edit = QLineEdit(str(choices.get("input_dir", "")))
        self.output_edit = QLineEdit(str(choices.get("output_dir", "")))
        input_browse, output_browse = (
            QPushButton(self.tr("Browse…")),
            QPushButton(self.tr("Browse…")),
        )
        self.recursive_box = QCheckBox(self.tr("Include subfolders"))
        self.recursive_box.setChecked(bool(choices.get("recursive", False)))
        self.problem = warning_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start Review"))
        if threshold is None:
            threshold_text = self.tr("The model's own threshold.")
        else:
            threshold_text = self.tr("%1 (the override set in the Threshold panel).").replace(
                "%1", numbers.general(threshold)
            )

        form = QFormLayout(self)
        form.addRow(self.tr("Images"), _row(self.input_edit, input_browse))
        form.addRow("", self.recursive_box)
        form.addRow(self.tr("Accepted masks"), _row(self.output_edit, output_browse))
        form.addRow(self.tr("Threshold"), QLabel(threshold_text))
        note = QLabel(
            self.tr(
                "Masks already in the output folder (from a batch or an earlier review) are the "
                "starting masks. Accepting writes <stem>_mask.png, <stem>_provenance.json and a "
                "row in review.csv. Your images are never changed."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)

        input_browse.clicked.connect(self._on_input_browse_clicked)
        output_browse.clicked.connect(self._on_output_browse_clicked)
        for edit in (self.input_edit, self.output_edit):
            edit.textChanged.connect(self._on_fields_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._on_fields_changed()

    def options(self) -> ReviewOptions:
        return ReviewOptions(
            Path(self.input_edit.text().strip()).expanduser(),
            Path(self.output_edit.text().strip()).expanduser(),
            self.recursive_box.isChecked(),
            self._threshold,
        )

    def problem_text(self) -> str:
        input_text, output_text = self.input_edit.text().strip(), self.output_edit.text().strip()
        if not input_text:
            return self.tr("Choose the folder of images to review.")
        if not Path(input_text).expanduser().is_dir():
            return self.tr("Input folder '%1' does not exist.").replace("%1", input_text)
        if not output_text:
            return self.tr("Choose where to write the accepted masks.")
        return ""

    @Slot()
    def _on_fields_changed(self) -> None:
        show_problem(self.problem, self.buttons, self.problem_text())

    @Slot()
    def _on_input_browse_clicked(self) -> None:
        title = self.tr("Folder of images to review")
        folder = QFileDialog.getExistingDirectory(self, title, self.input_edit.text())
        if folder:
            self.input_edit.setText(folder)
            if not self.output_edit.text().strip():
                self.output_edit.setText(str(Path(folder).parent / f"{Path(folder).name}-reviewed"))

    @Slot()
    def _on_output_browse_clicked(self) -> None:
        title = self.tr("Folder for accepted masks")
        folder = QFileDialog.getExistingDirectory(self, title, self.output_edit.text())
        if folder:
            self.output_edit.setText(folder)


def _row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


def review_dialog_choices(last: dict, folder: Path | None) -> dict:
    """What the dialog starts with: the last review's folders, or for a given (dropped) `folder`
    that folder with the last output if it was the same input, else `<folder>-reviewed`."""
    if folder is None:
        return dict(last)
    folder = Path(folder)
    same = str(last.get("input_dir", "")) == str(folder)
    output = last.get("output_dir") if same else None
    return {
        "input_dir": str(folder),
        "output_dir": output or str(folder.parent / f"{folder.name}-reviewed"),
        "recursive": bool(last.get("recursive")) if same else False,
    }
