"""The image viewer: one pixmap item for the image, one for the overlay, zoom and pan.

Wheel zooms about the cursor, dragging pans, `fit` follows the window size until the user
zooms. "100 %" means one image pixel per physical screen pixel, also on a 200 % display.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QPainter,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from desktop.ui.editing.overlay_item import OverlayItem

MIN_ZOOM = 0.01
MAX_ZOOM = 64.0
WHEEL_STEP = 1.0015  # per eighth of a degree: one wheel notch (120) zooms by about 20 %
BUTTON_STEP = 1.25
PIXEL_ZOOM = 3.0  # from here on pixels are drawn as sharp squares


class ImageView(QGraphicsView):
    zoom_changed = Signal(float)  # 1.0 = 100 % (one image pixel per physical pixel)
    files_dropped = Signal(list)  # local file paths (str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self._image_item = QGraphicsPixmapItem()
        self._overlay_item = OverlayItem()  # writable in place: edits repaint only what changed
        self._overlay_item.setZValue(1)
        self._placeholder = QGraphicsSimpleTextItem(
            self.tr(
                "Open an image (Ctrl+O) or drop one here.\n"
                "No image at hand? Try File › Open Sample for example frames."
            )
        )
        self._placeholder.setFlag(
            QGraphicsSimpleTextItem.GraphicsItemFlag.ItemIgnoresTransformations
        )
        self._placeholder.setBrush(QColor(170, 174, 180))
        for item in (self._image_item, self._overlay_item, self._placeholder):
            self.scene().addItem(item)
        self._fit_mode = True
        self._has_image = False

        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QColor(38, 40, 44))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._show_placeholder()

    # -- content ----------------------------------------------------------------------------
    @property
    def placeholder_text(self) -> str:
        return self._placeholder.text()

    @property
    def overlay_item(self) -> OverlayItem:
        return self._overlay_item

    @property
    def image_item(self) -> QGraphicsPixmapItem:
        return self._image_item

    def has_image(self) -> bool:
        return self._has_image

    def set_image(self, image: QImage) -> None:
        """Show a new image, fitted; the previous overlay is removed."""
        self._image_item.setPixmap(QPixmap.fromImage(image))
        self._overlay_item.set_image(None)
        self._has_image = True
        self._placeholder.hide()
        self.setSceneRect(QRectF(0, 0, image.width(), image.height()))
        self.fit()

    def set_overlay(self, image: QImage | None) -> None:
        self._overlay_item.set_image(image)

    def set_overlay_opacity(self, opacity: float) -> None:
        self._overlay_item.setOpacity(opacity)

    def set_overlay_visible(self, visible: bool) -> None:
        self._overlay_item.setVisible(visible)

    def image_point(self, viewport_pos: QPointF) -> QPointF:
        """Image coordinates (pixel (r, c) covers [c, c+1) × [r, r+1)) of a viewport position,
        with sub-pixel precision."""
        inverse, _ = self.viewportTransform().inverted()
        return inverse.map(QPointF(viewport_pos))

    def center_on(self, x: float, y: float) -> None:
        """Scroll so that image point (x, y) is in the middle of the view (zoom unchanged)."""
        if self._has_image:
            self.centerOn(QPointF(x, y))

    def _show_placeholder(self) -> None:
        self.setSceneRect(QRectF(-1, -1, 2, 2))
        self._placeholder.setPos(0, 0)
        bounds = self._placeholder.boundingRect()
        self._placeholder.setPos(-bounds.width() / 2, 0)  # ignores transforms: offset in pixels
        self._placeholder.show()

    # -- zoom -------------------------------------------------------------------------------
    def _pixel_ratio(self) -> float:
        return self.devicePixelRatioF() or 1.0

    def zoom(self) -> float:
        """Image pixels per physical pixel (1.0 = 100 %)."""
        return self.transform().m11() * self._pixel_ratio()

    def is_fitted(self) -> bool:
        return self._fit_mode

    def fit(self) -> None:
        """Whole image in view; stays fitted when the window is resized, until the user zooms."""
        self._fit_mode = True
        if self._has_image:
            self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._after_zoom()

    def zoom_actual(self) -> None:
        self._set_scale(1.0 / self._pixel_ratio(), anchor_under_mouse=False)

    def zoom_in(self) -> None:
        self._scale_by(BUTTON_STEP, anchor_under_mouse=False)

    def zoom_out(self) -> None:
        self._scale_by(1 / BUTTON_STEP, anchor_under_mouse=False)

    def _scale_by(self, factor: float, anchor_under_mouse: bool) -> None:
        self._set_scale(self.transform().m11() * factor, anchor_under_mouse)

    def _set_scale(self, scale: float, anchor_under_mouse: bool) -> None:
        if not self._has_image:
            return
        ratio = self._pixel_ratio()
        scale = min(max(scale, MIN_ZOOM / ratio), MAX_ZOOM / ratio)
        self._fit_mode = False
        if not anchor_under_mouse:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        factor = scale / self.transform().m11()
        self.scale(factor, factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._after_zoom()

    def _after_zoom(self) -> None:
        # Pixel-exact when magnified a lot (pixels and mask edges stay crisp), smooth otherwise.
        mode = (
            Qt.TransformationMode.FastTransformation
            if self.zoom() >= PIXEL_ZOOM
            else Qt.TransformationMode.SmoothTransformation
        )
        self._image_item.setTransformationMode(mode)
        self._overlay_item.setTransformationMode(mode)
        if self._has_image:
            self.zoom_changed.emit(self.zoom())

    # -- events -----------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        delta = event.angleDelta().y()
        if not delta or not self._has_image:
            super().wheelEvent(event)
            return
        self._scale_by(WHEEL_STEP**delta, anchor_under_mouse=True)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._fit_mode:
            self.fit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            super().dropEvent(event)
