"""A small live plot of a fine-tune, one point per epoch: the loss on the left (training and
held-out), the held-out Dice on the right (and the original site's, with keep images).

Drawn with QPainter: QtCharts is not part of PySide6-Essentials, and one plot is not worth
matplotlib. The widget only draws what it is given (`add`); it knows nothing of the run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.ui.i18n import numbers

# Colour-blind-safe (Okabe–Ito) and readable on light and dark backgrounds.
BLUE, ORANGE, GREEN = QColor("#0072B2"), QColor("#E69F00"), QColor("#009E73")
NICE_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)  # axis tops: little empty room, round


@dataclass
class Series:
    label: str
    colour: QColor
    values: list[tuple[int, float]] = field(default_factory=list)  # (epoch, value)
    dashed: bool = False


def nice_ceiling(value: float) -> float:
    """The smallest round number (NICE_STEPS × a power of ten) at or above `value`."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in NICE_STEPS if step * power >= value - 1e-12)


class TrainingPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.epochs = 1  # the x axis runs to the planned number of epochs
        self.loss = [Series(self.tr("training"), BLUE), Series(self.tr("held-out"), ORANGE)]
        self.dice = [
            Series(self.tr("held-out"), ORANGE),
            Series(self.tr("original site"), GREEN, dashed=True),
        ]
        self.setAccessibleName(self.tr("Training loss and held-out Dice per epoch"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("M") * 44, metrics.height() * 13)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("M") * 30, metrics.height() * 11)

    def clear(self, epochs: int = 1) -> None:
        self.epochs = max(1, epochs)
        for series in (*self.loss, *self.dice):
            series.values.clear()
        self.update()

    def add(self, report) -> None:
        """One finished epoch (core EpochReport)."""
        self.epochs = max(self.epochs, report.epochs, report.epoch)
        self.loss[0].values.append((report.epoch, float(report.train_loss)))
        self.loss[1].values.append((report.epoch, float(report.holdout_loss)))
        self.dice[0].values.append((report.epoch, float(report.holdout_dice)))
        if report.keep_dice is not None:
            self.dice[1].values.append((report.epoch, float(report.keep_dice)))
        self.setToolTip(
            self.tr("Epoch {0}: training loss {1}, held-out loss {2}, held-out Dice {3}").format(
                report.epoch, numbers.fixed(report.train_loss, 4),
                numbers.fixed(report.holdout_loss, 4), numbers.fixed(report.holdout_dice, 3),
            )
        )  # fmt: skip
        self.update()

    def points(self) -> int:
        return len(self.loss[0].values)

    # -- drawing ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        gap = self.fontMetrics().horizontalAdvance("M")
        half = (self.width() - gap) / 2
        left = QRectF(0, 0, half, self.height())
        right = QRectF(half + gap, 0, half, self.height())
        loss_values = [v for s in self.loss for _, v in s.values]
        top = nice_ceiling(max(loss_values, default=1.0))
        self._panel(painter, left, self.tr("Loss"), self.loss, 0.0, top, None)
        dice_values = [v for s in self.dice for _, v in s.values]
        # Dice is read near its top: show from a little under the lowest value up to 1.
        bottom = max(0.0, min(dice_values, default=0.0) - 0.05)
        bottom = float(int(bottom * 10)) / 10  # a round tick
        self._panel(painter, right, self.tr("Dice"), self.dice, bottom, 1.0, 2)
        painter.end()

    def _panel(self, painter: QPainter, rect: QRectF, title: str, series: list[Series],
               low: float, high: float, decimals: int | None) -> None:  # fmt: skip
        metrics = self.fontMetrics()
        text_colour = self.palette().color(self.foregroundRole())
        line_h = metrics.height()
        gap = metrics.horizontalAdvance("M")
        # Dice reads best with fixed decimals (0.90, 0.95); a loss axis with as few as needed.
        ticks = (low, (low + high) / 2, high)
        if decimals is None:
            labels = [numbers.general(round(value, 3), 4) for value in ticks]
        else:
            labels = [numbers.fixed(value, decimals) for value in ticks]
        axis_w = max(metrics.horizontalAdvance(label) for label in labels) + 4
        plot = QRectF(
            rect.left() + axis_w, rect.top() + line_h * 3,
            rect.width() - axis_w - 4, rect.height() - line_h * 4.4,
        )  # fmt: skip
        painter.setPen(text_colour)
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), line_h),
                         Qt.AlignmentFlag.AlignLeft, title)  # fmt: skip
        # Legend on the line under the title: a short stroke and the name of each series shown.
        x = rect.left()
        for each in series:
            if not each.values and each.dashed:
                continue  # no keep images: no legend entry for a line that never comes
            painter.setPen(self._pen(each))
            y = rect.top() + line_h * 1.5
            painter.drawLine(QPointF(x, y), QPointF(x + gap * 1.5, y))
            painter.setPen(text_colour)
            painter.drawText(QPointF(x + gap * 2, y + metrics.ascent() / 2 - 1), each.label)
            x += gap * 3 + metrics.horizontalAdvance(each.label)
        # Frame, the three y ticks, and the x axis from 1 to the planned epochs.
        grid = QColor(text_colour)
        grid.setAlpha(60)
        span = (high - low) or 1.0
        for label, value in zip(labels, (low, (low + high) / 2, high), strict=True):
            y = plot.bottom() - (value - low) / span * plot.height()
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(rect.left(), y - line_h / 2, axis_w - 4, line_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label,
            )  # fmt: skip
        below = QRectF(plot.left(), plot.bottom() + 2, plot.width(), line_h)
        painter.drawText(below, Qt.AlignmentFlag.AlignHCenter, self.tr("epoch"))
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft, "1")
        painter.drawText(below, Qt.AlignmentFlag.AlignRight, str(self.epochs))

        def point(epoch: int, value: float) -> QPointF:
            fraction = (epoch - 1) / max(1, self.epochs - 1)
            clamped = min(max(value, low), high)
            return QPointF(plot.left() + fraction * plot.width(),
                           plot.bottom() - (clamped - low) / span * plot.height())  # fmt: skip

        for each in series:
            if not each.values:
                continue
            painter.setPen(self._pen(each))
            path = QPainterPath(point(*each.values[0]))
            for epoch, value in each.values[1:]:
                path.lineTo(point(epoch, value))
            painter.drawPath(path)
            painter.setBrush(each.colour)
            for epoch, value in each.values:
                painter.drawEllipse(point(epoch, value), 2.5, 2.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)

    @staticmethod
    def _pen(series: Series) -> QPen:
        pen = QPen(series.colour, 2)
        if series.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen
