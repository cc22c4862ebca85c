"""Two binary masks side by side: where they agree, where they differ, and by how much. No Qt.

Used by the "compare two models" view (model A vs model B on one image) and by the
ground-truth case view (ground truth vs prediction: TP / FP / FN). Codes are small integers so
a viewer can colour them through a palette without building an RGBA array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.core.evaluation.metrics import Overlap, overlap

# Codes of `disagreement_map` (A vs B).
BOTH_BACKGROUND = 0
BOTH_FOREGROUND = 1
ONLY_A = 2
ONLY_B = 3

# Codes of `confusion_map` (ground truth vs prediction).
TRUE_NEGATIVE = 0
TRUE_POSITIVE = 1
FALSE_POSITIVE = 2
FALSE_NEGATIVE = 3


def _check_pair(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(a, dtype=bool)
    b = np.asarray(b, dtype=bool)
    if a.shape != b.shape or a.ndim != 2:
        raise ValueError(f"masks must be 2-D and of the same size, got {a.shape} and {b.shape}")
    return a, b


def disagreement_map(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """uint8 (H, W): BOTH_BACKGROUND, BOTH_FOREGROUND, ONLY_A or ONLY_B for each pixel."""
    a, b = _check_pair(a, b)
    codes = np.zeros(a.shape, np.uint8)
    codes[a & b] = BOTH_FOREGROUND
    codes[a & ~b] = ONLY_A
    codes[~a & b] = ONLY_B
    return codes


def confusion_map(truth: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """uint8 (H, W): TRUE_NEGATIVE, TRUE_POSITIVE, FALSE_POSITIVE or FALSE_NEGATIVE per pixel."""
    truth, predicted = _check_pair(truth, predicted)
    codes = np.zeros(truth.shape, np.uint8)
    codes[truth & predicted] = TRUE_POSITIVE
    codes[~truth & predicted] = FALSE_POSITIVE
    codes[truth & ~predicted] = FALSE_NEGATIVE
    return codes


@dataclass(frozen=True)
class MaskAgreement:
    """How two masks of one image relate, as `metrics.Overlap` counts with A in the role of the
    reference and B of the prediction; Dice and IoU are 1 when both are empty (DESIGN §9)."""

    pixels: int  # pixels in each mask
    counts: Overlap  # tp: foreground in both, fn: only in A, fp: only in B

    @property
    def a_pixels(self) -> int:
        return self.counts.gt_pixels

    @property
    def b_pixels(self) -> int:
        return self.counts.pred_pixels

    @property
    def both(self) -> int:
        return self.counts.tp

    @property
    def only_a(self) -> int:
        return self.counts.fn

    @property
    def only_b(self) -> int:
        return self.counts.fp

    @property
    def dice(self) -> float:
        return self.counts.dice

    @property
    def iou(self) -> float:
        return self.counts.iou

    @property
    def differing(self) -> int:
        return self.only_a + self.only_b

    @property
    def a_fraction(self) -> float:
        return self.a_pixels / max(1, self.pixels)

    @property
    def b_fraction(self) -> float:
        return self.b_pixels / max(1, self.pixels)

    @property
    def differing_fraction(self) -> float:
        return self.differing / max(1, self.pixels)


def mask_agreement(a: np.ndarray, b: np.ndarray) -> MaskAgreement:
    a, b = _check_pair(a, b)
    return MaskAgreement(pixels=int(a.size), counts=overlap(b, a))
