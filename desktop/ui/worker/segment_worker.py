"""The worker QObject that lives on SegDesk's one background thread and does all torch work.

Requests arrive as queued signals from `WorkerClient`; answers leave as signals carrying the
request id. Every slot catches its exceptions and emits `failed`: nothing escapes the thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from desktop.core.errors import SegDeskError
from desktop.ui.worker.jobs import BatchProgress, ExportRequest, ImportRequest, Jobs, NoModelError

log = logging.getLogger(__name__)

# Task names, also the kinds of RequestTracker ids.
DEVICES = "devices"
LOAD = "load"
SEGMENT = "segment"
VERIFY = "verify"
IMPORT = "import"
EXPORT = "export"
BATCH = "batch"
TASK_WORDS = {
    DEVICES: "listing devices", LOAD: "loading the model", SEGMENT: "segmenting",
    VERIFY: "the self-test", IMPORT: "importing the model", EXPORT: "exporting",
    BATCH: "the batch",
}  # fmt: skip
EXACT_CHECK = "exact-check"
PREFETCH = "prefetch"  # review mode: the image after the one shown, segmented ahead of time


def describe_failure(task: str, exc: BaseException) -> str:
    """A message for the person at the screen; unexpected errors point at the log file."""
    if isinstance(exc, NoModelError):
        return QCoreApplication.translate(
            "SegmentWorker", "No model is loaded yet: choose a model in the Model panel."
        )
    if isinstance(exc, SegDeskError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: '{exc.filename}'." if exc.filename else f"{exc.strerror}."
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)
    # No Python exception text for the user: what failed, and where the details are.
    return QCoreApplication.translate(
        "SegmentWorker",
        "SegDesk could not finish this ({task}) because of an unexpected internal problem.\n\n"
        "The details were written to SegDesk's log file (Help › Open Log Folder).",
    ).format(task=TASK_WORDS.get(task, task))


class SegmentWorker(QObject):
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
    failed = Signal(int, str, str)  # request id, task, message
    prefetched = Signal(int, object)  # request id, SegmentResult

    def __init__(self, jobs: Jobs, is_current: Callable[[str, int], bool], cancel: threading.Event):
        super().__init__()
        self._jobs = jobs
        self._is_current = is_current
        self._cancel = cancel

    def _run(self, task: str, request_id: int, work: Callable[[], object], done: Signal) -> None:
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - every failure leaves as a signal
            if not isinstance(exc, SegDeskError):
                log.error("Worker task '%s' failed", task, exc_info=exc)
            else:
                log.warning("Worker task '%s' failed: %s", task, exc)
            self.failed.emit(request_id, task, describe_failure(task, exc))
        else:
            done.emit(request_id, result)

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
