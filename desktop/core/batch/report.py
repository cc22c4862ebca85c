"""What a batch reports: one report.csv row per input (ItemResult), the summary a caller shows
(BatchSummary), and writing them so that a file held open elsewhere does not fail the run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.atomic import write_text_atomic
from desktop.core.csv_text import csv_text
from desktop.core.errors import FileInUseError

REPORT_NAME = "report.csv"
RUN_NAME = "run.json"
REPORT_FIELDS = (
    "file", "status", "error", "width", "height",
    "foreground_pixels", "foreground_fraction", "components", "seconds",
)  # fmt: skip
REPORT_FIELDS += ("foreground_mm2", "warning")  # DICOM (§10): area when spacing is known


@dataclass(frozen=True)
class ItemResult:
    file: str
    status: str  # ok | failed | skipped
    error: str = ""
    width: int = 0
    height: int = 0
    foreground_pixels: int = 0
    foreground_fraction: float = 0.0
    components: int = 0
    seconds: float = 0.0
    foreground_mm2: float | None = None  # when the DICOM file gives a pixel spacing
    warning: str = ""

    def row(self) -> dict[str, Any]:
        row = asdict(self)
        row["foreground_fraction"] = f"{self.foreground_fraction:.6f}"
        row["seconds"] = f"{self.seconds:.3f}"
        row["foreground_mm2"] = "" if self.foreground_mm2 is None else f"{self.foreground_mm2:.4f}"
        return row


@dataclass(frozen=True)
class BatchSummary:
    total: int
    done: int
    failed: int
    skipped: int
    cancelled: bool
    output_dir: Path
    report_path: Path
    failures: tuple[tuple[str, str], ...] = field(default=())  # (file, reason)
    audit: dict[str, Any] | None = None  # run.json's audit block (approximate devices only)
    warnings: tuple[tuple[str, str], ...] = field(default=())  # (file, warning), e.g. grey
    # report.csv or run.json held open by another program (Windows): where each was kept instead
    notes: tuple[str, ...] = field(default=())
    # run.json's `mixed`: settings (device, precision, ...) on which the runs that made the masks
    # in OUT differ, e.g. after a resume on another device was cancelled
    mixed: tuple[str, ...] = field(default=())
    # This run's threshold in force and the model's own: an override changes every mask, so the
    # summary says so, not only run.json (issue #18 item 12).
    threshold: float | None = None
    training_threshold: float | None = None

    @property
    def exit_status(self) -> int:
        return 1 if self.failed or self.cancelled else 0

    @property
    def threshold_overridden(self) -> bool:
        return self.threshold is not None and self.threshold != self.training_threshold

    def threshold_text(self) -> str:
        """'threshold 0.60 (overridden; the model's is 0.50)', or '' without an override."""
        if not self.threshold_overridden:
            return ""
        model = "?" if self.training_threshold is None else _threshold(self.training_threshold)
        return f"threshold {_threshold(self.threshold)} (overridden; the model's is {model})"


def _threshold(value: float) -> str:
    """Two decimals, as thresholds are usually written, unless that would round (0.625)."""
    text = f"{value:.2f}"
    return text if float(text) == value else f"{value:g}"


def report_csv(results: list[ItemResult]) -> str:
    """report.csv's text: a header and one row per result, in the order given."""
    return csv_text(REPORT_FIELDS, (result.row() for result in results))


def part_file_names(part) -> tuple[str, str]:
    """report.csv and run.json, or a part's own `report.part-K-of-N.csv` and `run...json`."""
    return (REPORT_NAME, RUN_NAME) if part is None else (part.report_name, part.run_name)


def write_or_keep(path: Path, text: str, notes: list[str]) -> Path:
    """Write `path`; returns where the text went. When another program holds the file open
    (Windows: report.csv in a spreadsheet) the images are done all the same, so the run does not
    fail: the text is kept beside it and a note says where."""
    try:
        write_text_atomic(path, text)
    except FileInUseError as exc:
        notes.append(str(exc))
        return exc.kept
    return path
