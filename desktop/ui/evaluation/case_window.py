"""One evaluated image up close: the ground truth (green outline) and, per model, the prediction
coloured by what it got right and wrong — TP (correct), FP (extra), FN (missed).

One synced pane per model, so two models can be compared on the same region. The predictions
are recomputed on the evaluation worker (the run does not keep masks); they are the same masks
the run scored, because the same package runs the same pipeline.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from desktop.core.evaluation.compare import confusion_map
from desktop.core.evaluation.drawing import FN_COLOUR, FP_COLOUR, GT_OUTLINE_COLOUR, TP_COLOUR
from desktop.core.evaluation.metrics import overlap
from desktop.ui.evaluation.jobs import CaseResult
from desktop.ui.evaluation.synced_views import (
    SyncedImageView,
    ViewSync,
    add_close_shortcuts,
    add_zoom_shortcuts,
)
from desktop.ui.i18n import numbers
from desktop.ui.viewer.overlay_render import mask_outline, outline_width
from desktop.ui.viewer.qimage_bridge import labels_to_qimage, mask_to_qimage, rgb_to_qimage

# The HTML report's gallery and this view draw with the same colours (core.evaluation.drawing).
TP_COLOR = TP_COLOUR  # correct: yellow
FP_COLOR = FP_COLOUR  # extra: magenta
FN_COLOR = FN_COLOUR  # missed: blue
GT_COLOR = GT_OUTLINE_COLOUR  # ground-truth outline: green
DEFAULT_OPACITY = 0.5


def confusion_palette() -> list[tuple[int, int, int, int]]:
    """Colours of core.evaluation.compare.confusion_map's codes (TN transparent)."""
    return [(0, 0, 0, 0), (*TP_COLOR, 255), (*FP_COLOR, 255), (*FN_COLOR, 255)]


def _swatch(color: tuple[int, int, int], outline_only: bool = False) -> QLabel:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent if outline_only else QColor(*color))
    painter = QPainter(pixmap)
    painter.setPen(QColor(*color) if outline_only else QColor(90, 90, 90))
    painter.drawRect(0, 0, 11, 11)
    if outline_only:
        painter.drawRect(1, 1, 9, 9)
    painter.end()
    label = QLabel()
    label.setPixmap(pixmap)
    return label


class CaseWindow(QWidget):
    closed = Signal()

    def __init__(self, case: CaseResult, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.case = case
        self.setWindowTitle(self.tr("Ground truth vs prediction — {0}").format(case.file))
        image = rgb_to_qimage(case.image)
        truth = case.truth
        outline = mask_to_qimage(truth_outline(truth), GT_COLOR)
        self.views: list[SyncedImageView] = []
        self.titles: list[QLabel] = []
        panes = QHBoxLayout()
        for package, prediction in case.predictions:
            counts = overlap(prediction.mask, truth)
            title = QLabel(
                self.tr("{0} — Dice {1} · TP {2} · FP {3} · FN {4} px").format(
                    package.name, numbers.fixed(counts.dice, 4), numbers.integer(counts.tp),
                    numbers.integer(counts.fp), numbers.integer(counts.fn),
                )  # fmt: skip
            )
            title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            view = SyncedImageView()
            view.set_image(image)
            view.set_overlay(labels_to_qimage(confusion_map(truth, prediction.mask),
                                              confusion_palette()))  # fmt: skip
            view.set_outline(outline)
            view.set_overlay_opacity(DEFAULT_OPACITY)
            pane = QVBoxLayout()
            pane.addWidget(title)
            pane.addWidget(view, 1)
            panes.addLayout(pane, 1)
            self.views.append(view)
            self.titles.append(title)
        self.sync = ViewSync(self.views, self)
        if self.views:
            add_zoom_shortcuts(self, self.views[0])
        add_close_shortcuts(self)

        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(round(DEFAULT_OPACITY * 100))
        self.opacity_slider.setMaximumWidth(160)
        self.opacity_slider.setToolTip(self.tr("Opacity of the TP / FP / FN colours"))
        legend = QHBoxLayout()
        for color, text, outline_only in (
            (GT_COLOR, self.tr("ground truth (outline)"), True),
            (TP_COLOR, self.tr("TP: found, correct"), False),
            (FP_COLOR, self.tr("FP: found, not in the ground truth"), False),
            (FN_COLOR, self.tr("FN: missed"), False),
        ):
            legend.addWidget(_swatch(color, outline_only))
            legend.addWidget(QLabel(text))
            legend.addSpacing(10)
        legend.addStretch(1)
        legend.addWidget(QLabel(self.tr("Opacity")))
        legend.addWidget(self.opacity_slider)

        layout = QVBoxLayout(self)
        layout.addLayout(panes, 1)
        layout.addLayout(legend)
        self.opacity_slider.valueChanged.connect(self._on_opacity_slider_changed)
        metrics = self.fontMetrics()
        width = 60 + 45 * max(1, len(self.views))
        self.resize(metrics.horizontalAdvance("M") * width, metrics.height() * 40)

    @Slot(int)
    def _on_opacity_slider_changed(self, value: int) -> None:
        for view in self.views:
            view.set_overlay_opacity(value / 100)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.closed.emit()
        super().closeEvent(event)


def truth_outline(truth: np.ndarray) -> np.ndarray:
    """The ground-truth outline as drawn (bool), for tests and exports."""
    return mask_outline(truth, outline_width(*truth.shape))
