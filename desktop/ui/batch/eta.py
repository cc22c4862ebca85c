"""Remaining-time estimate for a batch. Plain Python; Qt only translates the units."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


class EtaEstimator:
    """Estimates the time left from the average time per finished item.

    Items skipped as already done take no time, so they are left out of the average.
    """

    def __init__(self, total: int, start: float) -> None:
        self.total = total
        self._start = start
        self._timed = 0
        self._skipped = 0

    def record(self, skipped: bool) -> None:
        if skipped:
            self._skipped += 1
        else:
            self._timed += 1

    def remaining_seconds(self, now: float) -> float | None:
        left = self.total - self._timed - self._skipped
        if self._timed == 0 or left <= 0:
            return None if left > 0 else 0.0
        return (now - self._start) / self._timed * left


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return QCoreApplication.translate("Duration", "estimating…")
    seconds = int(round(seconds))
    if seconds < 60:
        return QCoreApplication.translate("Duration", "{0} s").format(seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return QCoreApplication.translate("Duration", "{0} min {1} s").format(
            minutes, f"{seconds:02d}"
        )
    hours, minutes = divmod(minutes, 60)
    return QCoreApplication.translate("Duration", "{0} h {1} min").format(hours, f"{minutes:02d}")
