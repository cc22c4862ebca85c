""""Check against exact": after a segmentation by an approximate engine (CPU bf16, a GPU), run
the exact engine on the shown image, say how many mask pixels differ (ppm, at model resolution)
and show them over the image in magenta.

The panel sits under the Segment button (shown only after an approximate engine); the
differences are a layer of their own above the mask, and both are cleared when the image, the
result or the threshold changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QImage, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.document.session import Session
from desktop.ui.exact_check.difference_layer import difference_rgba
from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import device_label
from desktop.ui.viewer.image_view import ImageView
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import ExactCheck


def _rgba_to_qimage(rgba) -> QImage:
    height, width = rgba.shape[:2]
    image = QImage(rgba.data, width, height, 4 * width, QImage.Format.Format_RGBA8888)
    return image.copy()  # own the pixels: the numpy array may go away


class ExactCheckPanel(QWidget):
    """The button and the answer; visible only for a result from an approximate engine."""

    def __init__(
        self,
        session: Session,
        client: WorkerClient,
        view: ImageView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._client = client
        self.check: ExactCheck | None = None
        self._action: QAction | None = None
        self.button = QPushButton(self.tr("Check against exact"))
        self.button.setToolTip(
            self.tr(
                "Run the exact engine (torch, CPU, fp32) on this image and show where its mask "
                "differs from the one shown."
            )
        )
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.answer)
        self.layer = QGraphicsPixmapItem()
        self.layer.setZValue(2)  # above the mask overlay (1)
        view.scene().addItem(self.layer)
        self.button.clicked.connect(self._on_button_clicked)
        session.result_changed.connect(self._on_session_result_changed)
        client.exact_checked.connect(self._on_client_exact_checked)
        client.failed.connect(self._on_client_failed)
        self._on_session_result_changed()

    def bind_action(self, action: QAction) -> None:
        """The menu's command runs the check too, and is enabled exactly when the button is."""
        self._action = action
        action.triggered.connect(self.button.click)  # click() does nothing while disabled
        action.setEnabled(self.button.isEnabled())

    def _set_enabled(self, enabled: bool) -> None:
        self.button.setEnabled(enabled)
        if self._action is not None:
            self._action.setEnabled(enabled)

    @Slot()
    def _on_session_result_changed(self) -> None:
        result = self._session.result
        self.check = None
        self._session.exact_disagreement_ppm = None
        self.layer.setPixmap(QPixmap())
        self.answer.clear()
        approximate = result is not None and not result.device.exact
        self.setVisible(approximate)
        self._set_enabled(approximate)
        if approximate:
            self.answer.setText(
                self.tr("Segmented by %1: the mask may differ slightly from the exact engine's.")
                .replace("%1", device_label(result.device.label))
            )

    @Slot()
    def _on_button_clicked(self) -> None:
        result, prediction = self._session.result, self._session.prediction
        if result is None or prediction is None or self._session.image is None:
            return
        self._set_enabled(False)
        self.answer.setText(self.tr("Running the exact engine on this image…"))
        self._client.check_exact(result, self._session.image, prediction)

    @Slot(object)
    def _on_client_exact_checked(self, check: ExactCheck) -> None:
        prediction = self._session.prediction
        if (
            check.result is not self._session.result
            or prediction is None
            or check.threshold != prediction.threshold
        ):
            return  # the image or threshold changed while the check ran: it no longer applies
        self.check = check
        self._session.exact_disagreement_ppm = check.ppm
        self._set_enabled(True)
        if check.differing_pixels == 0:
            text = self.tr(
                "The exact engine gives the same mask: 0 of %1 pixels differ (0 ppm)."
            ).replace("%1", numbers.integer(check.model_pixels))
        else:
            text = (
                self.tr(
                    "The exact engine differs on %1 of %2 mask pixels (%3 ppm, at model "
                    "resolution). They are ringed in magenta."
                )
                .replace("%1", numbers.integer(check.differing_pixels))
                .replace("%2", numbers.integer(check.model_pixels))
                .replace("%3", numbers.fixed(check.ppm, 1))
            )
        self.answer.setText(text)
        layer = difference_rgba(check.differing, prediction.image_size)
        self.layer.setPixmap(QPixmap.fromImage(_rgba_to_qimage(layer)))

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        from desktop.ui.worker.tasks import EXACT_CHECK

        if task == EXACT_CHECK:
            self._set_enabled(self._session.result is not None)
            text = self.tr("The exact engine could not run: %1").replace("%1", message)
            self.answer.setText(text)
