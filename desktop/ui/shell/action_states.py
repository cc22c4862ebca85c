"""Which window commands are enabled and checked, kept in step with what the window shows: an
image, a result, a review, a running batch, the worker's activity, the overlay style."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QCheckBox, QWidget

from desktop.ui.batch.controller import BatchController
from desktop.ui.document.controller import DocumentController
from desktop.ui.document.session import Session
from desktop.ui.models.controller import ModelController
from desktop.ui.review.review_controller import ReviewController
from desktop.ui.shell.actions import WindowActions
from desktop.ui.viewer.overlay_render import OverlayStyle
from desktop.ui.worker import tasks


class ActionStates(QObject):
    def __init__(
        self,
        commands: WindowActions,
        session: Session,
        document: DocumentController,
        review: ReviewController,
        batch: BatchController,
        models: ModelController,
        model_controls: tuple[QWidget, QWidget],  # the model picker and the device picker
        auto_segment_box: QCheckBox,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._commands = commands
        self._session = session
        self._document = document
        self._review = review
        self._batch = batch
        self._models = models
        self._model_picker, self._device_picker = model_controls
        self._auto_segment_box = auto_segment_box

    @Slot()
    def update_enabled(self) -> None:
        commands = self._commands
        has_image = self._session.image is not None
        has_result = self._session.prediction is not None
        batch_idle = not self._batch.running
        commands.segment.setEnabled(has_image and batch_idle)
        commands.export.setEnabled(has_result)
        commands.copy_overlay.setEnabled(has_result)
        reviewing = self._review.active
        commands.previous_image.setEnabled(has_image or reviewing)
        commands.next_image.setEnabled(has_image or reviewing)
        commands.accept_review.setEnabled(reviewing)
        commands.end_review.setEnabled(reviewing)
        commands.review_folder.setEnabled(batch_idle)
        for control in (
            self._model_picker,
            self._device_picker,
            commands.import_model,
            commands.remove_model,
            commands.self_test,
        ):
            control.setEnabled(batch_idle)  # the worker is busy with the batch
        if batch_idle:
            self._device_picker.setEnabled(bool(self._models.devices))

    @Slot()
    def show_auto_segment(self) -> None:
        on = self._document.auto_segment
        for control in (self._auto_segment_box, self._commands.auto_segment):
            control.blockSignals(True)
            control.setChecked(on)
            control.blockSignals(False)

    @Slot(object)
    def show_overlay_style(self, style: OverlayStyle) -> None:
        self._commands.show_overlay.blockSignals(True)
        self._commands.show_overlay.setChecked(style.visible)
        self._commands.show_overlay.blockSignals(False)
        self._commands.modes[style.mode].setChecked(True)

    @Slot(object)
    def show_activity(self, busy: frozenset) -> None:
        self._commands.cancel.setEnabled(tasks.SEGMENT in busy)
