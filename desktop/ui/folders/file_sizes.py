"""File sizes in the UI language in Qt's own file dialog.

Qt's file dialog (the one used where the system offers none, e.g. Linux without a desktop
portal) writes sizes with the *system* locale, not the application's: "2.61 KiB" and
"120 bytes" in an Indonesian SegDesk on an English system. A proxy rewrites the Size column
with the application's locale ("2,61 KiB", "120 byte"). A native dialog ignores the proxy and
speaks the system's language throughout, which is what its user reads everywhere else.
"""

from __future__ import annotations

from PySide6.QtCore import QIdentityProxyModel, QLocale, QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QWidget

SIZE_COLUMN = 1  # QFileSystemModel: name, size, type, date modified


class LocalSizes(QIdentityProxyModel):
    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.column() == SIZE_COLUMN:
            model, source = self.sourceModel(), self.mapToSource(index)
            if isinstance(model, QFileSystemModel) and not model.isDir(source):
                return QLocale().formattedDataSize(model.size(source))
        return super().data(index, role)


def open_file_dialog(parent: QWidget | None, title: str, folder: str, filters: str) -> QFileDialog:
    """An Open dialog for one existing file, its sizes in the UI language."""
    dialog = QFileDialog(parent, title, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setProxyModel(LocalSizes(dialog))
    return dialog


def open_file_name(parent: QWidget | None, title: str, folder: str, filters: str) -> str:
    """Like QFileDialog.getOpenFileName: the chosen file, or "" if the user cancelled."""
    dialog = open_file_dialog(parent, title, folder, filters)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return ""
    files = dialog.selectedFiles()
    return files[0] if files else ""
