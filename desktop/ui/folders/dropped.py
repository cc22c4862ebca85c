"""A folder dropped on the window (or given on the command line): offer what can be done with
a whole folder instead of an error. New choices (e.g. review) are added to `FOLDER_CHOICES`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.batch import count_inputs

BATCH = "batch"
REVIEW = "review"


@dataclass(frozen=True)
class FolderChoice:
    key: str  # what the caller does with it
    label: str  # button text (translated at display time)
    description: str  # one sentence under the question


FOLDER_CHOICES: list[FolderChoice] = [
    FolderChoice(
        BATCH, QT_TRANSLATE_NOOP("FolderDropDialog", "Batch Segment…"),
        QT_TRANSLATE_NOOP("FolderDropDialog", "Batch segment: segment every image and write "
                          "masks and a report to an output folder."),
    ),
    FolderChoice(
        REVIEW, QT_TRANSLATE_NOOP("FolderDropDialog", "Review…"),
        QT_TRANSLATE_NOOP("FolderDropDialog", "Review: go through the images one by one, "
                          "correct the masks and accept them into an output folder."),
    ),
]  # fmt: skip


def _tr(text: str) -> str:
    return QCoreApplication.translate("FolderDropDialog", text)


class FolderDropDialog(QDialog):
    """'<name> is a folder of N images. What would you like to do?' with one button per choice;
    `chosen` holds the key of the button pressed (None when cancelled)."""

    def __init__(
        self,
        folder: Path,
        choices: list[FolderChoice] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Folder Dropped"))
        self.folder = Path(folder)
        self.chosen: str | None = None
        try:
            count = count_inputs(self.folder)
        except OSError:
            count = 0
        self.question = QLabel(
            self.tr("“{0}” is a folder with {1} images directly in it. What would you like to do?")
            .format(self.folder.name or str(self.folder), count)
        )  # fmt: skip
        self.question.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.choice_buttons: dict[str, QPushButton] = {}
        for choice in choices if choices is not None else FOLDER_CHOICES:
            text = QLabel(_tr(choice.description))
            text.setWordWrap(True)
            layout.addWidget(text)
            button = self.buttons.addButton(
                _tr(choice.label), QDialogButtonBox.ButtonRole.AcceptRole
            )
            button.setProperty("choice", choice.key)
            button.clicked.connect(self._on_choice_button_clicked)
            self.choice_buttons[choice.key] = button
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 32)

    @Slot()
    def _on_choice_button_clicked(self) -> None:
        self.chosen = self.sender().property("choice")
        self.accept()


def ask_what_to_do_with_folder(folder: Path, parent: QWidget | None = None) -> str | None:
    """The key of the chosen action, or None (tests replace this)."""
    dialog = FolderDropDialog(folder, parent=parent)
    dialog.exec()
    return dialog.chosen
