"""A model package's facts in words for the Model Info dialog: human labels, grouped, and no
empty fields (no `heldout.failed []` or `encoder_init None`)."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QCoreApplication

from desktop.core.package import ModelPackage

LABELS = {
    "generator": "Training data made by",
    "train_seed": "Training seed",
    "val_seed": "Validation seed",
    "seed": "Seed",
    "steps": "Training steps",
    "epochs": "Epochs",
    "batch_size": "Batch size",
    "frames_seen": "Images seen in training",
    "train_minutes": "Training time (minutes)",
    "median_step_seconds": "Median step time (seconds)",
    "optimizer": "Optimizer",
    "loss": "Loss function",
    "augmentation": "Augmentation",
    "encoder_weights": "Encoder pre-trained weights",
    "encoder_init": "Encoder initialisation",
    "finished": "Training finished",
    "torch": "PyTorch version",
    "segmentation_models_pytorch": "segmentation-models-pytorch version",
    "albumentations": "albumentations version",
    "validation": "Validation",
    "heldout": "Held-out test",
    "frames": "Images",
    "scored": "Images scored",
    "failed": "Images that failed",
    "resolution": "Scored at",
    "command": "Command",
    "dice": "Dice",
    "iou": "IoU",
    "global_dice": "Dice, all pixels pooled",
    "global_iou": "IoU, all pixels pooled",
    "dice_frames_with_lesions": "Dice on images with a lesion",
    "empty_frames": "Images without a lesion",
    "empty_frames_with_false_positives": "Images without a lesion where the model found one",
    "batch_seconds": "Batch time (seconds)",
    "evaluated": "Evaluated",
    "val_dice": "Validation Dice",
    "val_iou": "Validation IoU",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ModelInfo", text)


def human_label(key: str) -> str:
    """A known key's label, else the key in words ('train_minutes' → 'Train minutes')."""
    if key in LABELS:
        return _tr(LABELS[key])
    words = re.sub(r"[_.]+", " ", key).strip()
    return words[:1].upper() + words[1:]


def is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def value_text(value: object) -> str:
    if isinstance(value, bool):
        return _tr("yes") if value else _tr("no")
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(item) for item in value)
    return str(value)


def training_rows(data: dict, depth: int = 0) -> list[tuple[str, str, int]]:
    """(label, value, depth) rows; a nested group is a heading row with an empty value."""
    rows: list[tuple[str, str, int]] = []
    for key, value in data.items():
        if is_empty(value):
            continue
        if isinstance(value, dict):
            inner = training_rows(value, depth + 1)
            if inner:
                rows.append((human_label(key), "", depth))
                rows.extend(inner)
        else:
            rows.append((human_label(key), value_text(value), depth))
    return rows


def manifest_rows(package: ModelPackage) -> list[tuple[str, str]]:
    size = f"{package.input_size[1]} × {package.input_size[0]}" if package.input_size else ""
    rows = [
        (_tr("Name"), package.name),
        (_tr("Description"), package.description),
        (_tr("Architecture"), package.architecture),
        (_tr("Encoder"), package.encoder),
        (_tr("Input size"), size),
        (_tr("Threshold"), _tr("{0:g} (mask = probability > threshold)").format(package.threshold)),
        (_tr("Image preparation"), package.transform_summary()),
        (_tr("Image loader"), package.loader),
        (_tr("Labels"), ", ".join(package.labels)),
        (_tr("Weights sha256"), package.sha256),
        (_tr("Source"), package.source),
        (_tr("Installed"), _tr("bundled with SegDesk") if package.bundled else _tr("user model")),
        (_tr("Folder"), str(package.folder)),
    ]
    return [(label, value) for label, value in rows if not is_empty(value)]


def manifest_html(package: ModelPackage) -> str:
    """The package's facts as a two-column HTML table; empty fields are left out."""

    def row(label: str, value: str, depth: int = 0) -> str:
        pad = "&nbsp;" * 4 * depth
        if not value:
            return f"<tr><th colspan='2' align='left'>{pad}{html.escape(label)}</th></tr>"
        return (
            f"<tr><th align='left' valign='top'>{pad}{html.escape(label)}</th>"
            f"<td>{html.escape(value)}</td></tr>"
        )

    body = "".join(row(label, value) for label, value in manifest_rows(package))
    training = training_rows(package.training)
    if training:
        body += f"<tr><th colspan='2' align='left'><br>{html.escape(_tr('Training'))}</th></tr>"
        body += "".join(row(label, value, depth + 1) for label, value, depth in training)
    return f"<table cellspacing='4'>{body}</table>"


def self_test_text(report) -> str:
    """What the self-test proves, and what it does not, in plain words."""
    if report is None:
        return _tr("Self-test: not run on this device yet.")
    cases = len(getattr(report, "cases", ())) or "the"
    ppm = getattr(report, "mismatched_ppm", 0.0)
    tolerance = getattr(report, "tolerance_ppm", 0.0)
    if report.passed:
        how = (
            _tr("exactly") if ppm == 0
            else _tr("within tolerance ({0:.1f} mismatched pixels per million)").format(ppm)
        )  # fmt: skip
        return _tr(
            "PASS: SegDesk reproduces this model's reference outputs {0} ({1} reference "
            "images). This proves the app runs the model as it was trained; it does not say "
            "how accurate the model's masks are."
        ).format(how, cases)
    return _tr(
        "FAIL: SegDesk does not reproduce this model's reference outputs on this device "
        "({0:.1f} mismatched pixels per million, tolerance {1:g}). Masks from this device may "
        "differ from the training notebook's."
    ).format(ppm, tolerance)
