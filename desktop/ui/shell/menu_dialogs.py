"""The menu commands that only open a dialog or a folder: File › Open…, the Model menu's Import,
Remove and Info, Help › About, and the log and models folders."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtWidgets import QWidget

from desktop.core import paths
from desktop.core.dicom import DICOM_EXTENSIONS
from desktop.core.image_io import IMAGE_EXTENSIONS
from desktop.ui.document.controller import DocumentController
from desktop.ui.folders.file_sizes import open_file_name
from desktop.ui.folders.reveal import reveal_folder
from desktop.ui.models.controller import ModelController
from desktop.ui.models.importing import make_import_dialog
from desktop.ui.models.info_dialog import ModelInfoDialog
from desktop.ui.models.removal import remove_selected_model
from desktop.ui.shell.about_dialog import AboutDialog
from desktop.ui.shell.settings import AppSettings

IMAGE_FILTER = "Images ({});;All files (*)".format(  # English; the dialog uses image_filter()
    " ".join(f"*{e}" for e in sorted(IMAGE_EXTENSIONS | DICOM_EXTENSIONS))
)


def image_filter() -> str:
    """The Open dialog's file-type filter, in the UI language."""
    patterns = " ".join(f"*{e}" for e in sorted(IMAGE_EXTENSIONS | DICOM_EXTENSIONS))
    return QCoreApplication.translate("MainWindow", "Images ({0});;All files (*)").format(patterns)


class MenuDialogs(QObject):
    def __init__(
        self,
        document: DocumentController,
        models: ModelController,
        settings: AppSettings,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._document = document
        self._models = models
        self._settings = settings
        self._window = window

    @Slot()
    def open_image(self) -> None:
        folder = self._settings.last_folder("open") or str(paths.samples_dir())
        title = QCoreApplication.translate("MainWindow", "Open Image")
        path = open_file_name(self._window, title, folder, image_filter())
        if path:
            self._document.open_image(path)

    @Slot()
    def import_model(self) -> None:
        make_import_dialog(self._models, self._settings, self._window).exec()

    @Slot()
    def remove_model(self) -> None:
        remove_selected_model(self._models, self._window)

    @Slot()
    def model_info(self) -> None:
        package = self._models.selected
        if package is not None:
            dialog = ModelInfoDialog(self._models, package, self._window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

    @Slot()
    def about(self) -> None:
        dialog = AboutDialog(self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def open_log_folder(self) -> None:
        reveal_folder(paths.log_dir(), self._window)

    @Slot()
    def open_models_folder(self) -> None:
        folder = paths.user_models_dir()
        folder.mkdir(parents=True, exist_ok=True)
        reveal_folder(folder, self._window)
