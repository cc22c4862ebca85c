"""A slider through the frames of a multi-frame file, with "frame 3 / 12"; hidden otherwise.
PgDown / PgUp (File › Next/Previous Image) also page through frames before changing file."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from desktop.ui.document.session import Session


class FrameBar(QWidget):
    frame_requested = Signal(int)  # 0-based frame of the current file

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setTracking(False)  # decode on release, not for every pixel dragged
        self.slider.setPageStep(1)
        self.label = QLabel()
        self.label.setMinimumWidth(self.fontMetrics().horizontalAdvance("frame 0000 / 0000"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel(self.tr("Frames")))
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.slider.sliderMoved.connect(self._on_slider_moved)
        session.image_opened.connect(self._on_session_image_opened)
        self._on_session_image_opened(None)

    def frame_text(self, frame: int, frames: int) -> str:
        return self.tr("frame {0} / {1}").format(frame + 1, frames)

    @Slot(object)
    def _on_session_image_opened(self, _path) -> None:
        source = self._session.source
        multi = source is not None and source.frame is not None
        self.setVisible(multi)
        if not multi:
            return
        self.slider.blockSignals(True)
        self.slider.setRange(0, source.frames - 1)
        self.slider.setValue(source.frame)
        self.slider.blockSignals(False)
        self.label.setText(self.frame_text(source.frame, source.frames))

    @Slot(int)
    def _on_slider_moved(self, value: int) -> None:
        source = self._session.source
        if source is not None:
            self.label.setText(self.frame_text(value, source.frames))

    @Slot(int)
    def _on_slider_value_changed(self, value: int) -> None:
        self.frame_requested.emit(value)
