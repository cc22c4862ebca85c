"""Opening images (dialog, drop, command line, recent, samples, previous/next) and segmenting.

Images are decoded here on the GUI thread (tens of milliseconds); the network runs on the
worker. Opening another image makes any pending result stale, so it is dropped on arrival.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.errors import ImageLoadError
from desktop.core.image_io import load_rgb
from desktop.ui import segment_worker as tasks
from desktop.ui.error_reporting import ErrorReporter
from desktop.ui.jobs import LoadedModel, SegmentResult
from desktop.ui.model_controller import ModelController
from desktop.ui.navigation import neighbor_image, push_recent
from desktop.ui.session import Session
from desktop.ui.settings import AppSettings
from desktop.ui.worker_client import WorkerClient


class DocumentController(QObject):
    recent_files_changed = Signal(list)  # list[str], newest first
    auto_segment_changed = Signal()  # read `auto_segment`
    status_message = Signal(str)

    def __init__(
        self,
        session: Session,
        client: WorkerClient,
        models: ModelController,
        settings: AppSettings,
        reporter: ErrorReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._client = client
        self._models = models
        self._settings = settings
        self._reporter = reporter
        self.auto_segment = settings.auto_segment
        self.recent_files = settings.recent_files
        self._awaiting_result = False  # a segmentation was asked for and not yet shown
        client.predicted.connect(self._on_client_predicted)
        client.failed.connect(self._on_client_failed)
        models.model_loaded.connect(self._on_models_model_loaded)

    # -- opening ----------------------------------------------------------------------------
    def open_image(self, path: str | Path) -> bool:
        """Show the image at `path`; a bad file gets a message and the current image stays."""
        path = Path(path).expanduser().absolute()
        try:
            image = load_rgb(path)
        except ImageLoadError as exc:
            self._reporter.show_error(self.tr("Cannot open image"), str(exc))
            return False
        self._client.cancel_segment()  # a pending result is for the previous image
        self._awaiting_result = False
        self._session.set_image(path, image)
        self._settings.set_last_folder("open", str(path.parent))
        self.recent_files = push_recent(self.recent_files, str(path))
        self._settings.recent_files = self.recent_files
        self.recent_files_changed.emit(self.recent_files)
        if self.auto_segment:
            self.segment()
        return True

    def open_first(self, paths: list[str]) -> bool:
        """Open the first of several dropped/given paths that is a file."""
        for candidate in paths:
            if Path(candidate).is_dir():
                continue
            return self.open_image(candidate)
        if paths:
            self._reporter.show_error(
                self.tr("Cannot open image"),
                self.tr("'{0}' is a folder, not an image file.").format(paths[0]),
            )
        return False

    def open_neighbor(self, step: int) -> None:
        current = self._session.image_path
        if current is None:
            return
        target = neighbor_image(current, step)
        if target is None:
            self.status_message.emit(self.tr("No more images in this folder."))
            return
        self.open_image(target)

    def clear_recent(self) -> None:
        self.recent_files = []
        self._settings.recent_files = []
        self.recent_files_changed.emit([])

    def set_auto_segment(self, on: bool) -> None:
        if on == self.auto_segment:
            return
        self.auto_segment = on
        self._settings.auto_segment = on
        self.auto_segment_changed.emit()

    # -- segmenting -------------------------------------------------------------------------
    def segment(self) -> None:
        if self._session.image is None:
            self.status_message.emit(self.tr("Open an image first."))
            return
        if self._models.loaded is None and self._models.selected is None:
            self._reporter.show_error(
                self.tr("No model"),
                self.tr("No model is available: import one with File › Import Model…."),
            )
            return
        self._awaiting_result = True
        self._client.segment(self._session.image_path, self._session.image)

    def cancel(self) -> None:
        self._awaiting_result = False
        self._client.cancel_segment()
        self.status_message.emit(self.tr("Segmentation cancelled."))

    @Slot(object)
    def _on_client_predicted(self, result: SegmentResult) -> None:
        if result.image_path != self._session.image_path:
            return  # belt and braces: the request id already says it is current
        self._awaiting_result = False
        self._session.set_result(result)

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if task == tasks.SEGMENT:
            self._awaiting_result = False
            self._reporter.show_error(self.tr("Segmentation failed"), message)

    @Slot(object)
    def _on_models_model_loaded(self, loaded: LoadedModel) -> None:
        # A prediction by the previous model (or device) must not be shown as this one's.
        result = self._session.result
        stale = result is not None and (
            result.package.folder != loaded.package.folder or result.device != loaded.device
        )
        if stale:
            self._session.set_result(None)
        wanted = stale or self.auto_segment or self._awaiting_result
        idle = tasks.SEGMENT not in self._client.busy_tasks()
        if self._session.image is not None and self._session.result is None and wanted and idle:
            self.segment()
