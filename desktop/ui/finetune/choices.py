"""What the setup dialog starts with and what it refuses, as plain functions (no widgets).

The folders come from the review the clinician is doing or did last (that is what there is to
learn from); the rest of the choices from the last fine-tune.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop.core.package import is_valid_name

MIN_ACCEPTED = 4  # at least 3 held out (DESIGN §12) and at least 1 to train on


def initial_choices(last_finetune: dict, last_review: dict) -> dict:
    """The last fine-tune's choices, with the folders of the review open now (or, when no
    fine-tune was set up yet, of the last review): output folder = reviewed, input = images."""
    choices = dict(last_finetune)
    review_output, review_input = last_review.get("output_dir"), last_review.get("input_dir")
    has_review = bool(review_output and review_input)
    if has_review and (last_review.get("active") or not choices.get("reviewed_dir")):
        choices["reviewed_dir"] = str(review_output)
        choices["images_dir"] = str(review_input)
    return choices


def suggested_name(base: str, taken: Iterable[str]) -> str:
    """`<base>-finetuned`, or `-finetuned-2`, `-3`… when that is taken."""
    taken = set(taken)
    stem = f"{base}-finetuned"[:60]
    name, number = stem, 2
    while name in taken:
        name, number = f"{stem}-{number}", number + 1
    return name


def name_problem(name: str, taken: Iterable[str], models_dir: Path | None) -> str:
    """Why `name` cannot be the new package's name, or "" when it can."""
    if not name:
        return QCoreApplication.translate("FinetuneChoices", "Give the new model a name.")
    if not is_valid_name(name):
        return QCoreApplication.translate(
            "FinetuneChoices", "The name may use letters, digits, '.', '_' and '-' (at most 64)."
        )
    if name in set(taken) or (models_dir is not None and (models_dir / name).exists()):
        return QCoreApplication.translate(
            "FinetuneChoices", "A model called '{0}' already exists: choose another name."
        ).format(name)
    return ""


def folder_problem(text: str, missing: str, absent: str) -> str:
    """`missing` when `text` is empty, `absent` (with {0}) when it is not a folder, else ""."""
    if not text:
        return missing
    if not Path(text).expanduser().is_dir():
        return absent.format(text)
    return ""
