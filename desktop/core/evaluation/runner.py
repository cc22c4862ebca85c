"""Running an evaluation: every image through every model once, one row per (image, model).

The images and their ground truth decode ahead on a background thread (`core.prefetch`) while
the iterating thread — which owns all torch work, as in `batch` — runs each loaded model on the
current image. At the end `metrics.csv`, `summary.json` and `report.html` are written atomically
into OUT and `result` is set.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from desktop.core.atomic import write_text_atomic
from desktop.core.batch import _ensure_writable
from desktop.core.csv_text import csv_text
from desktop.core.errors import BatchError, SegDeskError
from desktop.core.evaluation.gallery import Gallery, WorstCase
from desktop.core.evaluation.metrics import Overlap, overlap
from desktop.core.evaluation.pairing import (
    EvaluationError,
    EvaluationPair,
    load_ground_truth,
    pair_images,
)
from desktop.core.image_io import load_rgb
from desktop.core.prefetch import decode_ahead
from desktop.core.thread_budget import opencv_single_threaded

METRICS_NAME = "metrics.csv"
SUMMARY_NAME = "summary.json"
REPORT_NAME = "report.html"
METRICS_FIELDS = (
    "file", "model", "status", "error", "width", "height", "gt_pixels", "pred_pixels",
    "dice", "iou", "precision", "recall", "dice_model_res", "iou_model_res",
)  # fmt: skip
GALLERY_SIZE = 6  # worst cases kept per model for the report


@dataclass(frozen=True)
class EvaluationOptions:
    images_dir: Path
    masks_dir: Path
    output_dir: Path
    recursive: bool = False
    mask_suffix: str | None = None  # None: the first of "", _mask, _seg, _gt that exists


@dataclass(frozen=True)
class EvaluationRow:
    """One (image, model) result; the metrics are derived from the pixel counts."""

    file: str
    model: str
    status: str  # ok | failed
    error: str = ""
    width: int | None = None
    height: int | None = None
    counts: Overlap | None = None  # at the image's own size
    counts_model_res: Overlap | None = None  # at model resolution (notebook validation)
    seconds: float = 0.0  # inference + scoring of this model on this image
    image_path: Path | None = None
    mask_path: Path | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def gt_pixels(self) -> int | None:
        return self.counts.gt_pixels if self.counts else None

    @property
    def pred_pixels(self) -> int | None:
        return self.counts.pred_pixels if self.counts else None

    @property
    def dice(self) -> float | None:
        return self.counts.dice if self.counts else None

    @property
    def iou(self) -> float | None:
        return self.counts.iou if self.counts else None

    @property
    def precision(self) -> float | None:
        return self.counts.precision if self.counts else None

    @property
    def recall(self) -> float | None:
        return self.counts.recall if self.counts else None

    @property
    def dice_model_res(self) -> float | None:
        return self.counts_model_res.dice if self.counts_model_res else None

    @property
    def iou_model_res(self) -> float | None:
        return self.counts_model_res.iou if self.counts_model_res else None

    def csv_row(self) -> dict[str, str]:
        """The `metrics.csv` row: integers as such, other numbers with 6 decimals, undefined
        or unknown values empty."""
        row: dict[str, str] = {}
        for name in METRICS_FIELDS:
            value = getattr(self, name)
            if value is None:
                row[name] = ""
            elif isinstance(value, float):
                row[name] = f"{value:.6f}"
            else:
                row[name] = str(value)
        return row


@dataclass(frozen=True)
class EvaluationResult:
    rows: tuple[EvaluationRow, ...]
    summary: dict[str, Any]
    output_dir: Path
    metrics_path: Path
    summary_path: Path
    report_path: Path
    cancelled: bool
    worst_cases: tuple[WorstCase, ...] = field(default=())

    @property
    def failed(self) -> int:
        return sum(not row.ok for row in self.rows)

    @property
    def exit_status(self) -> int:
        """As `batch`: 0 all done, 1 some rows failed or the run was cancelled."""
        return 1 if self.failed or self.cancelled else 0


def prepare_evaluation(options: EvaluationOptions) -> list[EvaluationPair]:
    """Everything that can be checked before a model is loaded: the pairs, that there is at
    least one image, and a writable OUT that is neither IMAGES nor MASKS."""
    pairs = plan_evaluation(options)
    try:
        _ensure_writable(Path(options.output_dir).expanduser())
    except BatchError as exc:
        raise EvaluationError(str(exc)) from exc
    return pairs


def plan_evaluation(options: EvaluationOptions) -> list[EvaluationPair]:
    """The image/ground-truth pairs; writes nothing. Raises EvaluationError if nothing can run."""
    output = Path(options.output_dir).expanduser().resolve()
    for label, folder in (("images", options.images_dir), ("ground-truth", options.masks_dir)):
        if Path(folder).expanduser().resolve() == output:
            raise EvaluationError(
                f"The output folder must differ from the {label} folder '{folder}' "
                "(SegDesk never writes among your originals)."
            )
    pairs = pair_images(
        options.images_dir,
        options.masks_dir,
        recursive=options.recursive,
        mask_suffix=options.mask_suffix,
        exclude=options.output_dir,
    )
    if not pairs:
        where = " or its subfolders" if options.recursive else ""
        hint = "" if options.recursive else " (use --recursive to include subfolders)"
        raise EvaluationError(f"No images in '{options.images_dir}'{where}{hint}.")
    return pairs


class EvaluationRun:
    """Iterate to run: yields one EvaluationRow per (image, model) — images in input order, the
    models in the order given — and then writes the three outputs and sets `result`.

    `segmenters` are loaded models (desktop.core.segmenter.Segmenter or anything with `package`,
    `device`, `threshold` and `predict(image) -> Prediction`); each is loaded once by the caller
    and each image runs through each of them once. `cancel` is checked between images: rows of
    images already started are finished, the outputs then describe what was done.
    """

    def __init__(
        self,
        segmenters: Sequence[Any],
        options: EvaluationOptions,
        cancel: threading.Event | None = None,
        *,
        bootstrap_seed: int = 0,
    ) -> None:
        if not segmenters:
            raise EvaluationError("Evaluation needs at least one model.")
        names = [segmenter.package.name for segmenter in segmenters]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise EvaluationError(
                f"Two of the models are both named '{duplicates[0]}'; evaluate models with "
                "different names (rows are labelled by model name)."
            )
        self.segmenters = list(segmenters)
        self.options = options
        self.cancel = cancel or threading.Event()
        self.bootstrap_seed = bootstrap_seed
        self.pairs = prepare_evaluation(options)
        self.output_dir = Path(options.output_dir).expanduser()
        self.result: EvaluationResult | None = None
        self._truth_transforms = [_truth_transform(segmenter) for segmenter in self.segmenters]

    @property
    def model_names(self) -> list[str]:
        return [segmenter.package.name for segmenter in self.segmenters]

    @property
    def total(self) -> int:
        """Rows the run will yield unless cancelled: images × models."""
        return len(self.pairs) * len(self.segmenters)

    def __iter__(self) -> Iterator[EvaluationRow]:
        started = datetime.now(timezone.utc)
        rows: list[EvaluationRow] = []
        gallery = Gallery(GALLERY_SIZE)
        cancelled = False
        # As in batch: the decode thread and the network are the parallelism (core.thread_budget).
        with opencv_single_threaded():
            for pair, loaded in decode_ahead(self.pairs, _load_pair):
                if self.cancel.is_set():
                    cancelled = True
                    break
                for row in self._evaluate(pair, loaded, gallery):
                    rows.append(row)
                    yield row
        if not cancelled and self.cancel.is_set() and len(rows) < self.total:
            cancelled = True
        self.result = self._write_outputs(rows, gallery.cases(), started, cancelled)

    def _evaluate(
        self, pair: EvaluationPair, loaded: Future, gallery: Gallery
    ) -> Iterator[EvaluationRow]:
        base = {"file": pair.relative, "image_path": pair.image, "mask_path": pair.mask}
        try:
            image, truth = loaded.result()
        except Exception as exc:  # noqa: BLE001 - reported per image; the run goes on
            for name in self.model_names:
                yield EvaluationRow(model=name, status="failed", error=_reason(exc), **base)
            return
        height, width = image.shape[:2]
        base |= {"width": width, "height": height}
        if truth.shape != (height, width):
            reason = (
                f"ground truth '{pair.mask}' is {truth.shape[1]}×{truth.shape[0]} but the image "
                f"'{pair.image}' is {width}×{height}"
            )
            for name in self.model_names:
                yield EvaluationRow(model=name, status="failed", error=reason, **base)
            return
        truths_model_res: dict[str, np.ndarray] = {}  # per distinct transform
        for segmenter, (key, transform) in zip(
            self.segmenters, self._truth_transforms, strict=True
        ):
            name = segmenter.package.name
            start = time.perf_counter()
            try:
                prediction = segmenter.predict(image)
                if key not in truths_model_res:
                    truths_model_res[key] = model_resolution_truth(transform, image, truth)
                counts = overlap(prediction.mask, truth)
                counts_model_res = overlap(prediction.model_mask, truths_model_res[key])
            except Exception as exc:  # noqa: BLE001 - one bad image must not stop the run
                yield EvaluationRow(model=name, status="failed", error=_reason(exc), **base)
                continue
            row = EvaluationRow(
                model=name, status="ok", counts=counts, counts_model_res=counts_model_res,
                seconds=time.perf_counter() - start, **base,
            )  # fmt: skip
            gallery.offer(row, image, truth, prediction.mask)
            yield row

    def _write_outputs(
        self,
        rows: list[EvaluationRow],
        worst: tuple[WorstCase, ...],
        started: datetime,
        cancelled: bool,
    ) -> EvaluationResult:
        from desktop.core.evaluation.report import render_report
        from desktop.core.evaluation.summary import summarize

        summary = summarize(
            rows,
            self.segmenters,
            bootstrap_seed=self.bootstrap_seed,
            run={
                "images_dir": str(self.options.images_dir),
                "masks_dir": str(self.options.masks_dir),
                "output_dir": str(self.output_dir),
                "recursive": self.options.recursive,
                "mask_suffix": self.options.mask_suffix,
                "images": len(self.pairs),
                "started": started.isoformat(timespec="seconds"),
                "ended": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "cancelled": cancelled,
            },
        )
        metrics_path = self.output_dir / METRICS_NAME
        summary_path = self.output_dir / SUMMARY_NAME
        report_path = self.output_dir / REPORT_NAME
        write_text_atomic(metrics_path, metrics_csv(rows))
        write_text_atomic(summary_path, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        write_text_atomic(report_path, render_report(summary, rows, worst))
        return EvaluationResult(
            tuple(rows), summary, self.output_dir, metrics_path, summary_path, report_path,
            cancelled, worst,
        )  # fmt: skip


def metrics_csv(rows: Sequence[EvaluationRow]) -> str:
    """The text of `metrics.csv` (DESIGN §9 columns, in row order)."""
    return csv_text(METRICS_FIELDS, (row.csv_row() for row in rows))


def model_resolution_truth(transform, image: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """The ground truth as a training notebook validates: passed through the package's
    transform together with the image (`transform(image=image, mask=gt)`, so albumentations
    resizes it with its mask interpolation, nearest), foreground where ≥ 128."""
    mask = transform(image=image, mask=truth.astype(np.uint8) * np.uint8(255))["mask"]
    mask = mask.numpy() if hasattr(mask, "numpy") else np.asarray(mask)
    if mask.ndim == 3:  # (H, W, 1) or (1, H, W) depending on ToTensorV2's transpose_mask
        mask = mask[..., 0] if mask.shape[-1] == 1 else mask[0]
    return mask >= 128


def _truth_transform(segmenter) -> tuple[str, Any]:
    """(key, the package's transform rebuilt by albumentations): models with the same
    transform share the key, so the ground truth is transformed once per image for them."""
    from desktop.core.model_loader import build_transform

    package = segmenter.package
    return json.dumps(package.transform, sort_keys=True), build_transform(package)


def _load_pair(pair: EvaluationPair) -> tuple[np.ndarray, np.ndarray]:
    """Runs on the decode thread: the image, then its ground truth (the missing-ground-truth
    reason first, so no time is spent decoding an image that cannot be scored)."""
    if pair.mask is None:
        raise EvaluationError(pair.problem)
    truth = load_ground_truth(pair.mask)
    return load_rgb(pair.image, pair.frame), truth


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SegDeskError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
