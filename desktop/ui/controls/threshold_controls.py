"""Threshold controls: the model's own threshold, and an optional override bound to the session.

Moving the override re-cuts the cached probabilities (`Prediction.with_threshold`): instant,
no re-inference. An active override is shown plainly and recorded in every export.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.document.session import Session
from desktop.ui.i18n import numbers
from desktop.ui.models.controller import ModelController
from desktop.ui.widgets.warning_label import warning_label
from desktop.ui.worker.jobs import LoadedModel

STEPS = 1000  # slider resolution: 0.001


class ThresholdControls(QWidget):
    def __init__(self, session: Session, models: ModelController, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._training: float | None = None
        self.training_label = QLabel(self.tr("Model threshold: —"))
        self.training_label.setWordWrap(True)
        self.override_box = QCheckBox(self.tr("Override"))
        self.override_box.setToolTip(
            self.tr("Cut the probabilities at another threshold (no re-inference)")
        )
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(1, STEPS - 1)
        self.slider.setPageStep(STEPS // 20)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(0.001, 0.999)
        self.spin.setDecimals(3)
        self.spin.setSingleStep(0.01)
        # Typed digits apply on Enter or focus-out: typing 0.65 must not re-cut (and ask about
        # corrections) at 0, 0.6 and 0.65 on the way. The arrows still apply at once.
        self.spin.setKeyboardTracking(False)
        # Slider drags are coalesced: only the latest position is applied once the event queue
        # is idle, so re-thresholding a large image never lags behind the handle.
        self._pending: float | None = None
        self._apply_timer = QTimer(self)
        self._apply_timer.setSingleShot(True)
        self._apply_timer.setInterval(0)
        self._apply_timer.timeout.connect(self._on_apply_timer_timeout)
        self.notice = warning_label()

        row = QHBoxLayout()
        row.addWidget(self.override_box)
        row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.training_label)
        layout.addLayout(row)
        layout.addWidget(self.notice)

        self.override_box.toggled.connect(self._on_override_box_toggled)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.spin.valueChanged.connect(self._on_spin_value_changed)
        session.threshold_override_changed.connect(self._on_session_threshold_override_changed)
        models.model_loaded.connect(self._on_models_model_loaded)
        self._show(session.threshold_override)

    @Slot(object)
    def _on_models_model_loaded(self, loaded: LoadedModel) -> None:
        self._training = loaded.package.threshold
        self.training_label.setToolTip(
            self.tr("The mask is probability > threshold, as in training.")
        )
        self.training_label.setText(
            self.tr("Model threshold: <b>{0}</b> (from training)").format(
                numbers.general(self._training)
            )
        )
        self._show(self._session.threshold_override)

    def _show(self, override: float | None) -> None:
        value = override if override is not None else (self._training or 0.5)
        for widget in (self.override_box, self.slider, self.spin):
            widget.blockSignals(True)
        self.override_box.setChecked(override is not None)
        self.slider.setValue(round(value * STEPS))
        self.spin.setValue(value)
        for widget in (self.override_box, self.slider, self.spin):
            widget.blockSignals(False)
        self.slider.setEnabled(override is not None)
        self.spin.setEnabled(override is not None)
        differs = override is not None and override != self._training
        self.notice.setVisible(differs)
        if differs:
            if self._training is not None:
                text = self.tr(
                    "Threshold overridden: {0} instead of {1}. Recorded in every export."
                )
                text = text.format(numbers.general(override), numbers.general(self._training))
            else:
                text = self.tr(
                    "Threshold overridden: {0} instead of the model's. Recorded in every export."
                ).format(numbers.general(override))
            self.notice.setText(text)

    @Slot(object)
    def _on_session_threshold_override_changed(self, override: float | None) -> None:
        self._show(override)

    @Slot(bool)
    def _on_override_box_toggled(self, checked: bool) -> None:
        self._session.set_threshold_override(self.spin.value() if checked else None)

    @Slot(int)
    def _on_slider_value_changed(self, value: int) -> None:
        self._pending = value / STEPS
        self.spin.blockSignals(True)
        self.spin.setValue(self._pending)
        self.spin.blockSignals(False)
        self._apply_timer.start()

    @Slot()
    def _on_apply_timer_timeout(self) -> None:
        if self._pending is not None and self.override_box.isChecked():
            self._session.set_threshold_override(self._pending)
        self._pending = None

    @Slot(float)
    def _on_spin_value_changed(self, value: float) -> None:
        self._session.set_threshold_override(value)
