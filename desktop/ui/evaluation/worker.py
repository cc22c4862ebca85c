"""The evaluation's background thread: a second long-lived worker, started on first use.

The same worker base as the main worker's (worker/base.py): one QThread owns an
`EvaluationWorker` (moveToThread); requests leave as queued signals tagged with an id from a
`RequestTracker`, answers come back as signals and only the latest answer of each kind is passed
on. Every slot runs through `RequestWorker._run`, which turns exceptions into `failed`. It is a
second thread (not the main worker) so that comparing or evaluating never holds up segmenting
in the main window, and the main window's model stays loaded while other models are compared.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.ui.evaluation.jobs import (
    CaseRequest,
    CompareRequest,
    EvaluateRequest,
    EvaluationJobs,
    EvaluationPlan,
    EvaluationProgress,
)
from desktop.ui.worker.base import RequestClient, RequestWorker
from desktop.ui.worker.jobs import Services
from desktop.ui.worker.tasks import CASE, COMPARE, EVALUATE


class EvaluationWorker(RequestWorker):
    compared = Signal(int, object)  # request id, CompareResult
    evaluation_started = Signal(int, object)  # request id, EvaluationPlan
    evaluation_progressed = Signal(int, object)  # request id, EvaluationProgress
    evaluation_finished = Signal(int, object)  # request id, core EvaluationResult
    case_loaded = Signal(int, object)  # request id, CaseResult

    log = logging.getLogger(__name__)
    what = "Evaluation task"

    def __init__(
        self, jobs: EvaluationJobs, is_current: Callable[[str, int], bool], cancel: threading.Event
    ) -> None:
        super().__init__(is_current, cancel)
        self._jobs = jobs

    @Slot(int, object)
    def _on_client_compare_requested(self, request_id: int, request: CompareRequest) -> None:
        if not self._is_current(COMPARE, request_id):
            return  # superseded before it started
        self._run(COMPARE, request_id, lambda: self._jobs.compare(request), self.compared)

    @Slot(int, object)
    def _on_client_evaluate_requested(self, request_id: int, request: EvaluateRequest) -> None:
        def started(plan: EvaluationPlan) -> None:
            self.evaluation_started.emit(request_id, plan)

        def progressed(progress: EvaluationProgress) -> None:
            self.evaluation_progressed.emit(request_id, progress)

        self._run(
            EVALUATE,
            request_id,
            lambda: self._jobs.evaluate(request, self._cancel, started, progressed),
            self.evaluation_finished,
        )

    @Slot(int, object)
    def _on_client_case_requested(self, request_id: int, request: CaseRequest) -> None:
        if not self._is_current(CASE, request_id):
            return
        self._run(CASE, request_id, lambda: self._jobs.case(request), self.case_loaded)


class EvaluationClient(RequestClient):
    """GUI-thread side of the evaluation worker."""

    compare_requested = Signal(int, object)
    evaluate_requested = Signal(int, object)
    case_requested = Signal(int, object)

    compared = Signal(object)  # CompareResult
    evaluation_started = Signal(object)  # EvaluationPlan
    evaluation_progressed = Signal(object)  # EvaluationProgress
    evaluation_finished = Signal(object)  # core EvaluationResult (also when cancelled)
    case_loaded = Signal(object)  # CaseResult

    # `failed` (task, message) and `activity_changed` (the tasks waiting) come from RequestClient.
    shown_tasks = (COMPARE, EVALUATE, CASE)

    def __init__(self, services: Services | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._cancel = threading.Event()
        self._thread: QThread | None = None
        self._worker: EvaluationWorker | None = None
        self._stopped = False

    def _ensure_started(self) -> None:
        if self._thread is not None:
            return
        self._thread = QThread()
        self._thread.setObjectName("segdesk-evaluation")
        self._worker = EvaluationWorker(
            EvaluationJobs(self._services), self._tracker.is_current, self._cancel
        )
        self._worker.moveToThread(self._thread)
        self.compare_requested.connect(self._worker._on_client_compare_requested)
        self.evaluate_requested.connect(self._worker._on_client_evaluate_requested)
        self.case_requested.connect(self._worker._on_client_case_requested)
        self._worker.compared.connect(self._on_worker_compared)
        self._worker.evaluation_started.connect(self._on_worker_evaluation_started)
        self._worker.evaluation_progressed.connect(self._on_worker_evaluation_progressed)
        self._worker.evaluation_finished.connect(self._on_worker_evaluation_finished)
        self._worker.case_loaded.connect(self._on_worker_case_loaded)
        self._worker.failed.connect(self._on_worker_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    @property
    def started(self) -> bool:
        return self._thread is not None

    def _issue(self, task: str) -> int:
        self._ensure_started()
        return super()._issue(task)

    # -- requests ---------------------------------------------------------------------------
    def compare(self, request: CompareRequest) -> int:
        if self._stopped:
            return 0
        request_id = self._issue(COMPARE)
        self.compare_requested.emit(request_id, request)
        return request_id

    def cancel_compare(self) -> None:
        self._forget(COMPARE)

    def evaluate(self, request: EvaluateRequest) -> int:
        if self._stopped:
            return 0
        self._cancel.clear()
        request_id = self._issue(EVALUATE)
        self.evaluate_requested.emit(request_id, request)
        return request_id

    def cancel_evaluation(self) -> None:
        """Stop between images; the run still writes and reports what it did."""
        self._cancel.set()

    def open_case(self, request: CaseRequest) -> int:
        if self._stopped:
            return 0
        request_id = self._issue(CASE)
        self.case_requested.emit(request_id, request)
        return request_id

    def shutdown(self) -> None:
        """Cancel what can be cancelled and stop the thread (waits for the current step)."""
        if self._stopped:
            return
        self._stopped = True
        self._cancel.set()
        for task in (COMPARE, EVALUATE, CASE):
            self._tracker.forget(task)
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()

    # -- answers ----------------------------------------------------------------------------
    @Slot(int, object)
    def _on_worker_compared(self, request_id: int, result) -> None:
        if self._finish(COMPARE, request_id):
            self.compared.emit(result)

    @Slot(int, object)
    def _on_worker_evaluation_started(self, request_id: int, plan) -> None:
        if self._tracker.is_current(EVALUATE, request_id):
            self.evaluation_started.emit(plan)

    @Slot(int, object)
    def _on_worker_evaluation_progressed(self, request_id: int, progress) -> None:
        if self._tracker.is_current(EVALUATE, request_id):
            self.evaluation_progressed.emit(progress)

    @Slot(int, object)
    def _on_worker_evaluation_finished(self, request_id: int, result) -> None:
        if self._finish(EVALUATE, request_id):
            self.evaluation_finished.emit(result)

    @Slot(int, object)
    def _on_worker_case_loaded(self, request_id: int, result) -> None:
        if self._finish(CASE, request_id):
            self.case_loaded.emit(result)
