"""Files a prediction becomes: mask, overlay and probability PNGs plus a provenance record.

An edited mask (`desktop.core.editing.EditedMask`) is exported as shown: the mask and overlay
files show the edited mask, the record says `edited`, `pixels_added`, `pixels_removed` (against
the base mask) and counts the shown mask, and the model's own mask is kept beside it as
`<stem>_mask_model.png` whenever the two differ.
"""

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
from desktop.core.editing import EditedMask
from desktop.core.image_io import write_png
from desktop.core.package import ModelPackage, file_sha256
from desktop.core.paths import absolute
from desktop.core.prediction import Prediction

OUTPUT_KINDS = ("mask", "overlay", "prob")
SEG_KIND = "seg"  # a DICOM Segmentation, for DICOM inputs only (DESIGN §10)
SAVE_KINDS = (*OUTPUT_KINDS, SEG_KIND)
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


def input_record(input_path: Path, input_dir: Path | None = None) -> dict[str, Any]:
    """The `input` of a provenance record: the absolute path (whatever the working directory
    was) and, for an image of a folder (review, batch), the folder and the path within it,
    which still identify the image when the folder is moved or read on another machine."""
    record: dict[str, Any] = {"path": str(absolute(input_path))}
    if input_dir is not None:
        record["input_dir"] = str(absolute(input_dir))
        try:
            relative = absolute(input_path).relative_to(absolute(input_dir))
        except ValueError:  # not in the folder after all: the absolute path says it all
            pass
        else:
            record["relative_path"] = relative.as_posix()
    record["sha256"] = file_sha256(input_path)
    return record


def provenance(
    prediction: Prediction,
    package: ModelPackage,
    input_path: Path | None,
    outputs: dict[str, str],
    *,
    exact_disagreement_ppm: float | None = None,
    dicom: dict[str, Any] | None = None,
    warnings: list[str] | None = None,
    foreground_mm2: float | None = None,
    edited: EditedMask | None = None,
    input_dir: Path | None = None,
) -> dict[str, Any]:
    """Everything needed to reproduce (or challenge) one exported mask.

    `precision` is the engine's arithmetic (`fp32`/`bf16`); `exact_disagreement_ppm`, when
    given, is this image's measured mask disagreement with the exact engine (DESIGN §7).
    For a DICOM input, `dicom` is its `DicomInfo.source_record(frame)`: the source
    SOPInstanceUID and frame (never a patient identifier). With `edited`, the record describes
    the mask as shown (foreground, components) and says how it differs from its base mask.
    """
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
        record["input"] = input_record(input_path, input_dir)
    if dicom is not None:
        record["dicom"] = dicom
    if foreground_mm2 is not None:
        record["foreground_mm2"] = foreground_mm2
    if warnings:
        record["warnings"] = list(warnings)
    if edited is not None:
        record.update(edit_record(edited))
    return record


def write_seg_output(
    source_path: Path,
    masks: np.ndarray,
    package: ModelPackage,
    out_path: Path,
    frame_numbers: list[int] | None = None,
) -> Path:
    """Write the DICOM Segmentation of `masks` (frames, H, W) for the DICOM file `source_path`:
    one segment labelled from the model, algorithm = model name and sha256 prefix (§10)."""
    from desktop.core.dicom.seg import SegAlgorithm, write_seg

    return write_seg(source_path, masks, SegAlgorithm.from_package(package), out_path,
                     frame_numbers)  # fmt: skip


def edit_record(edited: EditedMask) -> dict[str, Any]:
    """The provenance fields of a (possibly) corrected mask (DESIGN §7)."""
    mask = edited.mask
    count, _ = cv2.connectedComponents(mask.view(np.uint8), connectivity=8)
    foreground = int(np.count_nonzero(mask))
    return {
        "edited": edited.is_edited,
        "pixels_added": edited.pixels_added,
        "pixels_removed": edited.pixels_removed,
        "base_mask": edited.origin,
        "foreground_pixels": foreground,
        "foreground_fraction": foreground / max(1, mask.size),
        "components": int(count) - 1,
    }


