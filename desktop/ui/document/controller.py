"""Opening images (dialog, drop, command line, recent, samples, previous/next) and segmenting.

Images are decoded here on the GUI thread (tens of milliseconds); the network runs on the
worker. Opening another image makes any pending result stale, so it is dropped on arrival.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.errors import ImageLoadError
from desktop.core.image_source import open_source
from desktop.core.result_cache import CacheKey, ResultCache
from desktop.ui.document.navigation import neighbor_image, push_recent, sibling_images
from desktop.ui.document.session import Session
from desktop.ui.models.controller import ModelController
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.worker import tasks
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import LoadedModel, SegmentResult


class DocumentController(QObject):
    recent_files_changed = Signal(list)  # list[str], newest first
    auto_segment_changed = Signal()  # read `auto_segment`
    status_message = Signal(str)
    folder_given = Signal(object)  # Path: a folder was dropped or given, not an image
    position_changed = Signal(int, int)  # k, n: the shown image is the k-th of n in its folder

    def __init__(
        self,
        session: Session,
        client: WorkerClient,
        models: ModelController,
        settings: AppSettings,
        reporter: ErrorReporter,
        parent: QObject | None = None,
        cache: ResultCache | None = None,
    ) -> None:
        super().__init__(parent)
        # Results of the last few images, so Previous/Next back to one does not re-run the model.
        self.cache: ResultCache = cache if cache is not None else ResultCache()
        # True while review mode drives the session (it shows images and results itself).
        self.paused = False
        self._session = session
        self._client = client
        self._models = models
        self._settings = settings
        self._reporter = reporter
        self.auto_segment = settings.auto_segment
        self.recent_files = settings.recent_files
        self._awaiting_result = False  # a segmentation was asked for and not yet shown
        # Asked before the shown mask is replaced ("open", "segment"): False keeps everything
        # as it is (the window asks about corrections that no export has written).
        self.leave_guard: Callable[[str], bool] = lambda action: True
        # The result taken off screen when another model was chosen; shown again if the choice
        # falls back to its model (the new one failed to load).
        self._set_aside: SegmentResult | None = None
        client.predicted.connect(self._on_client_predicted)
        client.failed.connect(self._on_client_failed)
        models.model_loaded.connect(self._on_models_model_loaded)
        models.selection_changed.connect(self._on_models_selection_changed)

    # -- opening ----------------------------------------------------------------------------
    def open_image(self, path: str | Path, frame: int | None = None) -> bool:
        """Show the image at `path` (frame `frame`, 0-based, of a multi-frame DICOM file); a bad
        file gets a message and the current image stays."""
        if not self.may_replace_mask("open"):
            return False
        return self._open_or_report(path, frame)

    def _open_or_report(self, path: str | Path, frame: int | None = None) -> bool:
        error = self._open(path, frame)
        if error is not None:
            self._reporter.show_error(self.tr("Cannot open image"), str(error))
            return False
        return True

    def _open(self, path: str | Path, frame: int | None = None) -> ImageLoadError | None:
        """Show the image at `path`, or return why it cannot be read (nothing changes then)."""
        path = Path(path).expanduser().absolute()
        try:
            image, source = open_source(path, frame)
        except ImageLoadError as exc:
            return exc
        self._client.cancel_segment()  # a pending result is for the previous image
        self._awaiting_result = False
        self._set_aside = None
        self._session.set_image(path, image, source)
        if source.grey:
            self.status_message.emit(self.tr("Grey image: the model was trained on colour "
                                             "images, so its mask may be unreliable."))  # fmt: skip
        elif source.small and source.size is not None:
            self.status_message.emit(
                self.tr("Tiny image ({0} px): far smaller than the model's input, so its mask "
                        "may be unreliable.").format(f"{source.size[1]}×{source.size[0]}")
            )
        self._settings.set_last_folder("open", str(path.parent))
        self.recent_files = push_recent(self.recent_files, str(path))
        self._settings.recent_files = self.recent_files
        self.recent_files_changed.emit(self.recent_files)
        self._emit_position(path)
        cached = self._cached_result(path)
        if cached is not None:
            self._session.set_result(cached)
        elif self.auto_segment:
            self.segment()
        return None

    def _emit_position(self, path: Path) -> None:
        images = sibling_images(path)
        if path in images:
            self.position_changed.emit(images.index(path) + 1, len(images))
        else:
            self.position_changed.emit(0, len(images))

    def _cached_result(self, path: Path) -> SegmentResult | None:
        loaded = self._models.loaded
        if loaded is None:
            return None
        key = CacheKey.of(path, self._current_frame(), loaded.package.sha256, loaded.device.id)
        return self.cache.get(key)

    def _current_frame(self) -> int | None:
        """The shown frame of a multi-frame DICOM file (None otherwise): part of a cache key."""
        source = self._session.source
        return None if source is None else source.frame

    def open_first(self, paths: list[str]) -> bool:
        """Open the first of several dropped/given paths that is a file."""
        for candidate in paths:
            if Path(candidate).is_dir():
                continue
            return self.open_image(candidate)
        if paths:
            # Only folders: offer what can be done with a folder (the window asks).
            self.folder_given.emit(Path(paths[0]).expanduser().absolute())
        return False

    def open_frame(self, frame: int) -> bool:
        """Show frame `frame` (0-based) of the current multi-frame file."""
        source = self._session.source
        if source is None or source.frame is None or frame == source.frame:
            return False
        if not 0 <= frame < source.frames:
            return False
        if self.paused:  # review mode: each frame is an item, its corrections kept as a draft
            return self._open_or_report(source.path, frame)
        return self.open_image(source.path, frame)

    def open_neighbor(self, step: int) -> None:
        current = self._session.image_path
        if current is None or not self.may_replace_mask("open"):
            return
        source = self._session.source
        paging = source is not None and source.frame is not None  # PgDown/PgUp: frames first
        if paging and 0 <= source.frame + step < source.frames:
            self.open_frame(source.frame + step)
            return
        # Unreadable files (a text file named .jpg, a cut download) are stepped over, so the
        # keys never get stuck on one; the status bar says which were skipped.
        skipped: list[str] = []
        target = neighbor_image(current, step)
        while target is not None and self._open(target) is not None:
            skipped.append(target.name)
            target = neighbor_image(target, step)
        if skipped:
            names = ", ".join(skipped[:3]) + (" …" if len(skipped) > 3 else "")
            if target is None:
                text = self.tr("No more readable images in this folder (skipped {0}).")
            else:
                text = self.tr("Skipped {0}: cannot be read as an image.")
            self.status_message.emit(text.format(names))
        elif target is None:
            self.status_message.emit(self.tr("No more images in this folder."))

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
        if not self.may_replace_mask("segment"):
            return
        self._awaiting_result = True
        self._client.segment(self._session.image_path, self._session.image)

    def may_replace_mask(self, action: str) -> bool:
        """False when the user keeps corrections that `action` ("open", "segment", "model")
        would discard. Review mode keeps its own record of each image's mask, but opening
        another image by hand ends the review (and its corrections not accepted)."""
        if self.paused and action != "open":
            return True
        return self.leave_guard(action)

    def cancel(self) -> None:
        self._awaiting_result = False
        self._client.cancel_segment()
        self.status_message.emit(self.tr("Segmentation cancelled."))

    @Slot(object)
    def _on_client_predicted(self, result: SegmentResult) -> None:
        if result.image_path == self._session.image_path:  # current (request ids), so its frame
            key = CacheKey.of(
                result.image_path, self._current_frame(), result.package.sha256, result.device.id
            )
            self.cache.put(key, result)
        if self.paused or result.image_path != self._session.image_path:
            return  # belt and braces: the request id already says it is current
        self._awaiting_result = False
        self._session.set_result(result)

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if task == tasks.SEGMENT and not self.paused:
            self._awaiting_result = False
            self._reporter.show_error(self.tr("Segmentation failed"), message)

    @Slot(object)
    def _on_models_selection_changed(self, package) -> None:
        """A result is never shown under another model's name: choosing a model takes the
        previous model's result off screen (and the new model segments the image once loaded)."""
        result = self._session.result
        if package is None or self.paused:
            return  # review mode keeps each image's starting mask, whichever model made it
        if result is not None and result.package.folder != package.folder:
            self._set_aside = result
            self._session.set_result(None)
            self._awaiting_result = True
            self.status_message.emit(
                self.tr("Result of {0} cleared: {1} will segment this image once loaded.").format(
                    result.package.name, package.name
                )
            )
            return
        aside = self._set_aside
        if (
            result is None
            and aside is not None
            and aside.package.folder == package.folder
            and aside.image_path == self._session.image_path
            and self._models.loaded is not None
            and self._models.loaded.package.folder == package.folder
        ):
            self._set_aside = None
            self._awaiting_result = False
            self._session.set_result(aside)  # the new model did not load: back to what runs

    @Slot(object)
    def _on_models_model_loaded(self, loaded: LoadedModel) -> None:
        self._set_aside = None
        if self.paused:
            return  # review mode keeps each image's starting mask, whichever model made it
        # A prediction by the previous model (or device) must not be shown as this one's.
        result = self._session.result
        stale = result is not None and (
            result.package.folder != loaded.package.folder
            or result.package.sha256 != loaded.package.sha256  # the model was replaced
            or result.device != loaded.device
        )
        if stale:
            self._session.set_result(None)
        wanted = stale or self.auto_segment or self._awaiting_result
        idle = tasks.SEGMENT not in self._client.busy_tasks()
        if self._session.image is not None and self._session.result is None and wanted and idle:
            self.segment()
