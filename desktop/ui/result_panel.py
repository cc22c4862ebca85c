"""What the segmentation found: foreground area, regions, threshold, device and timing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import device_label, translate_core_text
from desktop.ui.session import Session


class ResultPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.model = QLabel()  # the model that made the shown result, never the chosen one
        self.area = QLabel()
        self.regions = QLabel()
        self.threshold = QLabel()
        self.device = QLabel()
        self.timing = QLabel()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Foreground"), self.area)
        form.addRow(self.tr("Regions"), self.regions)
        form.addRow(self.tr("Threshold"), self.threshold)
        form.addRow(self.tr("Ran on"), self.device)
        form.addRow(self.tr("Time"), self.timing)
        for label in (
            self.model, self.area, self.regions, self.threshold, self.device, self.timing
        ):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        session.result_changed.connect(self._on_session_result_changed)
        self._on_session_result_changed()

    @Slot()
    def _on_session_result_changed(self) -> None:
        prediction = self._session.prediction
        result = self._session.result
        if prediction is None or result is None:
            for label in (
                self.model, self.area, self.regions, self.threshold, self.device, self.timing
            ):
                label.setText("—")
            return
        self.model.setText(result.package.name)
        self.area.setText(
            self.tr("{pixels} px ({percent} %)").format(
                pixels=numbers.integer(prediction.foreground_pixels),
                percent=numbers.percent(prediction.foreground_fraction, 2),
            )
        )
        self.regions.setText(numbers.integer(prediction.components))
        if prediction.threshold_overridden:
            model = prediction.training_threshold
            self.threshold.setText(
                self.tr("<b>{value}</b> (override; model: {model})").format(
                    value=numbers.general(prediction.threshold), model=numbers.general(model)
                )
            )
        else:
            self.threshold.setText(
                self.tr("{0} (model)").format(numbers.general(prediction.threshold))
            )
        device = device_label(result.device.label)
        if result.fallback_reason:
            device = self.tr("{device} — fallback: {reason}").format(
                device=device, reason=translate_core_text(result.fallback_reason)
            )
        self.device.setText(device)
        timings = prediction.timings
        self.timing.setText(
            self.tr("{total} ms (network {network} ms)").format(
                total=numbers.fixed(result.worker_ms, 0),
                network=numbers.fixed(timings.forward_ms, 0),
            )
        )
