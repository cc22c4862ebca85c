"""Fakes for the fine-tune GUI tests: a scan that returns what it is told, and a run that
reports the epochs a test lets through and returns the outcome the test chose."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest


def reviewed_set(accepted: int = 6, edited: int = 2, problems: tuple[str, ...] = ()):
    return SimpleNamespace(pairs=(), accepted=accepted, edited=edited, problems=problems)


def epoch(number: int, epochs: int = 3, dice: float = 0.8, keep: float | None = None):
    from desktop.core.finetune import EpochReport

    return EpochReport(
        epoch=number, epochs=epochs, train_loss=1.0 / number, holdout_loss=1.2 / number,
        holdout_dice=dice, best_dice=dice, keep_dice=keep, seconds=2.0,
        eta_seconds=2.0 * (epochs - number),
    )  # fmt: skip


def outcome(report_dir: Path, written: bool = True, package_dir: Path | None = None,
            stopped: bool = False, keep: bool = False):  # fmt: skip
    from desktop.core.finetune import FinetuneOutcome

    return FinetuneOutcome(
        written=written, package_dir=package_dir, report_dir=report_dir,
        base_dice=0.412, new_dice=0.903, difference=0.491, interval=(0.45, 0.53),
        p_value=0.0039, keep_base_dice=0.95 if keep else None,
        keep_new_dice=0.948 if keep else None, stopped_early=stopped,
        message="Core's own sentence.", epochs_run=3, best_epoch=2,
    )  # fmt: skip


@dataclass
class FakeRun:
    """Stands in for core's run_finetune. Each epoch waits for `step` (so a test sees the
    window between epochs); `result` is returned, `error` raised; with `until_stopped` it keeps
    going until should_stop() and returns `result` then."""

    reports: list = field(default_factory=list)
    result: object = None
    error: Exception | None = None
    until_stopped: bool = False
    step: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    requests: list = field(default_factory=list)
    stop_seen: threading.Event = field(default_factory=threading.Event)
    notes: list = field(default_factory=list)  # core Status notes, said before the phases

    def __call__(self, request, on_epoch, on_status, should_stop):
        from desktop.core.finetune import status

        self.requests.append(request)
        for note in self.notes:
            on_status(note)
        on_status(status.phase("reading", "reading the images…"))
        on_status(status.phase("scoring_base", "scoring the base model on the held-out images…"))
        for report in self.reports:
            assert self.step.acquire(timeout=20), "the test never let the epoch through"
            on_epoch(report)
            if should_stop():
                self.stop_seen.set()
                return self.result
        while self.until_stopped and not should_stop():
            threading.Event().wait(0.01)
        if self.until_stopped:
            self.stop_seen.set()
        if self.error is not None:
            raise self.error
        return self.result


@pytest.fixture
def fake_run() -> FakeRun:
    return FakeRun()
