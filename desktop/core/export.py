"""Files a prediction becomes: mask, overlay and probability PNGs plus a provenance record."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from desktop import __version__
from desktop.core.atomic import write_text_atomic
from desktop.core.image_io import write_png
from desktop.core.package import ModelPackage, file_sha256
from desktop.core.prediction import Prediction

OUTPUT_KINDS = ("mask", "overlay", "prob")
DEFAULT_COLOR = (255, 214, 0)  # amber: visible on red/pink tissue, distinct from blood red
DEFAULT_OPACITY = 0.45


def mask_image(mask: np.ndarray) -> np.ndarray:
    """8-bit single channel, 0 background, 255 foreground (DESIGN §4)."""
    return mask.astype(np.uint8) * 255


def probability_image(probability: np.ndarray) -> np.ndarray:
    """16-bit single channel, round(p × 65535) (DESIGN §4)."""
    # In float64: float32 products round ~0.1% of values to the wrong neighbour.
    return np.rint(np.clip(probability.astype(np.float64), 0.0, 1.0) * 65535.0).astype(np.uint16)


def render_overlay(
    image: np.ndarray,
    mask: np.ndarray,
    color: tuple[int, int, int] = DEFAULT_COLOR,
    opacity: float = DEFAULT_OPACITY,
    outline: bool = False,
) -> np.ndarray:
    """The RGB image with the mask painted in `color`: filled and blended, or as its contour."""
    if outline:
        # Contours are drawn at full strength: a faint outline is easy to miss on tissue.
        thickness = max(2, round(max(image.shape[:2]) / 400))
        contours, _ = cv2.findContours(
            mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE
        )
        out = image.copy()
        cv2.drawContours(out, contours, -1, tuple(int(c) for c in color), thickness)
        return out
    out = image.copy()
    region = mask.astype(bool)
    tint = np.array(color, dtype=np.float32)
    out[region] = (image[region] * (1 - opacity) + tint * opacity + 0.5).astype(np.uint8)
    return out


def model_record(package: ModelPackage) -> dict[str, Any]:
    return {
        "name": package.name,
        "architecture": package.architecture,
        "encoder": package.encoder,
        "sha256": package.sha256,
        "folder": str(package.folder),
    }


def provenance(
    prediction: Prediction,
    package: ModelPackage,
    input_path: Path | None,
    outputs: dict[str, str],
) -> dict[str, Any]:
    """Everything needed to reproduce (or challenge) one exported mask."""
    record: dict[str, Any] = {
        "app": {"name": "SegDesk", "version": __version__},
        "model": model_record(package),
        "device": prediction.device,
        "threshold": prediction.threshold,
        "training_threshold": prediction.training_threshold,
        "threshold_overridden": prediction.threshold_overridden,
        "transform": package.transform,
        "loader": package.loader,
        "input": None,
        "image_size": {"height": prediction.image_size[0], "width": prediction.image_size[1]},
        "foreground_pixels": prediction.foreground_pixels,
        "foreground_fraction": prediction.foreground_fraction,
        "components": prediction.components,
        "outputs": outputs,
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if input_path is not None:
        record["input"] = {"path": str(input_path), "sha256": file_sha256(input_path)}
    return record


def write_outputs(
    base: Path,
    image: np.ndarray,
    prediction: Prediction,
    kinds: Collection[str],
    color: tuple[int, int, int] = DEFAULT_COLOR,
    opacity: float = DEFAULT_OPACITY,
    outline: bool = False,
) -> dict[str, Path]:
    """Write `<base>_mask.png` etc. for each kind asked, atomically; returns kind → path."""
    unknown = set(kinds) - set(OUTPUT_KINDS)
    if unknown:
        raise ValueError(f"unknown output kinds {sorted(unknown)}; use {OUTPUT_KINDS}")
    written: dict[str, Path] = {}
    for kind in OUTPUT_KINDS:
        if kind not in kinds:
            continue
        path = base.with_name(f"{base.name}_{kind}.png")
        if kind == "mask":
            write_png(path, mask_image(prediction.mask))
        elif kind == "overlay":
            write_png(path, render_overlay(image, prediction.mask, color, opacity, outline))
        else:
            write_png(path, probability_image(prediction.probability))
        written[kind] = path
    return written


def export_prediction(
    image: np.ndarray,
    prediction: Prediction,
    package: ModelPackage,
    input_path: Path | None,
    out_dir: Path,
    outputs: Collection[str] = OUTPUT_KINDS,
    color: tuple[int, int, int] = DEFAULT_COLOR,
    opacity: float = DEFAULT_OPACITY,
    outline: bool = False,
    stem: str | None = None,
) -> list[Path]:
    """Export one prediction at the image's original size, with `<stem>_provenance.json`."""
    stem = stem or (input_path.stem if input_path is not None else "image")
    base = Path(out_dir) / stem
    written = write_outputs(base, image, prediction, outputs, color, opacity, outline)
    record = provenance(
        prediction, package, input_path, {kind: path.name for kind, path in written.items()}
    )
    provenance_path = base.with_name(f"{stem}_provenance.json")
    write_text_atomic(provenance_path, json.dumps(record, indent=2) + "\n")
    return [*written.values(), provenance_path]


