"""Pictures of a prediction against ground truth: TP / FP / FN colours and both outlines.

Plain numpy + OpenCV, used by the HTML report's gallery and (through the GUI's one numpy ↔ QImage
bridge) by the results window, so both show the same colours.
"""

from __future__ import annotations

import cv2
import numpy as np

# RGB. Fills are blended over the image; outlines are drawn at full strength.
TP_COLOUR = (255, 214, 0)  # predicted and true: yellow (the app's overlay colour)
FP_COLOUR = (230, 0, 230)  # predicted, not true: magenta
FN_COLOUR = (0, 120, 255)  # true, missed: blue
GT_OUTLINE_COLOUR = (0, 230, 64)  # ground-truth outline: green
PRED_OUTLINE_COLOUR = (255, 255, 255)  # prediction outline: white
FILL_OPACITY = 0.45


def comparison_image(
    image: np.ndarray,
    truth: np.ndarray,
    prediction: np.ndarray,
    *,
    outlines: bool = True,
    opacity: float = FILL_OPACITY,
) -> np.ndarray:
    """The RGB image with TP / FP / FN pixels tinted and (optionally) the ground-truth and
    predicted outlines drawn; `truth` and `prediction` are (H, W) masks of the image's size."""
    if truth.shape != image.shape[:2] or prediction.shape != image.shape[:2]:
        raise ValueError(
            f"image {image.shape[:2]}, ground truth {truth.shape} and prediction "
            f"{prediction.shape} must have the same size"
        )
    truth, prediction = truth.astype(bool, copy=False), prediction.astype(bool, copy=False)
    out = image.astype(np.float32)
    for region, colour in (
        (truth & prediction, TP_COLOUR),
        (prediction & ~truth, FP_COLOUR),
        (truth & ~prediction, FN_COLOUR),
    ):
        out[region] = out[region] * (1 - opacity) + np.array(colour, np.float32) * opacity
    out = np.clip(out + 0.5, 0, 255).astype(np.uint8)
    if outlines:
        thickness = max(1, round(max(image.shape[:2]) / 300))
        for mask, colour in ((prediction, PRED_OUTLINE_COLOUR), (truth, GT_OUTLINE_COLOUR)):
            contours, _ = cv2.findContours(
                mask.astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE
            )
            cv2.drawContours(out, contours, -1, colour, thickness, lineType=cv2.LINE_AA)
    return out


def disagreement_image(
    image: np.ndarray, mask_a: np.ndarray, mask_b: np.ndarray, opacity: float = FILL_OPACITY
) -> np.ndarray:
    """Two models' masks over the image: only A magenta, only B blue, both yellow."""
    return comparison_image(image, mask_b, mask_a, outlines=False, opacity=opacity)


def thumbnail(image: np.ndarray, longest_side: int) -> np.ndarray:
    """An image (or a mask, resized nearest) scaled so its longest side is at most
    `longest_side`."""
    height, width = image.shape[:2]
    scale = min(1.0, longest_side / max(height, width))
    if scale == 1.0:
        return image.copy()
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if image.dtype == bool:
        return cv2.resize(image.view(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def small_error_marks(
    truth: np.ndarray, prediction: np.ndarray, scale: float, min_side: int = 12, limit: int = 20
) -> tuple[tuple[int, int, int, tuple[int, int, int]], ...]:
    """Rings `(x, y, radius, colour)` (in a picture scaled by `scale`) around isolated false
    positives and missed regions too small to see there — e.g. a few stray pixels on an image
    without foreground, which cost it its whole Dice. Slivers along a lesion's border (touching
    the other mask) are visible in the outlines and get none. Found at full resolution, so none
    is lost by the down-scaling; at most `limit`, largest first."""
    truth, prediction = truth.astype(bool, copy=False), prediction.astype(bool, copy=False)
    kernel = np.ones((3, 3), np.uint8)
    marks = []
    for region, other, colour in (
        (prediction & ~truth, truth, FP_COLOUR),
        (truth & ~prediction, prediction, FN_COLOUR),
    ):
        count, labels, stats, centroids = cv2.connectedComponentsWithStats(
            region.view(np.uint8), connectivity=8
        )
        if count <= 1:
            continue
        touching = set(np.unique(labels[cv2.dilate(other.view(np.uint8), kernel) > 0]).tolist())
        for index in range(1, count):
            width, height, area = stats[index, 2], stats[index, 3], stats[index, 4]
            if index in touching or max(width, height) * scale >= min_side:
                continue
            x, y = centroids[index]
            marks.append((int(area), (round(x * scale), round(y * scale), min_side, colour)))
    marks.sort(key=lambda item: -item[0])
    return tuple(mark for _, mark in marks[:limit])


def draw_marks(picture: np.ndarray, marks) -> np.ndarray:
    """`picture` with the rings of `small_error_marks` drawn on it."""
    out = picture.copy()
    for x, y, radius, colour in marks:
        cv2.circle(out, (x, y), radius, colour, 2, lineType=cv2.LINE_AA)
    return out
