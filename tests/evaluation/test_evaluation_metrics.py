"""Metric arithmetic and DESIGN §9's conventions on tiny hand-made masks; the bootstrap interval
and the Wilcoxon test."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import wilcoxon

from desktop.core.evaluation import EvaluationRow, Overlap, mean_defined, overlap, pooled
from desktop.core.evaluation.runner import METRICS_FIELDS
from desktop.core.evaluation.summary import bootstrap_mean_ci, wilcoxon_p

CONTRACT_COLUMNS = [
    "file", "model", "status", "error", "width", "height", "gt_pixels", "pred_pixels",
    "dice", "iou", "precision", "recall", "dice_model_res", "iou_model_res",
]  # fmt: skip


def _mask(rows: list[str]) -> np.ndarray:
    return np.array([[c == "#" for c in row] for row in rows])


def test_counts_and_metrics_by_hand() -> None:
    prediction = _mask(["##..", "##..", "...."])
    truth = _mask(["#...", "##..", "##.."])
    counts = overlap(prediction, truth)
    assert counts == Overlap(tp=3, fp=1, fn=2)
    assert counts.gt_pixels == 5 and counts.pred_pixels == 4
    assert counts.dice == pytest.approx(2 * 3 / (4 + 5))
    assert counts.iou == pytest.approx(3 / 6)
    assert counts.precision == pytest.approx(3 / 4)
    assert counts.recall == pytest.approx(3 / 5)


def test_both_empty_scores_one_and_leaves_precision_recall_undefined() -> None:
    counts = overlap(np.zeros((2, 3), bool), np.zeros((2, 3), bool))
    assert (counts.dice, counts.iou) == (1.0, 1.0)
    assert counts.precision is None and counts.recall is None


def test_empty_prediction_against_foreground() -> None:
    counts = overlap(np.zeros((2, 2), bool), _mask(["#.", ".."]))
    assert (counts.dice, counts.iou, counts.recall) == (0.0, 0.0, 0.0)
    assert counts.precision is None  # no predicted foreground


def test_prediction_against_empty_ground_truth() -> None:
    counts = overlap(_mask(["##", ".."]), np.zeros((2, 2), bool))
    assert (counts.dice, counts.iou, counts.precision) == (0.0, 0.0, 0.0)
    assert counts.recall is None  # no ground-truth foreground


def test_masks_of_different_size_are_refused() -> None:
    with pytest.raises(ValueError, match="differ in size"):
        overlap(np.zeros((2, 2), bool), np.zeros((2, 3), bool))


def test_pooled_counts_and_macro_mean_leave_undefined_values_out() -> None:
    first, second = Overlap(8, 2, 0), Overlap(0, 0, 0)
    total = pooled([first, second])
    assert total == Overlap(8, 2, 0)
    assert total.dice == pytest.approx(16 / 18)
    assert mean_defined([first.dice, second.dice]) == pytest.approx((16 / 18 + 1.0) / 2)
    assert mean_defined([first.recall, second.recall]) == 1.0  # the undefined one is left out
    assert mean_defined([None, None]) is None


def test_metrics_csv_row_formats_numbers_and_leaves_undefined_cells_empty() -> None:
    assert list(METRICS_FIELDS) == CONTRACT_COLUMNS
    row = EvaluationRow(
        "sub/x.jpg", "m", "ok", "", 40, 30,
        counts=Overlap(0, 3, 0), counts_model_res=Overlap(1, 1, 1),
    )  # fmt: skip
    cells = row.csv_row()
    assert list(cells) == CONTRACT_COLUMNS
    assert cells["width"] == "40" and cells["gt_pixels"] == "0" and cells["pred_pixels"] == "3"
    assert cells["dice"] == "0.000000" and cells["precision"] == "0.000000"
    assert cells["recall"] == ""  # no ground-truth foreground
    assert cells["dice_model_res"] == "0.500000" and cells["iou_model_res"] == "0.333333"
    failed = EvaluationRow("y.png", "m", "failed", "no ground truth").csv_row()
    assert failed["dice"] == "" and failed["width"] == "" and failed["error"] == "no ground truth"


def test_bootstrap_interval_is_reproducible_with_a_fixed_seed() -> None:
    values = np.random.default_rng(7).uniform(0.6, 1.0, 30)
    first = bootstrap_mean_ci(values, seed=123)
    again = bootstrap_mean_ci(list(values), seed=123)
    other = bootstrap_mean_ci(values, seed=124)
    assert first == again
    assert first != other
    low, high = first
    assert low < values.mean() < high
    # The percentile interval of the mean is about ±1.96 standard errors wide.
    standard_error = values.std(ddof=1) / np.sqrt(values.size)
    assert (high - low) / 2 == pytest.approx(1.96 * standard_error, rel=0.15)
    assert bootstrap_mean_ci([0.7], seed=1) == (0.7, 0.7)
    assert bootstrap_mean_ci([], seed=1) is None


def test_wilcoxon_matches_scipy_and_is_undefined_without_differences() -> None:
    differences = [0.02, -0.01, 0.05, 0.03, 0.0, 0.04, -0.02, 0.06]
    expected = wilcoxon(differences, zero_method="wilcox").pvalue
    assert wilcoxon_p(differences) == pytest.approx(expected)
    assert wilcoxon_p([0.0, 0.0, 0.0]) is None
    assert wilcoxon_p([]) is None
