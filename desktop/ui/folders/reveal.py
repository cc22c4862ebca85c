"""Show a folder in the platform's file manager, or, when none can be started, tell the user
and give them the path to copy (QDesktopServices.openUrl returns False then)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def launch_file_manager(folder: Path) -> bool:
    """Ask the desktop to open `folder`; False when no launcher works (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class FolderPathDialog(QDialog):
    """ "No file manager could be started" with the folder's path, selectable and copyable."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open Folder"))
        self.message = QLabel(
            self.tr(
                "SegDesk could not start a file manager on this computer. "
                "The folder is here; copy the path to open it yourself:"
            )
        )
        self.message.setWordWrap(True)
        self.path_edit = QLineEdit(str(folder))
        self.path_edit.setReadOnly(True)
        self.path_edit.setMinimumWidth(
            min(self.path_edit.fontMetrics().horizontalAdvance(str(folder)) + 24,
                self.fontMetrics().horizontalAdvance("M") * 60)
        )  # fmt: skip
        self.copy_button = QPushButton(self.tr("Copy Path"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)
        self.path_edit.selectAll()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.path_edit.text())
        self.copy_button.setText(self.tr("Copied"))


def reveal_folder(
    folder: Path,
    parent: QWidget | None = None,
    launcher: Callable[[Path], bool] = launch_file_manager,
) -> FolderPathDialog | None:
    """Open `folder` in the file manager; when that fails, show its path in a dialog (returned,
    so a caller or test can look at it). None when a file manager was started."""
    if launcher(folder):
        return None
    dialog = FolderPathDialog(folder, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
