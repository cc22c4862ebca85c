"""Files a prediction becomes: mask, overlay and probability PNGs plus a provenance record."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
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


@dataclass(frozen=True)
class OverlaySpec:
    """How overlay files are drawn: the app's overlay colour, opacity and outline choice."""

    color: tuple[int, int, int] = DEFAULT_COLOR
    opacity: float = DEFAULT_OPACITY
    outline: bool = False

    def record(self) -> dict[str, Any]:
        """As written to run.json / provenance records."""
        return {
            "color": [int(c) for c in self.color],
            "opacity": round(float(self.opacity), 3),
            "mode": "outline" if self.outline else "fill",
        }


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
    *,
    exact_disagreement_ppm: float | None = None,
) -> dict[str, Any]:
    """Everything needed to reproduce (or challenge) one exported mask.

    `precision` is the engine's arithmetic (`fp32`/`bf16`); `exact_disagreement_ppm`, when
    given, is this image's measured mask disagreement with the exact engine (DESIGN §7)."""
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
    record["precision"] = getattr(prediction, "precision", "fp32")
    if exact_disagreement_ppm is not None:
        record["exact_disagreement_ppm"] = round(float(exact_disagreement_ppm), 3)
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
    exact_disagreement_ppm: float | None = None,
) -> list[Path]:
    """Export one prediction at the image's original size, with `<stem>_provenance.json`."""
    stem = stem or (input_path.stem if input_path is not None else "image")
    base = Path(out_dir) / stem
    written = write_outputs(base, image, prediction, outputs, color, opacity, outline)
    record = provenance(
        prediction, package, input_path, {kind: path.name for kind, path in written.items()},
        exact_disagreement_ppm=exact_disagreement_ppm,
    )  # fmt: skip
    provenance_path = base.with_name(f"{stem}_provenance.json")
    write_text_atomic(provenance_path, json.dumps(record, indent=2) + "\n")
    return [*written.values(), provenance_path]
