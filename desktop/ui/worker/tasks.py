"""The names of the background workers' tasks, in one place: each is also the kind of a
`RequestTracker` id and the `task` a `failed` signal names; and the message a failed task
shows the person at the screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.errors import SegDeskError
from desktop.ui.worker.jobs import NoModelError

# The main worker's (worker/segment_worker.py).
DEVICES = "devices"
LOAD = "load"
SEGMENT = "segment"
VERIFY = "verify"
IMPORT = "import"
EXPORT = "export"
BATCH = "batch"
EXACT_CHECK = "exact-check"
PREFETCH = "prefetch"  # review mode: the image after the one shown, segmented ahead of time

# The evaluation worker's (evaluation/worker.py).
COMPARE = "compare"
EVALUATE = "evaluate"
CASE = "case"

TASK_WORDS = {
    DEVICES: "listing devices", LOAD: "loading the model", SEGMENT: "segmenting",
    VERIFY: "the self-test", IMPORT: "importing the model", EXPORT: "exporting",
    BATCH: "the batch",
}  # fmt: skip


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
