"""Overlap metrics of a predicted mask against ground truth, with DESIGN §9's conventions.

- Both masks empty → dice = iou = 1 (nothing to find, nothing found).
- No predicted foreground → precision is undefined (None); no ground-truth foreground → recall
  is undefined (None). Undefined values are empty cells in `metrics.csv` and stay out of means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Overlap:
    """Pixel counts of one comparison: true/false positives and false negatives."""

    tp: int
    fp: int
    fn: int

    @property
    def gt_pixels(self) -> int:
        return self.tp + self.fn

    @property
    def pred_pixels(self) -> int:
        return self.tp + self.fp

    @property
    def dice(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 1.0 if denominator == 0 else 2 * self.tp / denominator

    @property
    def iou(self) -> float:
        union = self.tp + self.fp + self.fn
        return 1.0 if union == 0 else self.tp / union

    @property
    def precision(self) -> float | None:
        return None if self.pred_pixels == 0 else self.tp / self.pred_pixels

    @property
    def recall(self) -> float | None:
        return None if self.gt_pixels == 0 else self.tp / self.gt_pixels

    def __add__(self, other: Overlap) -> Overlap:
        return Overlap(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def overlap(prediction: np.ndarray, truth: np.ndarray) -> Overlap:
    """Counts for two boolean (or 0/non-0) masks of the same shape."""
    if prediction.shape != truth.shape:
        raise ValueError(
            f"masks differ in size: prediction {prediction.shape}, ground truth {truth.shape}"
        )
    pred, true = prediction.astype(bool, copy=False), truth.astype(bool, copy=False)
    tp = int(np.count_nonzero(pred & true))
    return Overlap(tp, int(np.count_nonzero(pred)) - tp, int(np.count_nonzero(true)) - tp)


def pooled(overlaps: Iterable[Overlap]) -> Overlap:
    """Micro (pooled) counts: every pixel of every image in one confusion table."""
    total = Overlap(0, 0, 0)
    for item in overlaps:
        total = total + item
    return total


def mean_defined(values: Iterable[float | None]) -> float | None:
    """Macro mean over the defined values (None = undefined, left out); None if there are none."""
    defined = [value for value in values if value is not None]
    return float(np.mean(defined)) if defined else None
