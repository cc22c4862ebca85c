"""The last review's folders and whether it was still open, kept in the settings so that the
app reopens an unfinished review where it was left (and Review Folder… is filled in)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.review import ReviewOptions
from desktop.ui.shell.settings import AppSettings

SETTINGS_KEY = "review"


def remembered_review(settings: AppSettings) -> tuple[ReviewOptions | None, bool]:
    """The last review's folders and whether it was still open when the app closed."""
    data = settings.choices(SETTINGS_KEY)
    if not data.get("input_dir") or not data.get("output_dir"):
        return None, False
    threshold = data.get("threshold")
    options = ReviewOptions(
        Path(data["input_dir"]), Path(data["output_dir"]), bool(data.get("recursive")),
        float(threshold) if isinstance(threshold, (int, float)) else None,
    )  # fmt: skip
    return options, bool(data.get("active"))


def remember_review(settings: AppSettings, options: ReviewOptions, active: bool) -> None:
    settings.set_choices(SETTINGS_KEY, {
        "input_dir": str(options.input_dir), "output_dir": str(options.output_dir),
        "recursive": options.recursive, "threshold": options.threshold, "active": active,
    })  # fmt: skip
