"""The GUI side of the background thread: starts it, sends requests, drops stale answers.

One long-lived QThread owns one `SegmentWorker` (moveToThread). Requests leave as queued
signals tagged with a request id; an answer is passed on only if its id is still the latest
of its kind, so a result for an image that is no longer shown never reaches the screen (the
bookkeeping is `RequestClient`'s, worker/base.py).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.core.package import ModelPackage
from desktop.ui.worker import tasks
from desktop.ui.worker.base import RequestClient
from desktop.ui.worker.jobs import ExportRequest, ImportRequest, Jobs, Services
from desktop.ui.worker.segment_worker import SegmentWorker


class WorkerClient(RequestClient):
    # Requests, delivered to the worker's thread (queued connections).
    devices_requested = Signal(int)
    load_requested = Signal(int, object, str)
    segment_requested = Signal(int, object, object)
    verify_requested = Signal(int)
    import_requested = Signal(int, object)
    export_requested = Signal(int, object)
    batch_requested = Signal(int, object)
    exact_check_requested = Signal(int, object, object, object)
    prefetch_requested = Signal(int, object, object)

    # Current answers only, on the GUI thread.
    devices_listed = Signal(object)  # tuple[Device]
    model_loaded = Signal(object)  # LoadedModel
    predicted = Signal(object)  # SegmentResult
    verified = Signal(object)  # VerifyReport
    model_imported = Signal(object)  # Path
    exported = Signal(object)  # list[Path]
    batch_started = Signal(object)  # tuple of input names, in the order they are run
    batch_progressed = Signal(object)  # BatchProgress
    batch_finished = Signal(object)  # BatchSummary
    exact_checked = Signal(object)  # jobs.ExactCheck
    prefetched = Signal(object)  # SegmentResult of the latest `prefetch`

    # `failed` (task, message) and `activity_changed` (the tasks waiting) come from RequestClient.
    # A prefetch is not shown as activity.
    shown_tasks = (
        tasks.DEVICES, tasks.LOAD, tasks.SEGMENT, tasks.VERIFY, tasks.IMPORT, tasks.EXPORT,
        tasks.BATCH, tasks.EXACT_CHECK,
    )  # fmt: skip

    def __init__(self, services: Services | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._batch_cancel = threading.Event()
        self._thread = QThread()
        self._thread.setObjectName("segdesk-worker")
        self._worker = SegmentWorker(Jobs(services), self._tracker.is_current, self._batch_cancel)
        self._worker.moveToThread(self._thread)
        self._connect()
        self._thread.finished.connect(self._worker.deleteLater)
        self._stopped = False
        self._thread.start()

    def _connect(self) -> None:
        worker = self._worker
        self.devices_requested.connect(worker._on_client_devices_requested)
        self.load_requested.connect(worker._on_client_load_requested)
        self.segment_requested.connect(worker._on_client_segment_requested)
        self.verify_requested.connect(worker._on_client_verify_requested)
        self.import_requested.connect(worker._on_client_import_requested)
        self.export_requested.connect(worker._on_client_export_requested)
        self.batch_requested.connect(worker._on_client_batch_requested)
        self.exact_check_requested.connect(worker._on_client_exact_check_requested)
        worker.exact_checked.connect(self._on_worker_exact_checked)
        self.prefetch_requested.connect(worker._on_client_prefetch_requested)
        worker.devices_listed.connect(self._on_worker_devices_listed)
        worker.model_loaded.connect(self._on_worker_model_loaded)
        worker.predicted.connect(self._on_worker_predicted)
        worker.verified.connect(self._on_worker_verified)
        worker.model_imported.connect(self._on_worker_model_imported)
        worker.exported.connect(self._on_worker_exported)
        worker.batch_started.connect(self._on_worker_batch_started)
        worker.batch_progressed.connect(self._on_worker_batch_progressed)
        worker.batch_finished.connect(self._on_worker_batch_finished)
        worker.failed.connect(self._on_worker_failed)
        worker.prefetched.connect(self._on_worker_prefetched)

    # -- requests ---------------------------------------------------------------------------
    def request_devices(self) -> None:
        self.devices_requested.emit(self._issue(tasks.DEVICES))

    def load_model(self, package: ModelPackage, device_id: str) -> None:
        # A result computed by the old model is no longer wanted.
        self._tracker.forget(tasks.SEGMENT)
        self._tracker.forget(tasks.PREFETCH)
        self.load_requested.emit(self._issue(tasks.LOAD), package, device_id)

    def segment(self, image_path: Path, image: np.ndarray) -> int:
        request_id = self._issue(tasks.SEGMENT)
        self.segment_requested.emit(request_id, image_path, image)
        return request_id

    def cancel_segment(self) -> None:
        """Drop the pending result (a forward pass already running finishes, unseen)."""
        self._forget(tasks.SEGMENT)

    def prefetch(self, image_path: Path, image: np.ndarray) -> int:
        """Segment an image ahead of time (review mode); only the latest prefetch is answered,
        by `prefetched`, and it is not shown as activity."""
        request_id = self._tracker.issue(tasks.PREFETCH)
        self.prefetch_requested.emit(request_id, image_path, image)
        return request_id

    def cancel_prefetch(self) -> None:
        self._tracker.forget(tasks.PREFETCH)

    def verify(self) -> None:
        self.verify_requested.emit(self._issue(tasks.VERIFY))

    def import_model(self, request: ImportRequest) -> None:
        self.import_requested.emit(self._issue(tasks.IMPORT), request)

    def export(self, request: ExportRequest) -> None:
        self.export_requested.emit(self._issue(tasks.EXPORT), request)

    def check_exact(self, result, image: np.ndarray, prediction) -> None:
        """Re-run the shown image on the exact engine; answers with `exact_checked`."""
        self.exact_check_requested.emit(self._issue(tasks.EXACT_CHECK), result, image, prediction)

    def run_batch(self, options) -> None:
        self._batch_cancel.clear()
        self.batch_requested.emit(self._issue(tasks.BATCH), options)

    def cancel_batch(self) -> None:
        """Stop between images; the batch still reports what it did (batch_finished)."""
        self._batch_cancel.set()

    def shutdown(self) -> None:
        """Cancel what can be cancelled and stop the thread (waits for the current step)."""
        if self._stopped:
            return
        self._stopped = True
        self._batch_cancel.set()
        for task in (tasks.SEGMENT, tasks.VERIFY, tasks.LOAD, tasks.PREFETCH):
            self._tracker.forget(task)
        self._thread.quit()
        self._thread.wait()

    # -- answers ----------------------------------------------------------------------------
    @Slot(int, object)
    def _on_worker_devices_listed(self, request_id: int, devices) -> None:
        if self._finish(tasks.DEVICES, request_id):
            self.devices_listed.emit(devices)

    @Slot(int, object)
    def _on_worker_model_loaded(self, request_id: int, loaded) -> None:
        if self._finish(tasks.LOAD, request_id):
            self.model_loaded.emit(loaded)

    @Slot(int, object)
    def _on_worker_predicted(self, request_id: int, result) -> None:
        if self._finish(tasks.SEGMENT, request_id):
            self.predicted.emit(result)

    @Slot(int, object)
    def _on_worker_prefetched(self, request_id: int, result) -> None:
        if self._tracker.finish(tasks.PREFETCH, request_id):
            self.prefetched.emit(result)

    @Slot(int, object)
    def _on_worker_verified(self, request_id: int, report) -> None:
        if self._finish(tasks.VERIFY, request_id):
            self.verified.emit(report)

    @Slot(int, object)
    def _on_worker_model_imported(self, request_id: int, folder) -> None:
        if self._finish(tasks.IMPORT, request_id):
            self.model_imported.emit(folder)

    @Slot(int, object)
    def _on_worker_exported(self, request_id: int, paths) -> None:
        if self._finish(tasks.EXPORT, request_id):
            self.exported.emit(paths)

    @Slot(int, object)
    def _on_worker_batch_started(self, request_id: int, files) -> None:
        if self._tracker.is_current(tasks.BATCH, request_id):
            self.batch_started.emit(files)

    @Slot(int, object)
    def _on_worker_batch_progressed(self, request_id: int, progress) -> None:
        if self._tracker.is_current(tasks.BATCH, request_id):
            self.batch_progressed.emit(progress)

    @Slot(int, object)
    def _on_worker_batch_finished(self, request_id: int, summary) -> None:
        if self._finish(tasks.BATCH, request_id):
            self.batch_finished.emit(summary)

    @Slot(int, object)
    def _on_worker_exact_checked(self, request_id: int, check) -> None:
        if self._finish(tasks.EXACT_CHECK, request_id):
            self.exact_checked.emit(check)
