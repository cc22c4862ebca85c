"""`merge OUT`: one report.csv and run.json for a batch whose parts ran apart (§13).

Each part K of N wrote `report.part-K-of-N.csv`, `run.part-K-of-N.json` and its own journal
(shard.py). Once every part has finished (its run record is there and it left no `.running`
marker), the merge writes `report.csv` with the rows in the order one unsplit run lists them
(part K holds input files K, K+N, ...; the frames of a DICOM file stay together) and `run.json`
describing the masks in OUT as batch/history.py does for one run: every run of every part in
`runs` (each with its `part` and its `files`), the top-level settings those runs share (a
difference is null and named in `mixed`) and one audit block over every image any part checked,
mean and max recomputed. Merging is idempotent and writes atomically, so the last parts to
finish may all try it at once; the result is the same.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from desktop.core.atomic import write_text_atomic
from desktop.core.batch import REPORT_FIELDS, REPORT_NAME, RUN_NAME
from desktop.core.batch.history import describe_out, masks_close, masks_lead
from desktop.core.batch.resume import Journal
from desktop.core.csv_text import csv_text
from desktop.core.errors import BatchError
from desktop.core.shard import Part, file_groups, read_record, running_marker

_RUN_PART = re.compile(r"^run\.part-(\d+)-of-(\d+)\.json$")


@dataclass(frozen=True)
class Merged:
    num_parts: int
    rows: int
    failed: int
    report_path: Path
    run_path: Path
    run: dict[str, Any]


def unfinished_parts(output_dir: Path) -> tuple[int, list[int]]:
    """(N, the parts not finished yet) from OUT's record of the split; BatchError when OUT
    holds no split or parts of another N."""
    output_dir = Path(output_dir)
    record = read_record(output_dir)
    if record is None:
        raise BatchError(
            f"'{output_dir}' holds no split batch (no .segdesk-parts.json): nothing to merge."
        )
    count = record["num_parts"]
    others = sorted(
        {int(m.group(2)) for m in map(_RUN_PART.match, _names(output_dir)) if m} - {count}
    )
    if others:
        raise BatchError(
            f"'{output_dir}' holds parts of splits into {', '.join(map(str, others))} besides "
            f"the recorded {count} parts; one output folder takes one split."
        )
    unfinished = [index for index in range(count) if not _finished(output_dir, Part(index, count))]
    return count, unfinished


def _finished(output_dir: Path, part: Part) -> bool:
    """Its run record is there, no run of it is under way or was killed, and it ran to the end
    (a cancelled part, e.g. by scancel's SIGTERM, wrote its report but left inputs unrun)."""
    path = output_dir / part.run_name
    if not path.is_file() or running_marker(output_dir, part).exists():
        return False
    try:
        run = _read_json(path)
    except BatchError:
        return False
    return not run.get("cancelled") and (run.get("counts") or {}).get("not_run", 1) == 0


def merge(output_dir: Path) -> Merged:
    """Write OUT/report.csv and OUT/run.json from the parts; BatchError when a part has not
    finished (named, with what to do) or the parts do not add up to the recorded inputs."""
    output_dir = Path(output_dir)
    count, unfinished = unfinished_parts(output_dir)
    if unfinished:
        indices = ",".join(map(str, unfinished))
        raise BatchError(
            f"{len(unfinished)} of {count} parts in '{output_dir}' have not finished "
            f"(part {indices}): run them (e.g. sbatch --array={indices} ...; each resumes "
            "where it stopped), then merge."
        )
    record = read_record(output_dir)
    assert record is not None
    parts = [Part(index, count) for index in range(count)]
    reports = [_read_report(output_dir / part.report_name) for part in parts]
    runs = [_read_json(output_dir / part.run_name) for part in parts]
    rows = _interleave(reports)
    labels = [row["file"] for row in rows]
    if len(set(labels)) != len(labels) or len(labels) != record.get("inputs", len(labels)):
        raise BatchError(
            f"The parts in '{output_dir}' list {len(labels)} rows ({len(set(labels))} files) "
            f"for {record.get('inputs')} inputs: a part's report does not belong to this split."
        )
    report_path = output_dir / REPORT_NAME
    write_text_atomic(
        report_path,
        csv_text(REPORT_FIELDS, ({key: row.get(key, "") for key in REPORT_FIELDS} for row in rows)),
    )
    run = _merged_run(output_dir, parts, runs, labels, record)
    run_path = output_dir / RUN_NAME
    write_text_atomic(run_path, json.dumps(run, indent=2) + "\n")
    failed = sum(row["status"] == "failed" for row in rows)
    return Merged(count, len(rows), failed, report_path, run_path, run)


def _names(folder: Path) -> list[str]:
    try:
        return [path.name for path in folder.iterdir()]
    except OSError as exc:
        raise BatchError(f"Cannot read the output folder '{folder}': {exc}.") from exc


def _read_report(path: Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise BatchError(f"Cannot read the part's report '{path}': {exc}.") from exc


def _read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BatchError(f"Cannot read the part's run record '{path}': {exc}.") from exc
    if not isinstance(value, dict):
        raise BatchError(f"'{path}' is not a SegDesk run record.")
    return value


def _interleave(reports: list[list[dict[str, str]]]) -> list[dict[str, str]]:
    """Undo the stride split: part K's i-th input file is the batch's (i*N + K)-th."""
    grouped = []
    for rows in reports:
        by_label = {row["file"]: row for row in rows}
        grouped.append([[by_label[label] for label in group]
                        for group in file_groups([row["file"] for row in rows])])  # fmt: skip
    merged: list[dict[str, str]] = []
    for position in range(max((len(groups) for groups in grouped), default=0)):
        for groups in grouped:
            if position < len(groups):
                merged.extend(groups[position])
    return merged


def _merged_run(
    output_dir: Path,
    parts: list[Part],
    runs: list[dict[str, Any]],
    labels: list[str],
    record: dict[str, Any],
) -> dict[str, Any]:
    entries, known, part_of = [], [], {}
    for part, run in zip(parts, runs, strict=True):
        entries.extend(Journal(output_dir / part.journal_name).entries())
        for run_record in run.get("runs", []):
            if isinstance(run_record, dict) and isinstance(run_record.get("id"), str):
                known.append(run_record)
                part_of[run_record["id"]] = part.tag
    current = known[-1] if known else {"id": "", "model": runs[0].get("model") or {}}
    history, masks = describe_out(entries, {"runs": known}, current)
    for run_record in history:
        run_record["part"] = part_of.get(run_record.get("id"))
    first = runs[0]
    counts: dict[str, int] = {}
    for run in runs:
        for key, value in (run.get("counts") or {}).items():
            counts[key] = counts.get(key, 0) + int(value)
    merged: dict[str, Any] = {
        "app": first.get("app"),
        **masks_lead(masks),
        **{key: first.get(key) for key in
           ("input_dir", "output_dir", "recursive", "save", "overlay_style")},
        "started": min(str(run.get("started", "")) for run in runs),
        "ended": max(str(run.get("ended", "")) for run in runs),
        "counts": counts,
        "cancelled": any(bool(run.get("cancelled")) for run in runs),
        **masks_close(masks),
        "runs": history,
    }  # fmt: skip
    merged.update(_dicom_record(runs, labels))
    merged["parts"] = {
        "num_parts": len(parts),
        "input_digest": record["input_digest"],
        "inputs": record.get("inputs"),
        "merged": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "from": [part.run_name for part in parts],
    }
    return merged


def _dicom_record(runs: list[dict[str, Any]], labels: list[str]) -> dict[str, Any]:
    order = {label: index for index, label in enumerate(labels)}
    record: dict[str, Any] = {}
    sources = [entry for run in runs for entry in run.get("dicom_inputs", [])]
    if sources:
        record["dicom_inputs"] = sorted(sources, key=lambda e: order.get(e.get("file"), 0))
    segs = [run["seg"] for run in runs if isinstance(run.get("seg"), dict)]
    if segs:
        not_dicom = sorted(
            (file for seg in segs for file in seg.get("not_dicom", [])),
            key=lambda file: order.get(file, 0),
        )
        record["seg"] = {
            "written": sorted(file for seg in segs for file in seg.get("written", [])),
            "not_dicom": not_dicom,
            "note": (
                f"{len(not_dicom)} input(s) are not DICOM and got no DICOM SEG file"
                if not_dicom
                else "every input is DICOM"
            ),
        }
    return record