def mask_statistics(mask: np.ndarray) -> dict[str, Any]:
    """Foreground pixels, fraction and 8-connected regions of a (H, W) boolean mask."""
    mask = np.asarray(mask, dtype=bool)
    count, _ = cv2.connectedComponents(mask.view(np.uint8), connectivity=8)
    pixels = int(np.count_nonzero(mask))
    return {
        "foreground_pixels": pixels,
        "foreground_fraction": pixels / max(1, mask.size),
        "components": int(count) - 1,
    }


def export_reviewed_mask(
    mask: np.ndarray,
    input_path: Path,
    base: Path,
    *,
    base_mask: dict[str, Any],
    prediction: Prediction | None = None,
    package: ModelPackage | None = None,
    edited: bool = False,
    pixels_added: int = 0,
    pixels_removed: int = 0,
    review: dict[str, Any] | None = None,
) -> list[Path]:
    """Write an accepted mask as `<base>_mask.png` and its `<base>_provenance.json` (DESIGN §7,
    §8), both atomically. `mask` is the mask as shown (image size, bool); `base_mask` says where
    the starting mask came from. With the `prediction`/`package` that made it, the record is
    the ordinary `provenance()` one; a starting mask read from a file (an earlier batch or
    review) records what that file's own records say about its model."""
    mask = np.asarray(mask, dtype=bool)
    mask_path = base.with_name(f"{base.name}_mask.png")
    write_png(mask_path, mask_image(mask))
    outputs = {"mask": mask_path.name}
    if prediction is not None and package is not None:
        record = provenance(prediction, package, input_path, outputs)
    else:
        record = {
            "app": {"name": "SegDesk", "version": __version__},
            "model": base_mask.get("model"),
            "device": base_mask.get("device"),
            "threshold": base_mask.get("threshold"),
            "training_threshold": base_mask.get("training_threshold"),
            "threshold_overridden": base_mask.get("threshold_overridden"),
            "transform": base_mask.get("transform"),
            "loader": base_mask.get("loader"),
            "input": {"path": str(input_path), "sha256": file_sha256(input_path)},
            "outputs": outputs,
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
    record["image_size"] = {"height": int(mask.shape[0]), "width": int(mask.shape[1])}
    record.update(mask_statistics(mask))  # of the mask as written, edits included
    record["edited"] = bool(edited)
    record["pixels_added"] = int(pixels_added)
    record["pixels_removed"] = int(pixels_removed)
    record["base_mask"] = base_mask
    if review is not None:
        record["review"] = review
    provenance_path = base.with_name(f"{base.name}_provenance.json")
    write_text_atomic(provenance_path, json.dumps(record, indent=2) + "\n")
    return [mask_path, provenance_path]
