"""Fitting a table's columns into its width: each column as wide as its contents while they fit;
when they do not, the wide ones give way in proportion (text shortened in the middle, the whole
text in the tooltip), so that the last column always starts inside the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView


def shared_widths(
    natural: list[int], floors: list[int], available: int, last_minimum: int
) -> list[int]:
    """Widths for columns whose contents want `natural`, in `available` pixels: unchanged when
    they fit; otherwise every column but the last gives up the same share of what it has above
    its floor, so that the last keeps `last_minimum` (less if its contents need less)."""
    if not natural or sum(natural) <= available:
        return list(natural)
    *others, last = natural
    lows = [min(width, floor) for width, floor in zip(others, floors, strict=False)]
    budget = available - min(last, last_minimum) - sum(lows)
    excess = sum(width - low for width, low in zip(others, lows, strict=True))
    share = max(0.0, min(1.0, budget / excess)) if excess else 1.0
    fitted = [low + int((width - low) * share) for width, low in zip(others, lows, strict=True)]
    return fitted + [max(available - sum(fitted), min(last, last_minimum))]


class ColumnFitter(QObject):
    """Keeps `table`'s columns fitted as its viewport changes width (call `refit` after the
    contents change). The user can still drag a column wider; the next resize refits."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._natural: list[int] = []
        self._cells: list[int] = []
        self._measured_shown = False
        self._width = -1
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.setWordWrap(False)  # one line per cell, shortened in the middle, never wrapped
        table.viewport().installEventFilter(self)
        self.refit()

    def refit(self) -> None:
        self._table.resizeColumnsToContents()
        header = self._table.horizontalHeader()
        columns = range(header.count())
        self._natural = [header.sectionSize(column) for column in columns]
        # What the cells need, without the header: headers (long model names) give way first.
        self._cells = [self._table.sizeHintForColumn(column) for column in columns]
        self._width = -1
        self._apply()

    def _apply(self) -> None:
        available = self._table.viewport().width()
        if available == self._width or not self._natural:
            return
        self._width = available
        em = self._table.fontMetrics().horizontalAdvance("M")
        last_minimum = em * 14
        widths = shared_widths(self._natural, self._cells, available, last_minimum)
        if sum(widths[:-1]) + min(self._natural[-1], last_minimum) > available:
            # Even the cells do not fit: the widest (file names) give way, down to 5 em.
            floors = [em * 5] * len(widths)
            widths = shared_widths(widths, floors, available, last_minimum)
        header = self._table.horizontalHeader()
        for column, width in enumerate(widths[:-1]):
            header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            if not self._measured_shown and self._table.isVisible():
                self._measured_shown = True  # styled fonts and margins apply once shown
                self.refit()
            self._apply()
        return super().eventFilter(watched, event)
