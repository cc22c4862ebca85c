"""The work done on the background thread, as plain methods: no Qt, testable on its own.

`SegmentWorker` (Qt) calls these on its thread and turns returns and exceptions into signals.
Everything that touches torch is reached from here, and only lazily, through `Services`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from desktop.core.devices import Device
from desktop.core.editing import EditedMask
from desktop.core.errors import SegDeskError
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction


class NoModelError(SegDeskError):
    """Asked to segment before any model was loaded."""


@dataclass(frozen=True)
class LoadedModel:
    package: ModelPackage
    device: Device  # the device actually used
    fallback_reason: str | None  # why it is not the requested one, if it is not


@dataclass(frozen=True)
class SegmentResult:
    image_path: Path
    prediction: Prediction
    package: ModelPackage
    device: Device
    fallback_reason: str | None
    worker_ms: float  # predict() as timed on the worker thread


@dataclass(frozen=True)
class ImportRequest:
    checkpoint: Path
    name: str
    architecture: str | None = None
    encoder: str | None = None
    overwrite: bool = False  # replace a user model of the same name


@dataclass(frozen=True, eq=False)
class ExportRequest:
    image: np.ndarray
    prediction: Prediction
    package: ModelPackage
    input_path: Path | None
    out_dir: Path
    outputs: frozenset[str]
    color: tuple[int, int, int]
    opacity: float
    outline: bool = False
    # DICOM and input warnings (DESIGN §7, §10): see core.image_source.ImageSource.
    frame: int | None = None  # 0-based frame of a multi-frame file
    dicom: dict | None = None  # source SOPInstanceUID and frame, for the provenance
    warnings: tuple[str, ...] = ()
    foreground_mm2: float | None = None
    edited: EditedMask | None = None  # the mask as shown, when it may have been corrected
    exact_disagreement_ppm: float | None = None  # measured by "Check against exact", if run


@dataclass(frozen=True, eq=False)
class ExactCheck:
    """The shown prediction re-run on the exact engine ("Check against exact")."""

    result: SegmentResult  # the segmentation that was checked
    threshold: float  # the threshold both masks were cut at
    ppm: float  # differing mask pixels per million, at model resolution
    differing_pixels: int
    model_pixels: int
    differing: np.ndarray  # (h, w) bool at model resolution


@dataclass(frozen=True)
class BatchProgress:
    done: int  # items finished so far, this one included
    total: int
    item: Any  # core.batch.ItemResult


def _make_segmenter(package: ModelPackage, device_id: str):
    from desktop.core.segmenter import Segmenter

    return Segmenter(package, device_id)


def _list_devices() -> tuple[Device, ...]:
    from desktop.core.devices import available_devices

    return available_devices()


def _verify(segmenter):
    from desktop.core.verify import verify_package

    return verify_package(segmenter)


def _import_checkpoint(request: ImportRequest) -> Path:
    from desktop.core.package_import import import_checkpoint

    return import_checkpoint(
        request.checkpoint, request.name, request.architecture or None, request.encoder or None,
        overwrite=request.overwrite,
    )  # fmt: skip


def _export(request: ExportRequest) -> list[Path]:
    from desktop.core.export import export_prediction

    return export_prediction(
        request.image,
        request.prediction,
        request.package,
        request.input_path,
        request.out_dir,
        outputs=request.outputs,
        color=request.color,
        opacity=request.opacity,
        outline=request.outline,
        frame=request.frame,
        dicom=request.dicom,
        warnings=list(request.warnings),
        foreground_mm2=request.foreground_mm2,
        edited=request.edited,
        exact_disagreement_ppm=request.exact_disagreement_ppm,
    )


def _warm_exact(segmenter) -> None:
    from desktop.core.fast.audit import warm_exact_engine

    warm_exact_engine(segmenter)


def _make_batch(segmenter, options, cancel: threading.Event):
    from desktop.core.batch import BatchRun

    return BatchRun(segmenter, options, cancel)


@dataclass
class Services:
    """What the worker calls into; tests replace `make_segmenter` with a fake."""

    make_segmenter: Callable[[ModelPackage, str], Any] = _make_segmenter
    list_devices: Callable[[], tuple[Device, ...]] = _list_devices
    verify: Callable[[Any], Any] = _verify
    import_checkpoint: Callable[[ImportRequest], Path] = _import_checkpoint
    export: Callable[[ExportRequest], list[Path]] = _export
    make_batch: Callable[[Any, Any, threading.Event], Any] = _make_batch
    # An approximate device's exact engine, built beside on loading: the audit and "Check
    # against exact" then start warm.
    warm_exact: Callable[[Any], None] = _warm_exact


class Jobs:
    """Holds the one loaded segmenter; every method runs on the worker thread."""

    def __init__(self, services: Services | None = None) -> None:
        self.services = services or Services()
        self.segmenter = None
        self._loaded_key: tuple[str, str, str] | None = None

    def list_devices(self) -> tuple[Device, ...]:
        return tuple(self.services.list_devices())

    def load(self, package: ModelPackage, device_id: str) -> LoadedModel:
        key = (str(package.folder), package.sha256, device_id)
        if self.segmenter is None or self._loaded_key != key:
            # On failure the previous model stays loaded and usable.
            self.segmenter = self.services.make_segmenter(package, device_id)
            self._loaded_key = key
            self.services.warm_exact(self.segmenter)
        segmenter = self.segmenter
        return LoadedModel(segmenter.package, segmenter.device, segmenter.fallback_reason)

    def _require_segmenter(self):
        if self.segmenter is None:
            raise NoModelError("No model is loaded yet: choose a model in the Model panel.")
        return self.segmenter

    def segment(self, image_path: Path, image: np.ndarray) -> SegmentResult:
        segmenter = self._require_segmenter()
        start = time.perf_counter()
        prediction = segmenter.predict(image)
        elapsed = (time.perf_counter() - start) * 1000
        return SegmentResult(
            Path(image_path), prediction, segmenter.package, segmenter.device,
            segmenter.fallback_reason, elapsed,
        )  # fmt: skip

    def verify(self):
        return self.services.verify(self._require_segmenter())

    def import_model(self, request: ImportRequest) -> Path:
        return self.services.import_checkpoint(request)

    def export(self, request: ExportRequest) -> list[Path]:
        return self.services.export(request)

    def check_exact(self, result: SegmentResult, image: np.ndarray, prediction) -> ExactCheck:
        """Run the exact engine on `image` and compare with `prediction` (the shown one)."""
        from desktop.core.fast.audit import compare_with_exact

        segmenter = self._require_segmenter()
        comparison = compare_with_exact(segmenter, image, prediction)
        return ExactCheck(
            result, prediction.threshold, comparison.ppm,
            int(comparison.differing.sum()), int(comparison.differing.size), comparison.differing,
        )  # fmt: skip

    def run_batch(
        self,
        options,
        cancel: threading.Event,
        started: Callable[[tuple[str, ...]], None],
        progressed: Callable[[BatchProgress], None],
    ):
        """Run a whole batch here, reporting the plan (input names relative to the input folder)
        and each finished item; returns the core summary."""
        run = self.services.make_batch(self._require_segmenter(), options, cancel)
        started(tuple(item.relative for item in run.items))
        for done, item in enumerate(run, start=1):
            progressed(BatchProgress(done, run.total, item))
        return run.summary
