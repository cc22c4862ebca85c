"""The result of segmenting one image: a frozen value, safe to hand between threads."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np


@dataclass(frozen=True)
class Timings:
    transform_ms: float
    forward_ms: float
    resize_ms: float

    @property
    def total_ms(self) -> float:
        return self.transform_ms + self.forward_ms + self.resize_ms


@dataclass(frozen=True, eq=False)
class Prediction:
    """Probabilities at model resolution and at the image's own size (DESIGN §4), thresholded.

    The arrays are read-only: a prediction can be shown, exported and re-thresholded without
    anyone changing it underneath the others.
    """

    model_probability: np.ndarray  # (h, w) float32, the network's sigmoid output
    probability: np.ndarray  # (H, W) float32, resized back with INTER_LINEAR
    threshold: float  # compared with strict '>'
    training_threshold: float  # the package's own threshold
    device: str  # the device that actually ran
    timings: Timings
    precision: str = "fp32"  # the engine's arithmetic: "fp32" or "bf16" (DESIGN §7)

    @classmethod
    def from_model_probability(
        cls,
        model_probability: np.ndarray,
        image_size: tuple[int, int],
        *,
        threshold: float,
        device: str,
        transform_ms: float = 0.0,
        forward_ms: float = 0.0,
        precision: str = "fp32",
    ) -> Prediction:
        start = _now_ms()
        height, width = image_size
        model_probability = np.ascontiguousarray(model_probability, dtype=np.float32)
        if model_probability.shape == (height, width):
            probability = model_probability.copy()
        else:
            probability = cv2.resize(
                model_probability, (width, height), interpolation=cv2.INTER_LINEAR
            )
        timings = Timings(transform_ms, forward_ms, _now_ms() - start)
        return cls(
            _frozen(model_probability),
            _frozen(probability),
            float(threshold),
            float(threshold),
            device,
            timings,
            precision,
        )

    def with_threshold(self, threshold: float) -> Prediction:
        """The same probabilities cut at another threshold: no re-inference."""
        return dataclasses.replace(self, threshold=float(threshold))

    @property
    def threshold_overridden(self) -> bool:
        return self.threshold != self.training_threshold

    @property
    def image_size(self) -> tuple[int, int]:
        return self.probability.shape[0], self.probability.shape[1]

    @cached_property
    def model_mask(self) -> np.ndarray:
        return _frozen(self.model_probability > self.threshold)

    @cached_property
    def mask(self) -> np.ndarray:
        """(H, W) bool at the image's own size."""
        return _frozen(self.probability > self.threshold)

    @cached_property
    def foreground_pixels(self) -> int:
        return int(np.count_nonzero(self.mask))

    @property
    def foreground_fraction(self) -> float:
        return self.foreground_pixels / max(1, self.mask.size)

    @cached_property
    def components(self) -> int:
        """Connected foreground regions (8-connectivity)."""
        count, _ = cv2.connectedComponents(self.mask.view(np.uint8), connectivity=8)
        return int(count) - 1


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _now_ms() -> float:
    import time

    return time.perf_counter() * 1000.0