def write_outputs(
    base: Path,
    image: np.ndarray,
    prediction: Prediction,
    kinds: Collection[str],
    color: tuple[int, int, int] = DEFAULT_COLOR,
    opacity: float = DEFAULT_OPACITY,
    outline: bool = False,
    mask: np.ndarray | None = None,
) -> dict[str, Path]:
    """Write `<base>_mask.png` etc. for each kind asked, atomically; returns kind → path.

    `mask` (bool, H×W) replaces the prediction's mask in the mask and overlay files."""
    unknown = set(kinds) - set(OUTPUT_KINDS)
    if unknown:
        raise ValueError(f"unknown output kinds {sorted(unknown)}; use {OUTPUT_KINDS}")
    shown = prediction.mask if mask is None else mask
    written: dict[str, Path] = {}
    for kind in OUTPUT_KINDS:
        if kind not in kinds:
            continue
        path = base.with_name(f"{base.name}_{kind}.png")
        if kind == "mask":
            write_png(path, mask_image(shown))
        elif kind == "overlay":
            write_png(path, render_overlay(image, shown, color, opacity, outline))
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
    *,
    exact_disagreement_ppm: float | None = None,
    frame: int | None = None,
    dicom: dict[str, Any] | None = None,
    warnings: list[str] | None = None,
    foreground_mm2: float | None = None,
    edited: EditedMask | None = None,
) -> list[Path]:
    """Export one prediction at the image's original size, with `<stem>_provenance.json`.

    `frame` (0-based) names a frame of a multi-frame DICOM input (`x_f0003`); `seg` in
    `outputs` also writes `<stem>_seg.dcm` for a DICOM input, referencing that frame.
    With `edited`, the mask as shown is exported (also in the SEG), and `<stem>_mask_model.png`
    (the model's mask at the prediction's threshold) too when it differs from the shown mask.
    """
    stem = stem or (input_path.stem if input_path is not None else "image")
    if frame is not None and stem == (input_path.stem if input_path is not None else None):
        from desktop.core.dicom.batch_frames import frame_name

        stem = frame_name(stem, frame)
    base = Path(out_dir) / stem
    image_kinds = [kind for kind in outputs if kind != SEG_KIND]
    shown = None if edited is None else edited.mask
    written = write_outputs(base, image, prediction, image_kinds, color, opacity, outline, shown)
    if shown is not None and not np.array_equal(shown, prediction.mask):
        model_path = base.with_name(f"{base.name}_mask_model.png")
        write_png(model_path, mask_image(prediction.mask))
        written["mask_model"] = model_path
    if SEG_KIND in outputs and dicom is not None and input_path is not None:
        numbers = [frame + 1] if frame is not None else None
        seg_mask = prediction.mask if shown is None else shown
        written[SEG_KIND] = write_seg_output(
            input_path, seg_mask[None], package, base.with_name(f"{stem}_seg.dcm"), numbers
        )
    record = provenance(
        prediction, package, input_path, {kind: path.name for kind, path in written.items()},
        exact_disagreement_ppm=exact_disagreement_ppm,
        dicom=dicom, warnings=warnings, foreground_mm2=foreground_mm2, edited=edited,
    )  # fmt: skip
    provenance_path = base.with_name(f"{stem}_provenance.json")
    write_text_atomic(provenance_path, json.dumps(record, indent=2) + "\n")
    return [*written.values(), provenance_path]



def export_reviewed_mask(
    edited: EditedMask,
    input_path: Path,
    base: Path,
    *,
    starting_mask: dict[str, Any],
    prediction: Prediction | None = None,
    package: ModelPackage | None = None,
    keep_model_mask: bool = False,
    review: dict[str, Any] | None = None,
    dicom: dict[str, Any] | None = None,
    foreground_mm2: float | None = None,
    input_dir: Path | None = None,
) -> list[Path]:
    """Write an accepted mask (review mode, DESIGN §8) as `<base>_mask.png` with its
    `<base>_provenance.json`, both atomically.

    `edited` is the mask as shown with the mask it started from; `starting_mask` says where that
    came from (the model now, or a file already in OUT with what its records say). With the
    `prediction`/`package` that made it, the record is the ordinary `provenance()` one; for a
    mask read from a file it carries that file's model, device and threshold. With
    `keep_model_mask`, an edited mask also gets the untouched starting mask beside it as
    `<base>_mask_model.png`. `dicom` is a DICOM input's source record (SOPInstanceUID, frame).
    `input_dir` is the review's IN, recorded with the image's path within it."""
    mask_path = base.with_name(f"{base.name}_mask.png")
    write_png(mask_path, mask_image(edited.mask))
    outputs = {"mask": mask_path.name}
    if keep_model_mask and edited.is_edited:
        model_path = base.with_name(f"{base.name}_mask_model.png")
        write_png(model_path, mask_image(edited.base))
        outputs["mask_model"] = model_path.name
    if prediction is not None and package is not None:
        record = provenance(
            prediction, package, input_path, outputs, dicom=dicom, edited=edited,
            input_dir=input_dir, exact_disagreement_ppm=starting_mask.get("exact_disagreement_ppm"),
        )  # fmt: skip
    else:
        record = {
            "app": {"name": "SegDesk", "version": __version__},
            "model": starting_mask.get("model"),
            "device": starting_mask.get("device"),
            "threshold": starting_mask.get("threshold"),
            "training_threshold": starting_mask.get("training_threshold"),
            "threshold_overridden": starting_mask.get("threshold_overridden"),
            "transform": starting_mask.get("transform"),
            "loader": starting_mask.get("loader"),
            "precision": starting_mask.get("precision"),
            "input": input_record(input_path, input_dir),
            "outputs": outputs,
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            **edit_record(edited),
        }
        if dicom is not None:
            record["dicom"] = dicom
        if starting_mask.get("exact_disagreement_ppm") is not None:
            record["exact_disagreement_ppm"] = starting_mask["exact_disagreement_ppm"]
    height, width = edited.mask.shape
    record["image_size"] = {"height": int(height), "width": int(width)}
    record["starting_mask"] = starting_mask
    if review is not None:
        record["review"] = review
    if dicom is not None:  # DESIGN §7: the source SOPInstanceUID and frame
        record["dicom"] = dicom
    if foreground_mm2 is not None:
        record["foreground_mm2"] = foreground_mm2
    provenance_path = base.with_name(f"{base.name}_provenance.json")
    write_text_atomic(provenance_path, json.dumps(record, indent=2) + "\n")
    return [*(base.with_name(name) for name in outputs.values()), provenance_path]
