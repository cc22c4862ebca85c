"""Ctrl+C in a command, written once.

A long command asks its run to stop after the current image or step (the work done so far is
kept and the next run resumes). A command may also let a second Ctrl+C abort at once: the
handler raises `Aborted`, and `dispatch.main` prints that command's message and returns its exit
status instead of a traceback.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Abort:
    """What a second Ctrl+C prints (on stderr) and the exit status it returns."""

    message: str
    status: int


class Aborted(KeyboardInterrupt):
    def __init__(self, abort: Abort) -> None:
        super().__init__(abort.message)
        self.abort = abort


@contextmanager
def stop_on_interrupt(
    stop: threading.Event,
    *,
    terminate: bool = False,
    notice: str = "",
    second: Abort | None = None,
) -> Iterator[None]:
    """While inside: Ctrl+C sets `stop` (printing `notice` the first time); with `terminate`,
    SIGTERM does the same (a scheduler stops a job with SIGTERM, then SIGKILL); with `second`, a
    Ctrl+C after `stop` is set raises `Aborted`. The previous handlers return on leaving."""

    def on_signal(*_) -> None:
        if second is not None and stop.is_set():
            raise Aborted(second)
        if notice and not stop.is_set():
            print(notice, flush=True)
        stop.set()

    numbers = (signal.SIGINT, signal.SIGTERM) if terminate else (signal.SIGINT,)
    previous = {number: signal.signal(number, on_signal) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
