"""The one worker pattern, written once (superqt's single worker base, with request ids).

A `RequestWorker` lives on a background QThread; every request it gets runs through `_run`,
which sends the result with the request's `done` signal and turns any exception into `failed`
(logged; the message from `tasks.describe_failure`), so nothing escapes the thread. The
`RequestClient` on the GUI thread tags each request with an id from a `RequestTracker` and
passes an answer on only if its id is still the latest of its task: a result nobody is waiting
for any more never reaches the screen.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.errors import SegDeskError
from desktop.ui.worker.requests import RequestTracker
from desktop.ui.worker.tasks import describe_failure


class RequestWorker(QObject):
    failed = Signal(int, str, str)  # request id, task, message

    log = logging.getLogger(__name__)  # subclasses log under their own module's name
    what = "Worker task"  # how the log names a failed task

    def __init__(self, is_current: Callable[[str, int], bool], cancel: threading.Event) -> None:
        super().__init__()
        self._is_current = is_current  # a request superseded before it started is skipped
        self._cancel = cancel  # read between steps by the long tasks (batch, evaluation)

    def _run(self, task: str, request_id: int, work: Callable[[], object], done: Signal) -> None:
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - every failure leaves as a signal
            if isinstance(exc, SegDeskError):
                self.log.warning("%s '%s' failed: %s", self.what, task, exc)
            else:
                self.log.error("%s '%s' failed", self.what, task, exc_info=exc)
            self.failed.emit(request_id, task, describe_failure(task, exc))
        else:
            done.emit(request_id, result)


class RequestClient(QObject):
    failed = Signal(str, str)  # task, message (current requests only)
    activity_changed = Signal(object)  # frozenset of tasks waiting for an answer

    shown_tasks: tuple[str, ...] = ()  # the tasks `busy_tasks` (the activity) reports

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tracker = RequestTracker()

    def busy_tasks(self) -> frozenset[str]:
        return frozenset(task for task in self.shown_tasks if self._tracker.is_pending(task))

    def _issue(self, task: str) -> int:
        request_id = self._tracker.issue(task)
        self.activity_changed.emit(self.busy_tasks())
        return request_id

    def _finish(self, task: str, request_id: int) -> bool:
        """True (and the activity updated) if this answers the latest request of `task`."""
        current = self._tracker.finish(task, request_id)
        if current:
            self.activity_changed.emit(self.busy_tasks())
        return current

    def _forget(self, task: str) -> None:
        """Stop waiting for `task` (its answer will be dropped) and say so if it was shown."""
        if self._tracker.is_pending(task):
            self._tracker.forget(task)
            self.activity_changed.emit(self.busy_tasks())

    @Slot(int, str, str)
    def _on_worker_failed(self, request_id: int, task: str, message: str) -> None:
        if self._finish(task, request_id):
            self.failed.emit(task, message)
