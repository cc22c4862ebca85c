"""The side panel: groups the pickers and controls; it holds no state of its own."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


def _group(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class ControlPanel(QScrollArea):
    def __init__(
        self,
        model_picker: QWidget,
        device_picker: QWidget,
        segment_button: QToolButton,
        auto_segment_box: QCheckBox,
        overlay_controls: QWidget,
        threshold_controls: QWidget,
        result_panel: QWidget,
        parent: QWidget | None = None,
        source_panel: QWidget | None = None,
        *,
        engine_check: QWidget | None = None,
        extra: Sequence[tuple[str, QWidget]] = (),
    ) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        model_box = QGroupBox(self.tr("Model"))
        model_form = QFormLayout(model_box)
        model_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        model_form.addRow(model_picker)
        model_form.addRow(self.tr("Device"), device_picker)
        segment_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        segment_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        segment_button.setObjectName("segmentButton")
        model_form.addRow(segment_button)
        if engine_check is not None:
            # "Check against exact" belongs to the device, and under the Segment button it is
            # in view at the default window size (under the result it was below the fold).
            model_form.addRow(engine_check)
        model_form.addRow(auto_segment_box)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(model_box)
        layout.addWidget(_group(self.tr("Overlay"), overlay_controls))
        layout.addWidget(_group(self.tr("Threshold"), threshold_controls))
        if source_panel is not None:  # a group of its own, shown for DICOM and grey images
            layout.addWidget(source_panel)
        layout.addWidget(_group(self.tr("Result"), result_panel))
        for title, widget in extra:  # further groups, e.g. mask correction
            layout.addWidget(_group(title, widget))
        layout.addStretch(1)
        self.setWidget(content)
        self._fit_width()
        # Model names and details arrive later (and change on import): keep fitting them.
        content.installEventFilter(self)

    def _fit_width(self) -> None:
        # Wide enough for the content's minimum (no horizontal scrolling), in font units.
        em = self.fontMetrics().horizontalAdvance("M")
        scrollbar = self.verticalScrollBar().sizeHint().width()
        width = max(self.widget().minimumSizeHint().width(), em * 24)
        if self.minimumWidth() != width + scrollbar:
            self.setMinimumWidth(width + scrollbar)
            self.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_width()
        return super().eventFilter(watched, event)

    def needed_height(self) -> int:
        """Height that shows every control without scrolling, with room for the warnings that
        appear later (threshold override, longer model details)."""
        reserve = self.fontMetrics().lineSpacing() * 4
        return self.widget().sizeHint().height() + reserve

    def sizeHint(self):  # noqa: N802 - Qt override
        hint = super().sizeHint()
        hint.setWidth(max(self.minimumWidth(), self.fontMetrics().horizontalAdvance("M") * 28))
        return hint
