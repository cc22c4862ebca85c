"""Resuming a batch: which images an earlier run into OUT already did with this run's settings.

The journal (`OUT/.segdesk-journal.jsonl`) gets one line per image written, naming the run and
the settings that made its outputs. Its newest line for an image describes the outputs on disk
(a later run rewrote them), so only that line counts. An image is done when that line has this
run's model sha256, engine, precision and threshold (and overlay style, when overlays are
saved), its input is unchanged and its outputs are all there; otherwise it is segmented again.
A line without engine or precision (written by SegDesk before they were recorded) never counts:
which device made those masks is unknown.

The batch dialog plans with the same function as the run, from the loaded model's settings, so
its "N images will be segmented" is what the run then does.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.dicom.batch_frames import seg_path
from desktop.core.export import SEG_KIND, OverlaySpec

JOURNAL_NAME = ".segdesk-journal.jsonl"


def journal_name(options) -> str:
    """The journal a run reads and appends to: a part of a split batch has its own (§13)."""
    part = getattr(options, "part", None)
    return JOURNAL_NAME if part is None else part.journal_name


def engine_of(device_id: str) -> str:
    """`cuda:1` → `cuda`: a GPU's index says where a run ran, not what computed the masks."""
    return device_id.split(":", 1)[0]


@dataclass(frozen=True)
class RunSettings:
    """What decides the masks a run writes (and the overlay look, when overlays are saved)."""

    model_sha256: str
    device: str  # the device id that runs, e.g. `cuda:1`; resumes compare its engine
    precision: str  # "fp32" or "bf16"
    threshold: float  # the threshold in force (the override, else the model's own)
    training_threshold: float
    overlay_style: dict[str, Any] | None = None  # recorded and compared only with overlays

    @classmethod
    def for_run(cls, model_sha256, device, precision, training_threshold, options) -> RunSettings:
        used = training_threshold if options.threshold is None else float(options.threshold)
        style = (options.overlay_style or OverlaySpec()).record()
        return cls(model_sha256, device, precision, used, training_threshold,
                   style if "overlay" in options.save else None)  # fmt: skip

    @property
    def engine(self) -> str:
        return engine_of(self.device)

    def threshold_record(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "training_threshold": self.training_threshold,
            "threshold_overridden": self.threshold != self.training_threshold,
        }

    def match(self) -> dict[str, Any]:
        """The journal fields an entry must have, equal, to count as done by these settings."""
        keys = {"model_sha256": self.model_sha256, "engine": self.engine,
                "precision": self.precision, "threshold": self.threshold}  # fmt: skip
        if self.overlay_style is not None:  # overlays drawn in another colour are redone
            keys["overlay_style"] = self.overlay_style
        return keys

    def journal_fields(self) -> dict[str, Any]:
        fields = {**self.match(), "device": self.device, **self.threshold_record()}
        return fields


@dataclass(frozen=True)
class ResumePlan:
    done: dict[str, dict[str, Any]]  # relative → the journal entry of its kept outputs
    todo: list  # BatchItems to segment, in input order
    notes: tuple[str, ...] = field(default=())  # why images done before are segmented again


def plan_resume(items: list, options, settings: RunSettings) -> ResumePlan:
    """Split `items` (from plan_batch) into done before and to segment; `overwrite`: all to do."""
    if options.overwrite:
        return ResumePlan({}, list(items))
    latest = Journal(Path(options.output_dir).expanduser() / journal_name(options)).latest()
    wanted = settings.match()
    done: dict[str, dict[str, Any]] = {}
    todo, other = [], Counter()
    for item in items:
        entry = latest.get(item.relative)
        differing = _differences(entry, wanted) if entry is not None else None
        if entry is not None and not differing and _still_valid(item, entry, options.save):
            done[item.relative] = entry
            continue
        todo.append(item)
        if differing:
            other[differing] += 1
    return ResumePlan(done, todo, tuple(_note(count, what) for what, count in other.items()))


_OLD = "an earlier SegDesk version that did not record the device and precision"


def _differences(entry: dict[str, Any], wanted: dict[str, Any]) -> str:
    """'' when `entry` has the wanted settings; else what it was made with, in words."""
    if "engine" not in entry or "precision" not in entry:
        return _OLD
    shown = []
    for key, value in wanted.items():
        had = entry.get(key)
        if had == value:
            continue
        if key == "model_sha256":
            shown.append(f"model sha256 {str(had)[:12]}…")
        elif key == "engine":
            shown.append(f"device {entry.get('device', had)}")
        elif key == "threshold":
            shown.append(f"threshold {had:g}" if isinstance(had, (int, float)) else "threshold ?")
        elif key == "overlay_style":
            shown.append("another overlay style")
        else:
            shown.append(f"{key} {had}")
    return ", ".join(shown)


def _note(count: int, what: str) -> str:
    images = f"{count} image{'s were' if count != 1 else ' was'}"
    if what == _OLD:
        return f"{images} made by {what}: segmenting them again"
    return f"{images} made with other settings ({what}): segmenting them again"


def _still_valid(item, entry: dict[str, Any], save) -> bool:
    """The input is the one segmented then, and every output asked for now is there."""
    try:
        stat = item.source.stat()
    except OSError:
        return False
    return (
        entry.get("input_size") == stat.st_size
        and entry.get("input_mtime_ns") == stat.st_mtime_ns
        and set(save) <= set(entry.get("save", []))
        and all(
            item.output_base.with_name(f"{item.output_base.name}_{kind}.png").exists()
            for kind in save
            if kind != SEG_KIND
        )
        and (SEG_KIND not in save or item.file_base is None or seg_path(item.file_base).exists())
    )


class Journal:
    """Append-only record of the images written, read back to resume and to say which run made
    the outputs now in OUT."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def entries(self) -> list[dict[str, Any]]:
        """Every readable entry, oldest first."""
        try:
            lines = self.path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return []
        entries = []
        for line in lines:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by a crash: that image is simply redone
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                entries.append(entry)
        return entries

    def latest(self) -> dict[str, dict[str, Any]]:
        """Each image's newest entry: the one describing its outputs on disk."""
        return {entry["file"]: entry for entry in self.entries()}

    def append(self, item, result: dict[str, Any], settings: RunSettings, run_id: str,
               save) -> None:  # fmt: skip
        stat = item.source.stat()
        entry = {
            "run": run_id,
            **settings.journal_fields(),
            "file": item.relative,
            "input_size": stat.st_size,
            "input_mtime_ns": stat.st_mtime_ns,
            "save": sorted(save),
            "result": result,
        }
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
