"""Where an approximate mask differs from the exact one, drawn so a few pixels can be found.

Plain numpy/OpenCV (no Qt): the differing model-resolution pixels are scaled to the image
(nearest neighbour, so each covers the image area it decided) and each differing region gets a
ring around it — at 36 ppm only a handful of pixels differ, invisible without one.
"""

from __future__ import annotations

import cv2
import numpy as np

DIFFERENCE_COLOR = (255, 0, 255)  # magenta: distinct from the amber mask and from tissue


def difference_rgba(differing: np.ndarray, image_size: tuple[int, int]) -> np.ndarray:
    """RGBA uint8 (H, W, 4): the differing pixels at the image's size plus rings around them."""
    height, width = image_size
    scaled = cv2.resize(
        differing.astype(np.uint8), (width, height), interpolation=cv2.INTER_NEAREST
    )
    layer = np.zeros((height, width, 4), np.uint8)
    if not scaled.any():
        return layer
    ring = max(6, round(max(height, width) / 60))
    thickness = max(2, round(max(height, width) / 400))
    count, _, stats, centroids = cv2.connectedComponentsWithStats(scaled, connectivity=8)
    paint = scaled.copy()
    for index in range(1, count):
        x, y = centroids[index]
        size = max(stats[index, cv2.CC_STAT_WIDTH], stats[index, cv2.CC_STAT_HEIGHT])
        cv2.circle(paint, (round(x), round(y)), ring + size // 2, 1, thickness)
    layer[paint > 0] = (*DIFFERENCE_COLOR, 255)
    return layer
