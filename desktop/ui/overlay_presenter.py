"""Keeps the viewer in step with the session: image pixmap, overlay layer, opacity, visibility.

The overlay layer is rebuilt only when what it depicts changes (the shown mask or probability,
the colour, the mode); opacity and visibility are item properties and cost nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot

from desktop.ui.image_view import ImageView
from desktop.ui.overlay_render import HEATMAP, OverlayStyle, heatmap_rgb, layer_region
from desktop.ui.qimage_bridge import mask_to_qimage, rgb_to_qimage
from desktop.ui.session import Session


class OverlayPresenter(QObject):
    def __init__(self, session: Session, view: ImageView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._view = view
        self._layer_key: tuple | None = None
        self.renders = 0  # how many layers were built (the tests check it stays low)
        session.image_opened.connect(self._on_session_image_opened)
        session.result_changed.connect(self._on_session_result_changed)
        session.overlay_style_changed.connect(self._on_session_overlay_style_changed)
        self._apply_item_style(session.overlay_style)

    @Slot(object)
    def _on_session_image_opened(self, _path: Path) -> None:
        self._layer_key = None
        self._view.set_image(rgb_to_qimage(self._session.image))

    @Slot()
    def _on_session_result_changed(self) -> None:
        self._refresh_layer()

    @Slot(object)
    def _on_session_overlay_style_changed(self, style: OverlayStyle) -> None:
        self._apply_item_style(style)
        self._refresh_layer()

    def _apply_item_style(self, style: OverlayStyle) -> None:
        self._view.set_overlay_opacity(style.opacity)
        self._view.set_overlay_visible(style.visible)

    def _refresh_layer(self) -> None:
        prediction = self._session.prediction
        style = self._session.overlay_style
        if prediction is None:
            self._layer_key = None
            self._view.set_overlay(None)
            return
        # The heat-map depends on the probability only; the mask modes on mask, colour and mode.
        depicts = (
            (self._session.result, HEATMAP)
            if style.mode == HEATMAP
            else (self._session.result, prediction.threshold, style.color, style.mode)
        )
        if self._layer_key is not None and _same(self._layer_key, depicts):
            return
        self._layer_key = depicts
        if style.mode == HEATMAP:
            layer = rgb_to_qimage(heatmap_rgb(prediction.probability))
        else:
            layer = mask_to_qimage(layer_region(prediction.mask, style), style.color)
        self._view.set_overlay(layer)
        self.renders += 1


def _same(a: tuple, b: tuple) -> bool:
    # The result is compared by identity (a new result is a new layer, even if equal).
    return len(a) == len(b) and a[0] is b[0] and a[1:] == b[1:]
