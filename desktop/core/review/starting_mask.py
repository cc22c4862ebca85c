"""The mask a review starts from, and what made it: the model just now, or a file already in OUT.

A mask already in OUT (`<stem>_mask.png`, from `batch` or an earlier review) is the starting
mask, so batch → review works. Its origin is read from its own records: the per-image
`<stem>_provenance.json` (review, export), else the batch's `run.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from desktop.core.batch import RUN_NAME, BatchItem
from desktop.core.export import model_record
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction

MODEL = "model"
FILE = "file"


@dataclass(frozen=True, eq=False)
class BaseMask:
    """A starting mask (H, W bool, read-only) and where it came from (for the provenance)."""

    mask: np.ndarray
    origin: str  # MODEL or FILE
    model: dict[str, Any] | None = None  # name, sha256, ... of the model that made it, if known
    device: str | None = None
    threshold: float | None = None
    training_threshold: float | None = None
    file: str | None = None  # the mask file it was read from (origin FILE)
    made_by: str = ""  # "review", "export", "batch" or "" (unknown) for a file
    extra: dict[str, Any] = field(default_factory=dict)  # transform, loader, ... when known

    @classmethod
    def from_prediction(cls, prediction: Prediction, package: ModelPackage) -> BaseMask:
        return cls(
            mask=prediction.mask,
            origin=MODEL,
            model=model_record(package),
            device=prediction.device,
            threshold=prediction.threshold,
            training_threshold=prediction.training_threshold,
            extra={"transform": package.transform, "loader": package.loader},
        )

    @property
    def model_name(self) -> str:
        return str((self.model or {}).get("name") or "")

    @property
    def threshold_overridden(self) -> bool | None:
        if self.threshold is None or self.training_threshold is None:
            return None
        return self.threshold != self.training_threshold

    @property
    def label(self) -> str:
        """A short text: what made this mask (the editing layer's `origin`)."""
        model = self.model_name or "unknown model"
        if self.origin == FILE:
            return f"{self.file} ({self.made_by or 'earlier run'}, {model})"
        return model

    def record(self) -> dict[str, Any]:
        """The `starting_mask` entry of a provenance record."""
        record: dict[str, Any] = {
            "source": self.origin,
            "model": self.model,
            "device": self.device,
            "threshold": self.threshold,
            "training_threshold": self.training_threshold,
            "threshold_overridden": self.threshold_overridden,
            **self.extra,
        }
        if self.origin == FILE:
            record["file"] = self.file
            record["made_by"] = self.made_by or "unknown"
        return record


def mask_path(item: BatchItem) -> Path:
    return item.output_base.with_name(f"{item.output_base.name}_mask.png")


def provenance_path(item: BatchItem) -> Path:
    return item.output_base.with_name(f"{item.output_base.name}_provenance.json")


def read_existing(
    item: BatchItem, output_dir: Path, image_size: tuple[int, int]
) -> BaseMask | None:
    """The mask OUT already holds for `item`, if any and if it fits the image; else None.

    A file that cannot be read, or has another size than the image, is not a starting mask
    (the model runs instead); it is only replaced when the user accepts a new mask.
    """
    path = mask_path(item)
    mask = read_mask_file(path, image_size)
    if mask is None:
        return None
    mask.flags.writeable = False
    origin = _origin_of(item, Path(output_dir))
    return BaseMask(mask=mask, origin=FILE, file=_relative(path, output_dir), **origin)


def read_mask_file(path: Path, image_size: tuple[int, int]) -> np.ndarray | None:
    """A mask PNG in OUT as bool (grey ≥ 128), or None when it is missing, unreadable or not
    the image's size."""
    if not path.is_file():
        return None
    try:
        data = np.frombuffer(path.read_bytes(), dtype=np.uint8)
        grey = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data.size else None
    except (OSError, cv2.error):
        return None
    if grey is None or grey.shape != tuple(image_size):
        return None
    return grey >= 128


def _origin_of(item: BatchItem, output_dir: Path) -> dict[str, Any]:
    """What the records in OUT say made the mask file: its own provenance, else run.json."""
    record = _read_json(provenance_path(item))
    if record is not None:
        base = record.get("starting_mask")
        base = base if isinstance(base, dict) else None
        made_by = "review" if "review" in record else "export"
        # An earlier review's mask: the model is the one that made *its* starting mask.
        return _fields(record, made_by, base)
    run = _read_json(output_dir / RUN_NAME)
    if run is not None:
        run = _batch_run_of(run, item.relative)
        fields = _fields(run, "batch", None)
        ppm = _audited_ppm(run, item.relative)
        if ppm is not None:  # an approximate batch checked this image against the exact engine
            fields["extra"]["exact_disagreement_ppm"] = ppm
        return fields
    return {}


def _fields(record: dict[str, Any], made_by: str, base: dict[str, Any] | None) -> dict[str, Any]:
    source = base if base is not None and base.get("model") else record
    model = source.get("model") if isinstance(source.get("model"), dict) else None
    threshold = _number(source.get("threshold"))
    training = _number(source.get("training_threshold"))
    if training is None and threshold is not None and not source.get("threshold_overridden"):
        training = threshold
    keys = ("transform", "loader", "precision")
    extra = {key: source[key] for key in keys if source.get(key) is not None}
    device = source.get("device") if isinstance(source.get("device"), str) else None
    return {
        "model": model, "device": device, "threshold": threshold,
        "training_threshold": training, "made_by": made_by, "extra": extra,
    }  # fmt: skip


def _batch_run_of(run: dict[str, Any], relative: str) -> dict[str, Any]:
    """The record of the batch run that made this image's mask: when a resume kept masks of
    earlier runs, run.json's `runs` name each one's files (batch/history.py); otherwise its top
    level describes every mask."""
    runs = run.get("runs")
    if isinstance(runs, list) and len(runs) > 1:
        for record in runs:
            if isinstance(record, dict) and relative in (record.get("files") or ()):
                return record
    return run


def _audited_ppm(run: dict[str, Any], relative: str) -> float | None:
    """This image's measured disagreement in the batch's audit block, if it was audited."""
    audit = run.get("audit")
    images = audit.get("images") if isinstance(audit, dict) else None
    for entry in images if isinstance(images, list) else ():
        if isinstance(entry, dict) and entry.get("file") == relative:
            return _number(entry.get("ppm"))
    return None


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)
