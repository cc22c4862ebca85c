"""The worker QObject that lives on SegDesk's one background thread and does all torch work.

Requests arrive as queued signals from `WorkerClient`; answers leave as signals carrying the
request id. Every slot runs its work through `RequestWorker._run` (worker/base.py), which turns
any exception into `failed`: nothing escapes the thread. Task names are in worker/tasks.py.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import Signal, Slot

from desktop.ui.worker.base import RequestWorker
from desktop.ui.worker.jobs import BatchProgress, ExportRequest, ImportRequest, Jobs
from desktop.ui.worker.tasks import (
    BATCH,
    DEVICES,
    EXACT_CHECK,
    EXPORT,
    IMPORT,
    LOAD,
    PREFETCH,
    SEGMENT,
    VERIFY,
)


class SegmentWorker(RequestWorker):
    devices_listed = Signal(int, object)  # request id, tuple[Device]
    model_loaded = Signal(int, object)  # request id, LoadedModel
    predicted = Signal(int, object)  # request id, SegmentResult
    verified = Signal(int, object)  # request id, core.verify.VerifyReport
    model_imported = Signal(int, object)  # request id, Path of the new package
    exported = Signal(int, object)  # request id, list[Path]
    batch_started = Signal(int, object)  # request id, tuple of input names (the plan)
    batch_progressed = Signal(int, object)  # request id, BatchProgress
    batch_finished = Signal(int, object)  # request id, core.batch.BatchSummary
    exact_checked = Signal(int, object)  # request id, jobs.ExactCheck
    prefetched = Signal(int, object)  # request id, SegmentResult

    log = logging.getLogger(__name__)

    def __init__(self, jobs: Jobs, is_current: Callable[[str, int], bool], cancel: threading.Event):
        super().__init__(is_current, cancel)
        self._jobs = jobs

    @Slot(int)
    def _on_client_devices_requested(self, request_id: int) -> None:
        self._run(DEVICES, request_id, self._jobs.list_devices, self.devices_listed)

    @Slot(int, object, str)
    def _on_client_load_requested(self, request_id: int, package, device_id: str) -> None:
        self._run(LOAD, request_id, lambda: self._jobs.load(package, device_id), self.model_loaded)

    @Slot(int, object, object)
    def _on_client_segment_requested(self, request_id: int, image_path, image) -> None:
        if not self._is_current(SEGMENT, request_id):
            return  # superseded (another image, or cancelled) before it started: skip the work
        self._run(
            SEGMENT, request_id, lambda: self._jobs.segment(image_path, image), self.predicted
        )

    @Slot(int, object, object)
    def _on_client_prefetch_requested(self, request_id: int, image_path, image) -> None:
        if not self._is_current(PREFETCH, request_id):
            return  # the reviewer moved on (or the model changed) before it started
        self._run(
            PREFETCH, request_id, lambda: self._jobs.segment(image_path, image), self.prefetched
        )

    @Slot(int)
    def _on_client_verify_requested(self, request_id: int) -> None:
        self._run(VERIFY, request_id, self._jobs.verify, self.verified)

    @Slot(int, object)
    def _on_client_import_requested(self, request_id: int, request: ImportRequest) -> None:
        self._run(IMPORT, request_id, lambda: self._jobs.import_model(request), self.model_imported)

    @Slot(int, object)
    def _on_client_export_requested(self, request_id: int, request: ExportRequest) -> None:
        self._run(EXPORT, request_id, lambda: self._jobs.export(request), self.exported)

    @Slot(int, object, object, object)
    def _on_client_exact_check_requested(self, request_id: int, result, image, prediction) -> None:
        self._run(
            EXACT_CHECK,
            request_id,
            lambda: self._jobs.check_exact(result, image, prediction),
            self.exact_checked,
        )

    @Slot(int, object)
    def _on_client_batch_requested(self, request_id: int, options) -> None:
        def started(files: tuple[str, ...]) -> None:
            self.batch_started.emit(request_id, files)

        def progressed(progress: BatchProgress) -> None:
            self.batch_progressed.emit(request_id, progress)

        self._run(
            BATCH,
            request_id,
            lambda: self._jobs.run_batch(options, self._cancel, started, progressed),
            self.batch_finished,
        )
