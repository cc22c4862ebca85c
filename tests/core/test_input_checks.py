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


def test_a_tiny_image_is_warned_about_not_segmented_silently(tmp_path):
    """A 1×1 PNG segmented to "1 px (100.00 %)" without a word (issue #18)."""
    import cv2

    from desktop.core.image_source import open_source
    from desktop.core.input_checks import MIN_SIDE, small_warning

    colour = np.random.default_rng(3).integers(0, 256, (400, 400, 3), dtype=np.uint8)
    assert input_warnings(colour[:1, :1]) == ["tiny image (1x1 px): far smaller than the "
                                              "model's input, so this mask may be unreliable"]
    assert input_warnings(colour[:MIN_SIDE - 1]) == [small_warning(MIN_SIDE - 1, 400)]
    assert input_warnings(colour[:, :MIN_SIDE - 1]) == [small_warning(400, MIN_SIDE - 1)]
    assert input_warnings(colour[:MIN_SIDE, :MIN_SIDE]) == []

    class SmallInputModel:  # a model that itself works on 16×16 is not given a tiny image
        in_channels, input_size = 3, (16, 16)

    assert input_warnings(colour[:20, :20], SmallInputModel()) == []
    # What the GUI shows is the same check, on the file as opened.
    cv2.imwrite(str(tmp_path / "dot.png"), colour[:1, :1])
    _, source = open_source(tmp_path / "dot.png")
    assert source.size == (1, 1) and source.small
    assert source.warnings() == [small_warning(1, 1)]
