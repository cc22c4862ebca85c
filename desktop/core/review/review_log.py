"""`OUT/review.csv` (DESIGN §8): one row per accepted mask, read back to resume a review.

Rows are only ever added (a mask accepted twice has two rows; the last one counts). Each
append rewrites the file through a temporary name, so a crash never leaves half a row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop.core.atomic import write_text_atomic

LOG_NAME = "review.csv"
FIELDS = (
    "file", "state", "edited", "pixels_added", "pixels_removed", "foreground_pixels",
    "accepted_at",
)  # fmt: skip


@dataclass(frozen=True)
class ReviewRow:
    file: str  # relative to IN with '/' separators, like report.csv
    state: str
    edited: bool
    pixels_added: int
    pixels_removed: int
    foreground_pixels: int
    accepted_at: str  # ISO 8601, UTC

    def as_csv(self) -> dict[str, str]:
        row = {key: str(value) for key, value in asdict(self).items()}
        row["edited"] = "true" if self.edited else "false"
        return row


def read_rows(path: Path) -> list[ReviewRow]:
    """The rows of a review log; unreadable lines (a hand-edited file) are skipped."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    rows = []
    for raw in csv.DictReader(io.StringIO(text)):
        try:
            rows.append(
                ReviewRow(
                    file=raw["file"],
                    state=raw["state"],
                    edited=raw["edited"] == "true",
                    pixels_added=int(raw["pixels_added"]),
                    pixels_removed=int(raw["pixels_removed"]),
                    foreground_pixels=int(raw["foreground_pixels"]),
                    accepted_at=raw["accepted_at"],
                )  # fmt: skip
            )
        except (KeyError, TypeError, ValueError):
            continue
    return rows


def latest_by_file(rows: list[ReviewRow]) -> dict[str, ReviewRow]:
    return {row.file: row for row in rows}


def append_row(path: Path, row: ReviewRow) -> None:
    """Add one row (with the header if the file is new), atomically."""
    try:
        existing = path.read_text("utf-8")
    except FileNotFoundError:
        existing = ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    if not existing.strip():
        existing = ""
        writer.writeheader()
    elif not existing.endswith("\n"):
        existing += "\n"
    writer.writerow(row.as_csv())
    write_text_atomic(path, existing + buffer.getvalue())
