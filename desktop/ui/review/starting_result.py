"""A starting mask read from OUT, shown like any segmentation result.

The session and the overlay show `SegmentResult`s. A mask file has no probabilities, so its
"probability" is the mask itself (1 or 0): cut at any threshold between 0 and 1 it gives the
mask back, bit for bit. The result names the model the file's records name (not the model
loaded now), so the result panel, an export and the editing layer all say who made it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication

from desktop.core.devices import Device, label_for_id
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction
from desktop.core.review import BaseMask
from desktop.core.review.session import Draft
from desktop.core.review.starting_mask import FILE
from desktop.ui.i18n.core_text import device_label
from desktop.ui.worker.jobs import SegmentResult

UNKNOWN = "unknown"


def result_from_base(image_path: Path, base: BaseMask) -> SegmentResult:
    height, width = base.mask.shape
    probability = base.mask.astype(np.float32)
    threshold = base.threshold if base.threshold is not None and 0 < base.threshold < 1 else 0.5
    prediction = Prediction.from_model_probability(
        probability, (height, width), threshold=threshold, device=base.device or UNKNOWN
    )
    device_id = base.device or UNKNOWN
    label = QCoreApplication.translate("StartingResult", "{0} (earlier run, mask read from {1})")
    device = Device(device_id, label.format(recorded_device_name(base.device), base.file), "file")
    return SegmentResult(Path(image_path), prediction, package_of(base), device, None, 0.0)


def recorded_device_name(device_id: str | None) -> str:
    """The device a mask's records name, as the device picker would call it, in the UI
    language: "CPU (exact)", not the raw id "cpu"."""
    if not device_id or device_id == UNKNOWN:
        return QCoreApplication.translate("StartingResult", "unknown device")
    return device_label(label_for_id(device_id))


def package_of(base: BaseMask) -> ModelPackage:
    """The model a base mask's records name, as a package description (its weights are not
    needed: nothing is run with it)."""
    model = base.model or {}
    training = base.training_threshold if base.training_threshold is not None else base.threshold
    return ModelPackage(
        folder=Path(str(model.get("folder") or "")),
        name=str(model.get("name") or UNKNOWN),
        architecture=str(model.get("architecture") or UNKNOWN),
        encoder=str(model.get("encoder") or UNKNOWN),
        in_channels=3,
        classes=1,
        transform=base.extra.get("transform") or {},
        loader=str(base.extra.get("loader") or "opencv-rgb"),
        activation="sigmoid",
        threshold=float(training if training is not None else 0.5),
        weights="",
        sha256=str(model.get("sha256") or ""),
        input_size=None,
        description=QCoreApplication.translate(
            "StartingResult", "The starting mask was read from {0}."
        ).format(base.file),
        source="file",
    )


def draft_result(draft: Draft, image_path: Path, cached: SegmentResult | None) -> SegmentResult:
    """The result a kept draft was corrected over: a file's mask as read; else the model's
    result, from the cache (`cached`) while it is there, else rebuilt from the draft."""
    if draft.base.origin == FILE or draft.prediction is None or draft.package is None:
        return result_from_base(image_path, draft.base)
    if cached is not None:
        return cached
    device_id = draft.prediction.device
    # The id is recorded; the label is what the result panel and status bar show.
    device = Device(device_id, label_for_id(device_id), "torch")
    return SegmentResult(image_path, draft.prediction, draft.package, device, None, 0.0)
