"""The model's own mask as an outline over the corrected one, so a correction stays visible.

Drawn in a colour of its own (cyan, never the overlay colour) above the overlay; rebuilt only
when the base mask changes, never while painting.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem

from desktop.ui.editing.mask_editor import MaskEditor
from desktop.ui.viewer.image_view import ImageView
from desktop.ui.viewer.overlay_render import mask_outline, outline_width
from desktop.ui.viewer.qimage_bridge import mask_to_qimage

OUTLINE_COLOR = (0, 229, 255)
OUTLINE_Z = 2


class ModelOutlineLayer(QObject):
    def __init__(self, view: ImageView, editor: MaskEditor, parent: QObject | None = None):
        super().__init__(parent)
        self._editor = editor
        self.item = QGraphicsPixmapItem()
        self.item.setZValue(OUTLINE_Z)
        self.item.hide()
        view.scene().addItem(self.item)
        self.wanted = False
        self._built_for: object | None = None
        editor.mask_replaced.connect(self._on_editor_mask_replaced)

    def set_wanted(self, on: bool) -> None:
        self.wanted = bool(on)
        self._refresh()

    @Slot()
    def _on_editor_mask_replaced(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        editable = self._editor.editable
        if not self.wanted or editable is None:
            self.item.hide()
            return
        if self._built_for is not editable:
            base = editable.base
            outline = mask_outline(base, max(1, outline_width(*base.shape) // 2))
            self.item.setPixmap(QPixmap.fromImage(mask_to_qimage(outline, OUTLINE_COLOR)))
            self._built_for = editable
        self.item.show()
