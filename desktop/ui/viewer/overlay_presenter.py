"""Keeps the viewer in step with the session: image pixmap, overlay layer, opacity, visibility.

The overlay layer is rebuilt only when what it depicts changes (the shown mask or probability,
the colour, the mode); opacity and visibility are item properties and cost nothing.

With a mask editor, the mask modes show the editor's mask (the mask as corrected), and an edit
rewrites only the rectangle it touched (`OverlayItem.write_block`), never the whole layer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot

from desktop.core.editing import Rect
from desktop.ui.document.session import Session
from desktop.ui.editing.layer_pixels import layer_block
from desktop.ui.editing.mask_editor import MaskEditor
from desktop.ui.editing.overlay_item import argb
from desktop.ui.viewer.image_view import ImageView
from desktop.ui.viewer.overlay_render import HEATMAP, OverlayStyle, heatmap_rgb, layer_region
from desktop.ui.viewer.qimage_bridge import mask_to_qimage, rgb_to_qimage


class OverlayPresenter(QObject):
    def __init__(
        self,
        session: Session,
        view: ImageView,
        parent: QObject | None = None,
        editor: MaskEditor | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._view = view
        self._editor = editor
        self._layer_key: tuple | None = None
        self.renders = 0  # how many layers were built (the tests check it stays low)
        session.image_opened.connect(self._on_session_image_opened)
        session.result_changed.connect(self._on_session_result_changed)
        session.overlay_style_changed.connect(self._on_session_overlay_style_changed)
        self._apply_item_style(session.overlay_style)
        if editor is not None:
            editor.mask_replaced.connect(self._on_editor_mask_replaced)
            editor.region_changed.connect(self._on_editor_region_changed)

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

    @Slot()
    def _on_editor_mask_replaced(self) -> None:
        self._refresh_layer()

    @Slot(object)
    def _on_editor_region_changed(self, rect: Rect) -> None:
        style = self._session.overlay_style
        mask = self._shown_mask()
        if self._layer_key is None or style.mode == HEATMAP or mask is None:
            return
        written, block = layer_block(mask, rect, style, argb(style.color))
        self._view.overlay_item.write_block(written.x, written.y, block)

    def _shown_mask(self):
        if self._editor is not None:
            return self._editor.shown_mask()
        prediction = self._session.prediction
        return None if prediction is None else prediction.mask

    def _apply_item_style(self, style: OverlayStyle) -> None:
        self._view.set_overlay_opacity(style.opacity)
        self._view.set_overlay_visible(style.visible)

    def _refresh_layer(self) -> None:
        prediction = self._session.prediction
        style = self._session.overlay_style
        editable = self._editor.editable if self._editor is not None else None
        # Without a prediction an editor may still hold a mask (one loaded from a file).
        if (prediction is None and editable is None) or (
            prediction is None and style.mode == HEATMAP
        ):
            self._layer_key = None
            self._view.set_overlay(None)
            return
        # The heat-map depends on the probability only; the mask modes on mask, colour and mode.
        threshold = None if prediction is None else prediction.threshold
        depicts = (
            (self._session.result, HEATMAP)
            if style.mode == HEATMAP
            else (self._session.result, threshold, style.color, style.mode, editable)
        )
        if self._layer_key is not None and _same(self._layer_key, depicts):
            return
        self._layer_key = depicts
        if style.mode == HEATMAP:
            layer = rgb_to_qimage(heatmap_rgb(prediction.probability))
        else:
            layer = mask_to_qimage(layer_region(self._shown_mask(), style), style.color)
        self._view.set_overlay(layer)
        self.renders += 1


def _same(a: tuple, b: tuple) -> bool:
    # The result (and the edited mask) is compared by identity (a new one is a new layer).
    return (
        len(a) == len(b)
        and a[0] is b[0]
        and a[1:4] == b[1:4]
        and (len(a) < 5 or a[4] is b[4])
    )
