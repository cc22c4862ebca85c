"""Warnings about an input that the model will segment, but perhaps badly (DESIGN §10).

A grey image (one channel, or three equal channels: a MONOCHROME DICOM, a grey PNG/JPEG) given
to a model trained on colour images gets a warning — in the report's `warning` column and the
GUI's result panel — rather than a silent, unreliable mask. So does a tiny image (a 1×1 PNG
otherwise segments to "1 px (100.00 %)" without a word): below MIN_SIDE pixels on a side it is
stretched many times over to the model's input, where the network never saw anything like it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

GREY_WARNING = (
    "grey image given to a colour model: the model was trained on colour images, "
    "so this mask may be unreliable"
)

# Below this many pixels on a side an image is far smaller than any SegDesk model's input
# (256×256 for the bundled ones): upscaled that much it is a few flat blocks.
MIN_SIDE = 32
SMALL_WARNING = (
    "tiny image ({0} px): far smaller than the model's input, so this mask may be unreliable"
)


def is_small(height: int, width: int, package: Any = None) -> bool:
    """Smaller than MIN_SIDE on a side (and than the model's input, when it takes less)."""
    limit = MIN_SIDE
    input_size = getattr(package, "input_size", None)
    if input_size:
        limit = min(limit, *input_size)
    return min(height, width) < limit


def small_warning(height: int, width: int) -> str:
    return SMALL_WARNING.format(f"{width}x{height}")


def is_grey(image: np.ndarray) -> bool:
    """One channel, or three channels that are equal everywhere."""
    if image.ndim == 2 or (image.ndim == 3 and image.shape[2] == 1):
        return True
    if image.ndim != 3 or image.shape[2] < 3:
        return False
    # A sparse grid first: a colour image almost always differs there, so the full comparison
    # (0.7 ms for a 1280×1024 frame, on every batch image) runs only for images that look grey.
    sample = image[:: max(1, image.shape[0] // 32), :: max(1, image.shape[1] // 32)]
    if not _channels_equal(sample):
        return False
    return _channels_equal(image)


def _channels_equal(image: np.ndarray) -> bool:
    red, green, blue = image[..., 0], image[..., 1], image[..., 2]
    return bool(np.array_equal(red, green) and np.array_equal(green, blue))


def is_colour_model(package: Any) -> bool:
    """SegDesk models take RGB input; all are treated as trained on colour."""
    return int(getattr(package, "in_channels", 3) or 3) == 3


def input_warnings(image: np.ndarray, package: Any = None) -> list[str]:
    """The warnings for segmenting `image` with `package` (empty when there is nothing to say)."""
    warnings = []
    if (package is None or is_colour_model(package)) and is_grey(image):
        warnings.append(GREY_WARNING)
    height, width = image.shape[:2]
    if is_small(height, width, package):
        warnings.append(small_warning(height, width))
    return warnings
