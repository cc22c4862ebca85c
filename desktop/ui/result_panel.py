"""What the segmentation found: foreground area, regions, threshold, device and timing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

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
                pixels=f"{prediction.foreground_pixels:,}",
                percent=f"{prediction.foreground_fraction * 100:.2f}",
            )
        )
        self.regions.setText(f"{prediction.components:,}")
        if prediction.threshold_overridden:
            model = prediction.training_threshold
            self.threshold.setText(
                self.tr("<b>{value}</b> (override; model: {model})").format(
                    value=f"{prediction.threshold:g}", model=f"{model:g}"
                )
            )
        else:
            self.threshold.setText(self.tr("{0} (model)").format(f"{prediction.threshold:g}"))
        device = result.device.label
        if result.fallback_reason:
            device = self.tr("{device} — fallback: {reason}").format(
                device=device, reason=result.fallback_reason
            )
        self.device.setText(device)
        timings = prediction.timings
        self.timing.setText(
            self.tr("{total} ms (network {network} ms)").format(
                total=f"{result.worker_ms:.0f}", network=f"{timings.forward_ms:.0f}"
            )
        )
