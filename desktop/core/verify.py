"""The self-test: re-run a package's golden `reference/` cases through SegDesk's own pipeline."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from desktop.core.errors import ImageLoadError, ModelPackageError
from desktop.core.image_io import load_rgb

EXACT_TOLERANCE_PPM = 0.0  # torch on the CPU must reproduce the notebook bit for bit
APPROXIMATE_TOLERANCE_PPM = 100.0  # GPUs and the fast CPU engine: at most 100 pixels per million


@dataclass(frozen=True)
class CaseResult:
    name: str
    mismatched_pixels: int
    total_pixels: int
    max_probability_difference: float

    @property
    def ppm(self) -> float:
        return 1e6 * self.mismatched_pixels / max(1, self.total_pixels)


@dataclass(frozen=True)
class VerifyReport:
    model: str
    device: str
    cases: tuple[CaseResult, ...]
    tolerance_ppm: float

    @property
    def mismatched_ppm(self) -> float:
        total = sum(case.total_pixels for case in self.cases)
        return 1e6 * sum(case.mismatched_pixels for case in self.cases) / max(1, total)

    @property
    def max_probability_difference(self) -> float:
        return max((case.max_probability_difference for case in self.cases), default=0.0)

    @property
    def passed(self) -> bool:
        return bool(self.cases) and self.mismatched_ppm <= self.tolerance_ppm

    def describe(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"{verdict} {self.model} on {self.device}: {len(self.cases)} reference cases, "
            f"{self.mismatched_ppm:.1f} mismatched mask pixels per million "
            f"(tolerance {self.tolerance_ppm:g}), largest probability difference "
            f"{self.max_probability_difference:.2e}"
        )


def tolerance_for(device) -> float:
    return EXACT_TOLERANCE_PPM if device.exact else APPROXIMATE_TOLERANCE_PPM


def load_reference_cases(package) -> list[dict]:
    index = package.reference_dir / "cases.json"
    try:
        cases = json.loads(index.read_text("utf-8"))["cases"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelPackageError(
            f"Model package '{package.folder}' has no usable reference cases ({index}: {exc})."
        ) from exc
    if not cases:
        raise ModelPackageError(f"Model package '{package.folder}' has no reference cases.")
    return cases


def run_case(model_probability, package, case: dict) -> CaseResult:
    """Compare one case; `model_probability(rgb)` is the pipeline under test."""
    folder = package.reference_dir
    try:
        image = load_rgb(folder / case["input"])
        expected_probability = np.load(folder / case["probability"], allow_pickle=False)
        expected_mask = load_rgb(folder / case["mask"])[..., 0] > 127
    except (ImageLoadError, OSError, ValueError, KeyError) as exc:
        raise ModelPackageError(f"Reference case {case!r} in '{folder}' is damaged: {exc}") from exc
    probability = model_probability(image)
    if probability.shape != expected_probability.shape:
        raise ModelPackageError(
            f"Reference case {case.get('input')}: output shape {probability.shape} differs from "
            f"the reference {expected_probability.shape}."
        )
    mask = probability > package.threshold
    return CaseResult(
        name=str(case["input"]),
        mismatched_pixels=int(np.count_nonzero(mask != expected_mask)),
        total_pixels=int(mask.size),
        max_probability_difference=float(np.max(np.abs(probability - expected_probability))),
    )


def verify_package(segmenter) -> VerifyReport:
    """Run every reference case through `segmenter` on its own device."""
    package = segmenter.package
    cases = tuple(
        run_case(lambda rgb: segmenter.model_probability(rgb)[0], package, case)
        for case in load_reference_cases(package)
    )
    return VerifyReport(package.name, segmenter.device.id, cases, tolerance_for(segmenter.device))
