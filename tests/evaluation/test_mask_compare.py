"""Mask comparison for the compare view and the TP/FP/FN view (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.core.evaluation.compare import (
    BOTH_BACKGROUND,
    BOTH_FOREGROUND,
    FALSE_NEGATIVE,
    FALSE_POSITIVE,
    ONLY_A,
    ONLY_B,
    TRUE_NEGATIVE,
    TRUE_POSITIVE,
    confusion_map,
    disagreement_map,
    mask_agreement,
)


def _rect(shape, rows, cols) -> np.ndarray:
    mask = np.zeros(shape, bool)
    mask[rows, cols] = True
    return mask


def test_agreement_of_two_overlapping_rectangles() -> None:
    a = _rect((100, 200), slice(20, 60), slice(20, 100))  # 3,200 px
    b = _rect((100, 200), slice(20, 60), slice(60, 140))  # 3,200 px, 1,600 shared
    agreement = mask_agreement(a, b)
    assert (agreement.a_pixels, agreement.b_pixels, agreement.both) == (3200, 3200, 1600)
    assert (agreement.only_a, agreement.only_b, agreement.differing) == (1600, 1600, 3200)
    assert agreement.dice == pytest.approx(0.5)
    assert agreement.iou == pytest.approx(1 / 3)
    assert agreement.a_fraction == pytest.approx(0.16)
    assert agreement.differing_fraction == pytest.approx(0.16)


def test_agreement_conventions_for_empty_masks() -> None:
    empty = np.zeros((4, 5), bool)
    full = np.ones((4, 5), bool)
    both_empty = mask_agreement(empty, empty)
    assert both_empty.dice == 1.0 and both_empty.iou == 1.0 and both_empty.differing == 0
    one_empty = mask_agreement(empty, full)
    assert one_empty.dice == 0.0 and one_empty.iou == 0.0 and one_empty.only_b == 20
    assert mask_agreement(full, full).dice == 1.0


def test_disagreement_map_codes() -> None:
    a = np.array([[0, 1, 1, 0]], bool)
    b = np.array([[0, 1, 0, 1]], bool)
    codes = disagreement_map(a, b)
    assert codes.dtype == np.uint8
    assert codes.tolist() == [[BOTH_BACKGROUND, BOTH_FOREGROUND, ONLY_A, ONLY_B]]


def test_confusion_map_codes() -> None:
    truth = np.array([[0, 1, 0, 1]], np.uint8)
    predicted = np.array([[0, 1, 1, 0]], bool)
    codes = confusion_map(truth, predicted)
    assert codes.tolist() == [[TRUE_NEGATIVE, TRUE_POSITIVE, FALSE_POSITIVE, FALSE_NEGATIVE]]


def test_masks_of_different_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="same size"):
        mask_agreement(np.zeros((3, 4), bool), np.zeros((4, 3), bool))
