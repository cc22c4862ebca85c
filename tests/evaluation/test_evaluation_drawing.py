"""The pictures: TP / FP / FN colours, outlines, and rings around errors too small to see."""

from __future__ import annotations

import numpy as np

from desktop.core.evaluation.drawing import (
    FN_COLOUR,
    FP_COLOUR,
    GT_OUTLINE_COLOUR,
    PRED_OUTLINE_COLOUR,
    TP_COLOUR,
    comparison_image,
    disagreement_image,
    draw_marks,
    small_error_marks,
    thumbnail,
)
from desktop.core.evaluation.report import _legend

YELLOW, GREEN, MAGENTA, BLUE, WHITE = (255, 214, 0), (0, 230, 64), (230, 0, 230), (0, 120, 255), (
    255, 255, 255)  # fmt: skip


def test_comparison_colours_each_kind_of_pixel() -> None:
    image = np.full((40, 40, 3), 100, np.uint8)
    truth = np.zeros((40, 40), bool)
    prediction = np.zeros((40, 40), bool)
    truth[5:20, 5:20] = True
    prediction[5:20, 12:30] = True
    picture = comparison_image(image, truth, prediction, outlines=False, opacity=1.0)
    assert tuple(picture[10, 15]) == TP_COLOUR
    assert tuple(picture[10, 25]) == FP_COLOUR
    assert tuple(picture[10, 7]) == FN_COLOUR
    assert tuple(picture[35, 35]) == (100, 100, 100)
    with_outlines = comparison_image(image, truth, prediction)
    assert not np.array_equal(with_outlines, comparison_image(image, truth, prediction,
                                                              outlines=False))  # fmt: skip
    # Two models: only A magenta, only B blue, both yellow.
    both = disagreement_image(image, prediction, truth, opacity=1.0)
    assert tuple(both[10, 25]) == FP_COLOUR and tuple(both[10, 7]) == FN_COLOUR


def test_stray_pixels_get_a_ring_that_survives_down_scaling() -> None:
    truth = np.zeros((384, 288), bool)
    prediction = np.zeros((384, 288), bool)
    prediction[200:203, 100:104] = True  # 12 stray pixels on an empty frame
    prediction[10:150, 10:150] = True  # and one large false positive: visible, no ring
    marks = small_error_marks(truth, prediction, scale=0.5)
    assert len(marks) == 1
    x, y, radius, colour = marks[0]
    assert (x, y) == (round(101.5 * 0.5), round(201 * 0.5)) and colour == FP_COLOUR
    small = thumbnail(np.zeros((384, 288, 3), np.uint8), 192)
    assert small.shape[:2] == (192, 144)
    ringed = draw_marks(small, marks)
    assert tuple(ringed[y, x + radius]) != (0, 0, 0)
    assert small_error_marks(truth, truth, scale=0.5) == ()
    # A one-pixel sliver along a lesion's border is seen in the outlines: no ring for it.
    lesion = np.zeros((384, 288), bool)
    lesion[100:200, 100:200] = True
    sliver = lesion.copy()
    sliver[99, 150:153] = True
    assert small_error_marks(lesion, sliver, scale=0.5) == ()


def test_report_colours_truth_green_true_positives_yellow() -> None:
    """The colours users are told about (README, the report's legend, the case view) are these:
    ground truth a green outline, true positives yellow (the app's mask colour), false positives
    magenta, false negatives blue, the prediction a white outline. The case view imports the same
    constants (tests/ui/evaluation/test_evaluate_window.py pins that)."""
    assert (TP_COLOUR, FP_COLOUR, FN_COLOUR) == (YELLOW, MAGENTA, BLUE)
    assert (GT_OUTLINE_COLOUR, PRED_OUTLINE_COLOUR) == (GREEN, WHITE)
    image = np.zeros((60, 60, 3), np.uint8)
    truth = np.zeros((60, 60), bool)
    truth[10:50, 10:50] = True
    prediction = np.zeros((60, 60), bool)
    prediction[20:40, 20:40] = True
    picture = comparison_image(image, truth, prediction, opacity=1.0)
    assert tuple(picture[30, 30]) == YELLOW  # inside both: a true positive
    red, green, blue = (int(v) for v in picture[30, 10])  # on the ground truth's edge
    assert green > 200 and green > 2 * blue and red == 0, "the truth's outline is green"
    legend = _legend()
    assert "rgb(255, 214, 0)\"></span>true positive" in legend
    assert "rgb(0, 230, 64)\"></span>ground-truth outline" in legend
