"""Grey-input detection: a cheap sample first, the whole image when the sample looks grey."""

from __future__ import annotations

import numpy as np

from desktop.core.input_checks import GREY_WARNING, input_warnings, is_grey


def test_grey_images_are_grey():
    grey = np.random.default_rng(1).integers(0, 256, (480, 640), dtype=np.uint8)
    assert is_grey(grey)
    assert is_grey(np.repeat(grey[..., None], 3, axis=2))
    assert input_warnings(np.repeat(grey[..., None], 3, axis=2)) == [GREY_WARNING]


def test_colour_images_are_not_grey():
    colour = np.random.default_rng(2).integers(0, 256, (480, 640, 3), dtype=np.uint8)
    assert not is_grey(colour)
    assert input_warnings(colour) == []


def test_one_coloured_pixel_off_the_sample_grid_makes_the_image_colour():
    image = np.full((480, 640, 3), 90, np.uint8)
    image[241, 323] = (200, 40, 40)  # 480 // 32 = 15 and 640 // 32 = 20 divide neither
    assert not is_grey(image)
