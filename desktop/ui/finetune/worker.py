"""The fine-tune's background thread: one QThread owning a `FinetuneWorker` (moveToThread).

The project's worker pattern (see `worker/base.py`): the request leaves by a queued signal,
core's callbacks (`on_epoch`, `on_status`) run on the worker thread and leave as signals, every
failure is caught there and leaves as `failed`, and Cancel is a `threading.Event` that core
reads through `should_stop` between steps. A run takes minutes and holds a network in memory,
so the thread is started for a run and stopped when the window that owns it goes.
It does not use `RequestWorker`/`RequestClient` themselves: there is one run at a time and no
request ids to drop stale answers by, and its failure messages are the fine-tune's own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

# run(request, on_epoch, on_status, should_stop) -> FinetuneOutcome; core's run_finetune by
# default, a fake in tests.
RunFinetune = Callable[..., Any]


def core_run_finetune(request, on_epoch, on_status, should_stop):
    from desktop.core.finetune import run_finetune  # torch: imported on the worker thread

    return run_finetune(request, on_epoch=on_epoch, on_status=on_status, should_stop=should_stop)


def describe_failure(exc: BaseException) -> str:
    """Core's own message when it says what went wrong (file and reason); otherwise where the
    details are, never a Python traceback."""
    from desktop.core.errors import SegDeskError

    try:
        from desktop.core.finetune import FinetuneError
    except ImportError:  # pragma: no cover - core not installed: only our own errors then
        FinetuneError = SegDeskError  # noqa: N806
    if isinstance(exc, (FinetuneError, SegDeskError)) and str(exc):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: '{exc.filename}'." if exc.filename else f"{exc.strerror}."
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate(
            "FinetuneWorker", "There is not enough memory for this fine-tune."
        )
    return QCoreApplication.translate(
        "FinetuneWorker",
        "SegDesk could not finish the fine-tune because of an unexpected internal problem.\n\n"
        "The details were written to SegDesk's log file (Help › Open Log Folder).",
    )


class FinetuneWorker(QObject):
    epoch_finished = Signal(object)  # core EpochReport
    status_changed = Signal(object)  # core Status: a phase, or a note to keep in view
    finished = Signal(object)  # core FinetuneOutcome (also when stopped by Cancel)
    failed = Signal(str)  # a message naming the file and the reason

    def __init__(self, run: RunFinetune, cancel: threading.Event) -> None:
        super().__init__()
        self._run = run
        self._cancel = cancel

    @Slot(object)
    def _on_client_run_requested(self, request) -> None:
        try:
            outcome = self._run(
                request, self.epoch_finished.emit, self.status_changed.emit, self._cancel.is_set
            )
        except Exception as exc:  # noqa: BLE001 - every failure leaves as a signal
            log.error("Fine-tune failed", exc_info=exc)
            self.failed.emit(describe_failure(exc))
        else:
            self.finished.emit(outcome)


class FinetuneClient(QObject):
    """GUI-thread side: start one run, cancel it, stop the thread."""

    run_requested = Signal(object)

    epoch_finished = Signal(object)
    status_changed = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    running_changed = Signal(bool)

    def __init__(self, run: RunFinetune | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._run = run or core_run_finetune
        self._cancel = threading.Event()
        self._thread: QThread | None = None
        self._worker: FinetuneWorker | None = None
        self.running = False

    def start(self, request) -> None:
        if self.running:
            return
        self._ensure_thread()
        self._cancel.clear()
        self.running = True
        self.running_changed.emit(True)
        self.run_requested.emit(request)

    def cancel(self) -> None:
        """Ask core to stop at its next check; `finished` still comes, with stopped_early."""
        self._cancel.set()

    @property
    def cancelling(self) -> bool:
        return self.running and self._cancel.is_set()

    def shutdown(self) -> None:
        """Cancel and wait for the thread to end (core stops at its next check)."""
        self._cancel.set()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        self._thread = QThread()
        self._thread.setObjectName("segdesk-finetune")
        self._worker = FinetuneWorker(self._run, self._cancel)
        self._worker.moveToThread(self._thread)
        self.run_requested.connect(self._worker._on_client_run_requested)
        self._worker.epoch_finished.connect(self._on_worker_epoch_finished)
        self._worker.status_changed.connect(self._on_worker_status_changed)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def _stopped(self) -> None:
        self.running = False
        self.running_changed.emit(False)

    @Slot(object)
    def _on_worker_epoch_finished(self, report) -> None:
        self.epoch_finished.emit(report)

    @Slot(object)
    def _on_worker_status_changed(self, update) -> None:
        self.status_changed.emit(update)

    @Slot(object)
    def _on_worker_finished(self, outcome) -> None:
        self._stopped()
        self.finished.emit(outcome)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._stopped()
        self.failed.emit(message)
