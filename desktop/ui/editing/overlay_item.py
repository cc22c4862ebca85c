"""The overlay layer of the image view: a QImage drawn by a scene item, writable in place.

A `QGraphicsPixmapItem` can only be given a whole new pixmap, so changing a few pixels of a
4000×3000 layer would convert and repaint all 12 million of them. This item keeps its layer as
one ARGB32 (premultiplied) QImage, lets a rectangle of it be overwritten from numpy
(`write_block`), and schedules a repaint of only that rectangle; `paint` draws only the part
the view exposes.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from desktop.ui.viewer.qimage_bridge import argb32_view

LAYER_FORMAT = QImage.Format.Format_ARGB32_Premultiplied


def argb(color: tuple[int, int, int], alpha: int = 255) -> int:
    """An opaque colour as one premultiplied ARGB32 pixel value (what `write_block` takes)."""
    r, g, b = (round(c * alpha / 255) for c in color)
    return (alpha << 24) | (r << 16) | (g << 8) | b


class OverlayItem(QGraphicsItem):
    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._smooth = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    # -- the layer --------------------------------------------------------------------------
    def set_image(self, image: QImage | None) -> None:
        """Show a new layer (a copy, converted to premultiplied ARGB32), or nothing."""
        self.prepareGeometryChange()
        if image is None or image.isNull():
            self._image = QImage()
        else:
            self._image = image.convertToFormat(LAYER_FORMAT)
            if self._image.cacheKey() == image.cacheKey():
                self._image = image.copy()  # never share pixels we are going to write
        self.update()

    def image(self) -> QImage:
        return self._image

    def pixmap(self) -> QPixmap:
        """The layer as a pixmap (a conversion: for tests and one-off readers, not for drawing)."""
        return QPixmap() if self._image.isNull() else QPixmap.fromImage(self._image)

    def pixels(self) -> np.ndarray:
        """The layer's pixels as a writable (H, W) uint32 view (premultiplied ARGB32)."""
        return argb32_view(self._image)

    def write_block(self, x: int, y: int, block: np.ndarray) -> None:
        """Overwrite the rectangle at (x, y) with `block` ((h, w) uint32 ARGB32 values) and
        repaint just that rectangle."""
        if self._image.isNull():
            return
        height, width = block.shape
        self.pixels()[y : y + height, x : x + width] = block
        self.update(QRectF(x, y, width, height))

    def setTransformationMode(self, mode: Qt.TransformationMode) -> None:  # noqa: N802 - as the pixmap item
        smooth = mode == Qt.TransformationMode.SmoothTransformation
        if smooth != self._smooth:
            self._smooth = smooth
            self.update()

    # -- QGraphicsItem ----------------------------------------------------------------------
    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, self._image.width(), self._image.height())

    def paint(  # Qt override
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._image.isNull():
            return
        # Only the exposed part, widened to whole pixels (plus one for the smoothing filter).
        exposed = option.exposedRect.toAlignedRect().adjusted(-1, -1, 1, 1)
        source = exposed.intersected(self._image.rect())
        if source.isEmpty():
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self._smooth)
        painter.drawImage(QRectF(source), self._image, QRectF(source))
