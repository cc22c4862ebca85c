"""Status bar: busy indicator with Cancel, the device that actually ran, and the zoom."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from desktop.ui.document.session import Session
from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import device_label, translate_core_text
from desktop.ui.models.controller import ModelController
from desktop.ui.worker import tasks
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import LoadedModel

ACTIVITY_TEXT = {  # English source texts, translated when shown
    tasks.BATCH: QT_TRANSLATE_NOOP("StatusBar", "Batch running…"),
    tasks.SEGMENT: QT_TRANSLATE_NOOP("StatusBar", "Segmenting…"),
    tasks.LOAD: QT_TRANSLATE_NOOP("StatusBar", "Loading model…"),
    tasks.VERIFY: QT_TRANSLATE_NOOP("StatusBar", "Running self-test…"),
    tasks.IMPORT: QT_TRANSLATE_NOOP("StatusBar", "Importing model…"),
    tasks.EXPORT: QT_TRANSLATE_NOOP("StatusBar", "Exporting…"),
    tasks.DEVICES: QT_TRANSLATE_NOOP("StatusBar", "Detecting devices…"),
}
CANCELLABLE = frozenset({tasks.SEGMENT})


class StatusBar(QStatusBar):
    cancel_requested = Signal()

    def __init__(
        self,
        session: Session,
        models: ModelController,
        client: WorkerClient,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._models = models
        self._loaded: LoadedModel | None = None
        self.activity = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 8)
        self.cancel_button = QToolButton()
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop waiting for this segmentation (Esc)"))
        self.device = QLabel(self.tr("No model loaded"))
        self.zoom = QLabel()
        self.position = QLabel()  # "k / n": the shown image's place in its folder
        self.addWidget(self.busy)
        self.addWidget(self.activity)
        self.addWidget(self.cancel_button)
        self.addPermanentWidget(self.device)
        self.addPermanentWidget(self.position)
        self.addPermanentWidget(self.zoom)
        self.cancel_button.clicked.connect(self.cancel_requested)
        session.result_changed.connect(self._on_session_result_changed)
        models.model_loaded.connect(self._on_models_model_loaded)
        client.activity_changed.connect(self._on_client_activity_changed)
        self._on_client_activity_changed(frozenset())

    @Slot(object)
    def _on_client_activity_changed(self, busy: frozenset) -> None:
        shown = [
            QCoreApplication.translate("StatusBar", ACTIVITY_TEXT[task])
            for task in ACTIVITY_TEXT
            if task in busy
        ]
        self.activity.setText("  ".join(shown))
        self.busy.setVisible(bool(shown))
        self.activity.setVisible(bool(shown))
        self.cancel_button.setVisible(bool(busy & CANCELLABLE))

    @Slot(object)
    def _on_models_model_loaded(self, loaded: LoadedModel) -> None:
        self._loaded = loaded
        self._show_device()

    @Slot()
    def _on_session_result_changed(self) -> None:
        self._show_device()

    def _show_device(self) -> None:
        result = self._session.result
        device = None
        if result is not None:
            device = result.device
            text = self.tr("Ran on {0}").format(device_label(result.device.label))
            reason = result.fallback_reason
        elif self._loaded is not None:
            device = self._loaded.device
            text = self.tr("{model} on {device}").format(
                model=self._loaded.package.name, device=device_label(self._loaded.device.label)
            )
            reason = self._loaded.fallback_reason
        else:
            text, reason = self.tr("No model loaded"), None
        if device is not None and self._models.remembered_approximate(device):
            text = self.tr("{text}, remembered from your last session").format(text=text)
        if reason:
            text = self.tr("{text} (fallback: {reason})").format(
                text=text, reason=translate_core_text(reason)
            )
        self.device.setText(text)

    @Slot(int, int)
    def show_position(self, index: int, total: int) -> None:
        self.position.setText(self.tr("{0} / {1}").format(index, total) if index else "")
        self.position.setToolTip(
            self.tr("Image {0} of {1} in this folder (PgUp / PgDown)").format(index, total)
        )

    @Slot(float)
    def show_zoom(self, zoom: float) -> None:
        self.zoom.setText(self.tr("Zoom {0} %").format(numbers.fixed(zoom * 100, 0)))
