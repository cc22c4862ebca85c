"""The worker base written once (desktop/ui/worker/base.py): a failure leaves the thread as a
`failed` signal with a message for the screen, and the client passes on only the latest
answer of each task."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import Signal

from desktop.core.errors import SegDeskError
from desktop.ui.evaluation.worker import EvaluationClient, EvaluationWorker
from desktop.ui.worker.base import RequestClient, RequestWorker
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.segment_worker import SegmentWorker


class EchoWorker(RequestWorker):
    answered = Signal(int, object)

    def ask(self, request_id: int, work) -> None:
        self._run("echo", request_id, work, self.answered)


class EchoClient(RequestClient):
    shown_tasks = ("echo",)

    def __init__(self, worker: EchoWorker) -> None:
        super().__init__()
        worker.failed.connect(self._on_worker_failed)

    def ask(self) -> int:
        return self._issue("echo")


def test_the_workers_share_the_base() -> None:
    assert issubclass(SegmentWorker, RequestWorker) and issubclass(EvaluationWorker, RequestWorker)
    assert issubclass(WorkerClient, RequestClient) and issubclass(EvaluationClient, RequestClient)


def test_an_answer_and_a_failure_leave_as_signals(qapp, caplog) -> None:
    worker = EchoWorker(lambda task, request_id: True, threading.Event())
    answers, failures = [], []
    worker.answered.connect(lambda request_id, result: answers.append((request_id, result)))
    worker.failed.connect(
        lambda request_id, task, message: failures.append((request_id, task, message))
    )
    worker.ask(1, lambda: 42)
    worker.ask(2, lambda: (_ for _ in ()).throw(SegDeskError("Cannot open image 'a.png': broken")))
    with caplog.at_level(logging.ERROR):
        worker.ask(3, lambda: 1 / 0)
    assert answers == [(1, 42)]
    assert failures[0] == (2, "echo", "Cannot open image 'a.png': broken")
    assert failures[1][:2] == (3, "echo")
    assert "ZeroDivisionError" not in failures[1][2] and "log file" in failures[1][2]
    assert any(record.exc_info for record in caplog.records)  # the traceback went to the log


def test_only_the_latest_answer_of_a_task_is_passed_on(qapp) -> None:
    worker = EchoWorker(lambda task, request_id: True, threading.Event())
    client = EchoClient(worker)
    failures, activity = [], []
    client.failed.connect(lambda task, message: failures.append((task, message)))
    client.activity_changed.connect(activity.append)
    first, second = client.ask(), client.ask()
    assert client.busy_tasks() == frozenset({"echo"})
    worker.ask(first, lambda: (_ for _ in ()).throw(SegDeskError("stale")))
    assert failures == []  # a newer request of the task was made: this answer is dropped
    worker.ask(second, lambda: (_ for _ in ()).throw(SegDeskError("current")))
    assert failures == [("echo", "current")]
    assert client.busy_tasks() == frozenset() and activity[-1] == frozenset()
