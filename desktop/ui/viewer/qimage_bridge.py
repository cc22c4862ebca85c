"""The one numpy <-> QImage bridge. Every conversion between arrays and Qt images lives here."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, qRgba


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """An RGB uint8 (H, W, 3) array as a QImage that owns a copy of the pixels."""
    _check(rgb, channels=3)
    rgb = np.ascontiguousarray(rgb)
    height, width = rgb.shape[:2]
    image = QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888)
    return image.copy()  # detach from the numpy buffer, which may be freed later


def mask_to_qimage(mask: np.ndarray, color: tuple[int, int, int]) -> QImage:
    """A boolean (H, W) mask as an 8-bit indexed QImage: transparent, or opaque `color`.

    No RGBA array is built (a 12-megapixel RGBA layer is 48 MB); the mask bytes are used as
    palette indices directly.
    """
    if mask.dtype != np.bool_ or mask.ndim != 2:
        raise ValueError(f"expected a bool (H, W) mask, got {mask.dtype} {tuple(mask.shape)}")
    indices = np.ascontiguousarray(mask).view(np.uint8)
    height, width = indices.shape
    image = QImage(indices.data, width, height, width, QImage.Format.Format_Indexed8)
    image.setColorTable([qRgba(0, 0, 0, 0), qRgba(*color, 255)])
    return image.copy()


def qimage_to_rgb(image: QImage) -> np.ndarray:
    """A QImage as an RGB uint8 (H, W, 3) array (a copy)."""
    converted = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = converted.width(), converted.height()
    buffer = np.frombuffer(converted.constBits(), dtype=np.uint8, count=converted.sizeInBytes())
    rows = buffer.reshape(height, converted.bytesPerLine())
    return rows[:, : width * 3].reshape(height, width, 3).copy()


def _check(array: np.ndarray, channels: int) -> None:
    if array.dtype != np.uint8 or array.ndim != 3 or array.shape[2] != channels:
        raise ValueError(
            f"expected a uint8 (H, W, {channels}) array, got {array.dtype} {tuple(array.shape)}"
        )


def argb32_view(image: QImage) -> np.ndarray:
    """A 32-bit QImage's pixels as a writable (H, W) uint32 view of its own memory (no copy):
    writing to it changes the image. Keep the QImage alive and unshared while using it."""
    if image.depth() != 32:
        raise ValueError(f"expected a 32-bit QImage, got format {image.format()}")
    height, width = image.height(), image.width()
    stride = image.bytesPerLine() // 4
    buffer = np.frombuffer(image.bits(), dtype=np.uint32, count=height * stride)
    return buffer.reshape(height, stride)[:, :width]
def labels_to_qimage(labels: np.ndarray, colors: list[tuple[int, int, int, int]]) -> QImage:
    """A uint8 (H, W) label map as an 8-bit indexed QImage: label i is drawn in RGBA colors[i].

    Like `mask_to_qimage`, no RGBA array is built; labels past the palette are transparent.
    """
    if labels.dtype != np.uint8 or labels.ndim != 2:
        raise ValueError(f"expected a uint8 (H, W) label map, got {labels.dtype} {labels.shape}")
    indices = np.ascontiguousarray(labels)
    height, width = indices.shape
    image = QImage(indices.data, width, height, width, QImage.Format.Format_Indexed8)
    table = [qRgba(*color) for color in colors]
    image.setColorTable(table + [qRgba(0, 0, 0, 0)] * (256 - len(table)))
    return image.copy()
