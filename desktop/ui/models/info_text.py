"""A model package's facts in words for the Model Info dialog: human labels, grouped, and no
empty fields (no `heldout.failed []` or `encoder_init None`)."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.core.package import ModelPackage
from desktop.ui.i18n import numbers

LABELS = {
    "generator": QT_TRANSLATE_NOOP("ModelInfo", "Training data made by"),
    "train_seed": QT_TRANSLATE_NOOP("ModelInfo", "Training seed"),
    "val_seed": QT_TRANSLATE_NOOP("ModelInfo", "Validation seed"),
    "seed": QT_TRANSLATE_NOOP("ModelInfo", "Seed"),
    "steps": QT_TRANSLATE_NOOP("ModelInfo", "Training steps"),
    "epochs": QT_TRANSLATE_NOOP("ModelInfo", "Epochs"),
    "batch_size": QT_TRANSLATE_NOOP("ModelInfo", "Batch size"),
    "frames_seen": QT_TRANSLATE_NOOP("ModelInfo", "Images seen in training"),
    "train_minutes": QT_TRANSLATE_NOOP("ModelInfo", "Training time (minutes)"),
    "median_step_seconds": QT_TRANSLATE_NOOP("ModelInfo", "Median step time (seconds)"),
    "optimizer": QT_TRANSLATE_NOOP("ModelInfo", "Optimizer"),
    "loss": QT_TRANSLATE_NOOP("ModelInfo", "Loss function"),
    "augmentation": QT_TRANSLATE_NOOP("ModelInfo", "Augmentation"),
    "encoder_weights": QT_TRANSLATE_NOOP("ModelInfo", "Encoder pre-trained weights"),
    "encoder_init": QT_TRANSLATE_NOOP("ModelInfo", "Encoder initialisation"),
    "finished": QT_TRANSLATE_NOOP("ModelInfo", "Training finished"),
    "torch": QT_TRANSLATE_NOOP("ModelInfo", "PyTorch version"),
    "segmentation_models_pytorch": QT_TRANSLATE_NOOP(
        "ModelInfo", "segmentation-models-pytorch version"
    ),
    "albumentations": QT_TRANSLATE_NOOP("ModelInfo", "albumentations version"),
    "validation": QT_TRANSLATE_NOOP("ModelInfo", "Validation"),
    "heldout": QT_TRANSLATE_NOOP("ModelInfo", "Held-out test"),
    "frames": QT_TRANSLATE_NOOP("ModelInfo", "Images"),
    "scored": QT_TRANSLATE_NOOP("ModelInfo", "Images scored"),
    "failed": QT_TRANSLATE_NOOP("ModelInfo", "Images that failed"),
    "resolution": QT_TRANSLATE_NOOP("ModelInfo", "Scored at"),
    "command": QT_TRANSLATE_NOOP("ModelInfo", "Command"),
    "dice": QT_TRANSLATE_NOOP("ModelInfo", "Dice"),
    "iou": QT_TRANSLATE_NOOP("ModelInfo", "IoU"),
    "global_dice": QT_TRANSLATE_NOOP("ModelInfo", "Dice, all pixels pooled"),
    "global_iou": QT_TRANSLATE_NOOP("ModelInfo", "IoU, all pixels pooled"),
    "dice_frames_with_lesions": QT_TRANSLATE_NOOP("ModelInfo", "Dice on images with a lesion"),
    "empty_frames": QT_TRANSLATE_NOOP("ModelInfo", "Images without a lesion"),
    "empty_frames_with_false_positives": QT_TRANSLATE_NOOP(
        "ModelInfo", "Images without a lesion where the model found one"
    ),
    "batch_seconds": QT_TRANSLATE_NOOP("ModelInfo", "Batch time (seconds)"),
    "evaluated": QT_TRANSLATE_NOOP("ModelInfo", "Evaluated"),
    "val_dice": QT_TRANSLATE_NOOP("ModelInfo", "Validation Dice"),
    "val_iou": QT_TRANSLATE_NOOP("ModelInfo", "Validation IoU"),
}


# Values SegDesk itself writes into a package's training record (the "resolution" a score was
# measured at); any other value is the model author's and is shown as written.
VALUES = {
    "original image size (SegDesk batch export)": QT_TRANSLATE_NOOP(
        "ModelInfo", "original image size (SegDesk batch export)"
    ),
}
_MODEL_SIZE = re.compile(r"(\d+)x(\d+) \(model\)")


def known_value_text(value: str) -> str:
    """A value SegDesk wrote, in the UI language ("256x256 (model)" → "256×256 (model)")."""
    if value in VALUES:
        return _tr(VALUES[value])
    size = _MODEL_SIZE.fullmatch(value)
    if size:
        text = QCoreApplication.translate("ModelInfo", "{0}×{1} (model)")
        return text.format(size.group(1), size.group(2))
    return value


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
        return (
            QCoreApplication.translate("ModelInfo", "yes")
            if value
            else QCoreApplication.translate("ModelInfo", "no")
        )
    if isinstance(value, float):
        return numbers.general(value, 4)
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(item) for item in value)
    return known_value_text(value) if isinstance(value, str) else str(value)


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
    # The description is the author's own words, never translated: its label says so.
    description = QCoreApplication.translate("ModelInfo", "Description (the author's)")
    rows = [
        (QCoreApplication.translate("ModelInfo", "Name"), package.name),
        (description, package.description),
        (QCoreApplication.translate("ModelInfo", "Architecture"), package.architecture),
        (QCoreApplication.translate("ModelInfo", "Encoder"), package.encoder),
        (QCoreApplication.translate("ModelInfo", "Input size"), size),
        (
            QCoreApplication.translate("ModelInfo", "Threshold"),
            QCoreApplication.translate(
                "ModelInfo", "{0} (mask = probability > threshold)"
            ).format(numbers.general(package.threshold)),
        ),
        (QCoreApplication.translate("ModelInfo", "Image preparation"), package.transform_summary()),
        (QCoreApplication.translate("ModelInfo", "Image loader"), package.loader),
        (QCoreApplication.translate("ModelInfo", "Labels"), ", ".join(package.labels)),
        (QCoreApplication.translate("ModelInfo", "Weights sha256"), package.sha256),
        (QCoreApplication.translate("ModelInfo", "Source"), package.source),
        (
            QCoreApplication.translate("ModelInfo", "Installed"),
            QCoreApplication.translate("ModelInfo", "bundled with SegDesk")
            if package.bundled
            else QCoreApplication.translate("ModelInfo", "user model"),
        ),
        (QCoreApplication.translate("ModelInfo", "Folder"), str(package.folder)),
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
        heading = html.escape(QCoreApplication.translate("ModelInfo", "Training"))
        body += f"<tr><th colspan='2' align='left'><br>{heading}</th></tr>"
        body += "".join(row(label, value, depth + 1) for label, value, depth in training)
    return f"<table cellspacing='4'>{body}</table>"


def self_test_text(report) -> str:
    """What the self-test proves, and what it does not, in plain words."""
    if report is None:
        return QCoreApplication.translate("ModelInfo", "Self-test: not run on this device yet.")
    cases = len(getattr(report, "cases", ()))
    cases = numbers.integer(cases) if cases else "the"
    ppm = getattr(report, "mismatched_ppm", 0.0)
    tolerance = getattr(report, "tolerance_ppm", 0.0)
    if report.passed:
        if ppm == 0:
            how = QCoreApplication.translate("ModelInfo", "exactly")
        else:
            how = QCoreApplication.translate(
                "ModelInfo", "within tolerance ({0} mismatched pixels per million)"
            ).format(numbers.fixed(ppm, 1))
        return QCoreApplication.translate(
            "ModelInfo",
            "PASS: SegDesk reproduces this model's reference outputs {0} ({1} reference "
            "images). This proves the app runs the model as it was trained; it does not say "
            "how accurate the model's masks are.",
        ).format(how, cases)
    return QCoreApplication.translate(
        "ModelInfo",
        "FAIL: SegDesk does not reproduce this model's reference outputs on this device "
        "({0} mismatched pixels per million, tolerance {1}). Masks from this device may "
        "differ from the training notebook's.",
    ).format(numbers.fixed(ppm, 1), numbers.general(tolerance))
