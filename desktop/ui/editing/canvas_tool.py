"""Mouse input on the image for the correction tools, and the brush cursor.

An event filter on the view's viewport turns mouse events into `MaskEditor` calls in image
coordinates (sub-pixel, so strokes land where the cursor is at any zoom):

- Brush / Eraser: left-drag paints / erases a continuous stroke;
- Shift+left-click (any tool): deletes the region under the cursor; Ctrl+left-click fills the
  holes of that region (or the hole clicked in);
- middle-drag (any tool) pans; with the Pan tool (H) a left-drag pans too, as before.

The cursor circle is a scene item sized in image pixels, so it is the brush's true size at any
zoom; it hides when the pointer leaves the image view or the Pan tool is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Slot
from PySide6.QtGui import QColor, QMouseEvent, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsView

from desktop.ui.editing.mask_editor import PAN, MaskEditor
from desktop.ui.viewer.image_view import ImageView

CURSOR_Z = 10


class BrushCursor:
    """Two concentric circles (dark under light) with 1-pixel cosmetic pens: visible on any
    background, as thin at 800 % as at 10 %."""

    def __init__(self, view: ImageView) -> None:
        self.items = []
        for color, width in ((QColor(0, 0, 0, 200), 3), (QColor(255, 255, 255), 1)):
            item = QGraphicsEllipseItem()
            pen = QPen(color, width)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setZValue(CURSOR_Z)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            item.hide()
            view.scene().addItem(item)
            self.items.append(item)
        self._diameter = 1.0

    def set_diameter(self, diameter: float) -> None:
        self._diameter = float(diameter)
        radius = self._diameter / 2
        for item in self.items:
            item.setRect(QRectF(-radius, -radius, self._diameter, self._diameter))

    def move_to(self, point: QPointF) -> None:
        for item in self.items:
            item.setPos(point)
            item.show()

    def hide(self) -> None:
        for item in self.items:
            item.hide()

    def is_visible(self) -> bool:
        return self.items[0].isVisible()


class CanvasTool(QObject):
    def __init__(self, view: ImageView, editor: MaskEditor, parent: QObject | None = None):
        super().__init__(parent)
        self._view = view
        self._editor = editor
        self._pan_from: QPointF | None = None
        self.cursor = BrushCursor(view)
        self.cursor.set_diameter(editor.size)
        view.viewport().setMouseTracking(True)
        view.viewport().installEventFilter(self)
        editor.tool_changed.connect(self._on_editor_tool_changed)
        editor.size_changed.connect(self._on_editor_size_changed)
        self._on_editor_tool_changed(editor.tool)

    # -- editor -----------------------------------------------------------------------------
    @Slot(str)
    def _on_editor_tool_changed(self, tool: str) -> None:
        painting = tool != PAN
        self._view.setDragMode(
            QGraphicsView.DragMode.NoDrag if painting else QGraphicsView.DragMode.ScrollHandDrag
        )
        viewport = self._view.viewport()
        if painting:
            viewport.setCursor(Qt.CursorShape.CrossCursor)
        else:
            viewport.unsetCursor()
            self.cursor.hide()

    @Slot(int)
    def _on_editor_size_changed(self, size: int) -> None:
        self.cursor.set_diameter(size)

    # -- events -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            return self._press(event)
        if kind == QEvent.Type.MouseMove:
            return self._move(event)
        if kind == QEvent.Type.MouseButtonRelease:
            return self._release(event)
        if kind == QEvent.Type.Leave:
            self.cursor.hide()
        return False

    def _image_point(self, event: QMouseEvent) -> QPointF:
        return self._view.image_point(event.position())

    def _press(self, event: QMouseEvent) -> bool:
        if not self._view.has_image():
            return False
        button = event.button()
        if button == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self._view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return True
        if button != Qt.MouseButton.LeftButton:
            return False
        point = self._image_point(event)
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._editor.delete_region(point.x(), point.y())
            return True
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._editor.fill_holes(point.x(), point.y())
            return True
        if self._editor.tool == PAN:
            return False  # the view's hand drag
        self._editor.begin_stroke(point.x(), point.y())
        return True

    def _move(self, event: QMouseEvent) -> bool:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            for bar, step in (
                (self._view.horizontalScrollBar(), delta.x()),
                (self._view.verticalScrollBar(), delta.y()),
            ):
                bar.setValue(bar.value() - round(step))
            return True
        if self._editor.tool == PAN or not self._view.has_image():
            return False
        point = self._image_point(event)
        self.cursor.move_to(point)
        if self._editor.stroking:
            self._editor.continue_stroke(point.x(), point.y())
            return True
        return False

    def _release(self, event: QMouseEvent) -> bool:
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self._on_editor_tool_changed(self._editor.tool)  # restore the tool's cursor
            return True
        if event.button() == Qt.MouseButton.LeftButton and self._editor.stroking:
            self._editor.end_stroke()
            return True
        return False
