"""The one numpy <-> QImage bridge. Every conversion between arrays and Qt images lives here."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """An RGB uint8 (H, W, 3) array as a QImage that owns a copy of the pixels."""
    _check(rgb, channels=3)
    rgb = np.ascontiguousarray(rgb)
    height, width = rgb.shape[:2]
    image = QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888)
    return image.copy()  # detach from the numpy buffer, which may be freed later


def rgba_to_qimage(rgba: np.ndarray) -> QImage:
    """An RGBA uint8 (H, W, 4) array (straight alpha) as a QImage that owns its pixels."""
    _check(rgba, channels=4)
    rgba = np.ascontiguousarray(rgba)
    height, width = rgba.shape[:2]
    image = QImage(rgba.data, width, height, rgba.strides[0], QImage.Format.Format_RGBA8888)
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
