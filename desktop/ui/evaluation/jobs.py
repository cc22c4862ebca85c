"""The evaluation worker's work as plain methods: no Qt, testable on its own.

Segmenters are built through the same `Services.make_segmenter` as the main worker's (tests
inject fakes there) and kept in a small cache keyed by package folder, weights sha256 and
device, so comparing A with B again on the next image loads nothing.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from desktop.core.evaluation.compare import MaskAgreement, mask_agreement
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction
from desktop.ui.worker.jobs import Services

MAX_CACHED_SEGMENTERS = 2  # a loaded network is 100–300 MB: keep the pair being compared


@dataclass(frozen=True, eq=False)
class CompareRequest:
    image_path: Path
    image: np.ndarray  # RGB uint8, as loaded for the main window
    package_a: ModelPackage
    package_b: ModelPackage
    device_id: str


@dataclass(frozen=True, eq=False)
class CompareResult:
    image_path: Path
    package_a: ModelPackage
    package_b: ModelPackage
    prediction_a: Prediction
    prediction_b: Prediction
    device_label: str  # the device that actually ran (both models run on the same one)
    agreement: MaskAgreement  # A's mask vs B's mask at the image's own size
    ms_a: float  # predict() time of A on the worker thread
    ms_b: float


@dataclass(frozen=True)
class EvaluateRequest:
    options: Any  # core.evaluation.runner.EvaluationOptions
    packages: tuple[ModelPackage, ...]
    device_id: str


@dataclass(frozen=True)
class EvaluationPlan:
    """What a started evaluation will do: `total` rows = images × models."""

    images: int
    models: tuple[str, ...]
    total: int


@dataclass(frozen=True)
class EvaluationProgress:
    done: int  # rows finished so far, this one included
    total: int
    row: Any  # core.evaluation.runner.EvaluationRow


@dataclass(frozen=True)
class CaseRequest:
    """One evaluated image to look at: its ground truth against each model's prediction."""

    image_path: Path
    mask_path: Path
    file: str  # the `file` column (relative path, `#k` for frame k of a multi-frame DICOM)
    packages: tuple[ModelPackage, ...]
    device_id: str

    @property
    def frame(self) -> int | None:
        """0-based frame from the `file` column's `#k` (1-based), None for single images."""
        _, hash_sign, number = self.file.rpartition("#")
        return int(number) - 1 if hash_sign and number.isdigit() and int(number) > 0 else None


@dataclass(frozen=True, eq=False)
class CaseResult:
    file: str
    image: np.ndarray  # RGB uint8
    truth: np.ndarray  # (H, W) bool, grey >= 128
    predictions: tuple[tuple[ModelPackage, Prediction], ...]


class EvaluationJobs:
    """Runs on the evaluation worker thread only."""

    def __init__(self, services: Services | None = None) -> None:
        self.services = services or Services()
        self._segmenters: OrderedDict[tuple[str, str, str], Any] = OrderedDict()

    def segmenter(self, package: ModelPackage, device_id: str):
        key = (str(package.folder), package.sha256, device_id)
        if key in self._segmenters:
            self._segmenters.move_to_end(key)
            return self._segmenters[key]
        segmenter = self.services.make_segmenter(package, device_id)
        self._segmenters[key] = segmenter
        while len(self._segmenters) > MAX_CACHED_SEGMENTERS:
            self._segmenters.popitem(last=False)
        return segmenter

    def cached_keys(self) -> list[tuple[str, str, str]]:
        return list(self._segmenters)

    def compare(self, request: CompareRequest) -> CompareResult:
        segmenter_a = self.segmenter(request.package_a, request.device_id)
        segmenter_b = self.segmenter(request.package_b, request.device_id)
        prediction_a, ms_a = _timed_predict(segmenter_a, request.image)
        prediction_b, ms_b = _timed_predict(segmenter_b, request.image)
        return CompareResult(
            image_path=Path(request.image_path),
            package_a=request.package_a,
            package_b=request.package_b,
            prediction_a=prediction_a,
            prediction_b=prediction_b,
            device_label=segmenter_a.device.label,
            agreement=mask_agreement(prediction_a.mask, prediction_b.mask),
            ms_a=ms_a,
            ms_b=ms_b,
        )

    def evaluate(
        self,
        request: EvaluateRequest,
        cancel: threading.Event,
        started: Callable[[EvaluationPlan], None],
        progressed: Callable[[EvaluationProgress], None],
    ):
        """Run a whole evaluation here; returns core's EvaluationResult (also when cancelled)."""
        from desktop.core.evaluation.runner import plan_evaluation

        plan_evaluation(request.options)  # bad folders are reported before any model loads
        segmenters = [self.segmenter(package, request.device_id) for package in request.packages]
        run = _evaluation_run(segmenters, request.options, cancel)
        started(EvaluationPlan(len(run.pairs), tuple(run.model_names), run.total))
        for done, row in enumerate(run, start=1):
            progressed(EvaluationProgress(done, run.total, row))
        return run.result

    def case(self, request: CaseRequest) -> CaseResult:
        image, truth = _load_case_inputs(request)
        if truth.shape != image.shape[:2]:
            raise ValueError(
                f"ground truth '{request.mask_path}' is {truth.shape[1]}×{truth.shape[0]} but the "
                f"image '{request.image_path}' is {image.shape[1]}×{image.shape[0]}"
            )
        predictions = tuple(
            (package, self.segmenter(package, request.device_id).predict(image))
            for package in request.packages
        )
        return CaseResult(request.file, image, truth, predictions)


def _timed_predict(segmenter, image: np.ndarray) -> tuple[Prediction, float]:
    start = time.perf_counter()
    prediction = segmenter.predict(image)
    return prediction, (time.perf_counter() - start) * 1000


def _evaluation_run(segmenters: list, options, cancel: threading.Event):
    from desktop.core.evaluation.runner import EvaluationRun

    return EvaluationRun(segmenters, options, cancel)


def _load_case_inputs(request: CaseRequest) -> tuple[np.ndarray, np.ndarray]:
    from desktop.core.evaluation.pairing import load_ground_truth
    from desktop.core.image_io import load_rgb

    return load_rgb(request.image_path, request.frame), load_ground_truth(request.mask_path)
