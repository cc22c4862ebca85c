"""Model › Remove Model…: delete a user model after confirmation; bundled models never."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.package import ModelPackage
from desktop.ui.models.controller import ModelController


def confirm_removal(parent: QWidget | None, package: ModelPackage) -> bool:
    """Ask before deleting (tests replace this)."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("ModelRemoval", "Remove Model"),
        QCoreApplication.translate(
            "ModelRemoval",
            "Remove the model '{0}'?\n\nIts folder is deleted:\n{1}\n\nThis cannot be undone. "
            "The checkpoint you imported it from is not touched.",
        ).format(package.name, package.folder),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes


def remove_selected_model(models: ModelController, parent: QWidget | None = None) -> bool:
    """Remove the chosen model if it is a user model and the user confirms."""
    package = models.selected
    if package is None:
        return False
    if package.bundled:
        models.report_info(
            QCoreApplication.translate("ModelRemoval", "Remove Model"),
            QCoreApplication.translate(
                "ModelRemoval",
                "'{0}' comes with SegDesk and cannot be removed. Only models you imported "
                "can be removed.",
            ).format(package.name),
        )  # fmt: skip
        return False
    if not confirm_removal(parent, package):
        return False
    return models.remove_package(package)
