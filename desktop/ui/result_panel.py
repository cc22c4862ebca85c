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
        form.addRow("Foreground", self.area)
        form.addRow("Regions", self.regions)
        form.addRow("Threshold", self.threshold)
        form.addRow("Ran on", self.device)
        form.addRow("Time", self.timing)
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
            f"{prediction.foreground_pixels:,} px ({prediction.foreground_fraction * 100:.2f} %)"
        )
        self.regions.setText(f"{prediction.components:,}")
        if prediction.threshold_overridden:
            model = prediction.training_threshold
            self.threshold.setText(f"<b>{prediction.threshold:g}</b> (override; model: {model:g})")
        else:
            self.threshold.setText(f"{prediction.threshold:g} (model)")
        device = result.device.label
        if result.fallback_reason:
            device += f" — fallback: {result.fallback_reason}"
        self.device.setText(device)
        timings = prediction.timings
        self.timing.setText(f"{result.worker_ms:.0f} ms (network {timings.forward_ms:.0f} ms)")
