"""run.json's account of the masks in OUT, which a resume may have kept from earlier runs.

`runs` lists, oldest first (newest last), every run that made outputs still in OUT: its id,
times, model, transform, device, precision, threshold, what it saved, `images_written` (all it
wrote), `images` (how many of the outputs now in OUT are its), its `audit` block on an
approximate device (kept as it was, whatever later runs checked) and, when more than one run
made the outputs in OUT, its `files` (so a reader, e.g. review, finds what made an image's mask).
A run whose outputs later runs all replaced is left out: run.json describes OUT (the journal
keeps the full history). Which run made an image's outputs is its newest journal entry's;
entries written before runs were recorded (no `run`) are one run per model and threshold, with
device and precision null because nobody recorded them.

The top-level `model`, `transform`, `device`, `precision`, `threshold`, `training_threshold`,
`threshold_overridden` and `audit` keep their old meaning, "how the masks in OUT were made",
so a reader of one setting is never told a value only some masks have: a field on which the
runs in `runs` differ is null and named in `mixed`. The top-level `audit` is the one run's
audit, or the audits of the runs merged (every checked image, mean and max over them all).
The other top-level fields (`started`, `ended`, `counts`, `cancelled`, `save`, ...) describe
this invocation, the one report.csv lists.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from desktop.core.fast.audit import merge_audit_records

MASK_FIELDS = ("device", "precision", "threshold", "training_threshold", "threshold_overridden")
_EARLIER = "made by an earlier SegDesk version that did not record the device and precision"


def describe_out(
    entries: list[dict[str, Any]], previous: dict[str, Any], current: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """run.json's `runs` and its top-level mask fields, from the journal's `entries` (oldest
    first, this run's included), the `previous` run.json and this run's record `current`."""
    owners = _owners(entries)
    runs = _runs(entries, owners, previous, current)
    described = _describe_masks(runs, current)
    if len(runs) > 1:  # which run made an image's outputs then depends on the image
        for run, files in zip(runs, owners.values(), strict=True):
            run["files"] = sorted(files)
    return runs, described


def masks_lead(masks: dict[str, Any]) -> dict[str, Any]:
    """The fields of `describe_out`'s description that lead run.json, in its order (a batch's
    own run.json and a merged one are laid out alike)."""
    keys = ("model", "device", "threshold", "training_threshold", "threshold_overridden",
            "transform")  # fmt: skip
    return {key: masks[key] for key in keys}


def masks_close(masks: dict[str, Any]) -> dict[str, Any]:
    """The fields of the description that follow a run's counts: precision, then the audit and
    which settings are mixed, when there are any."""
    return {"precision": masks["precision"],
            **{key: masks[key] for key in ("audit", "mixed") if key in masks}}  # fmt: skip


def _owners(entries: list[dict[str, Any]]) -> dict[Any, list[str]]:
    """Run key → the images whose outputs in OUT it made (its newest entry), in journal order."""
    owners: dict[Any, list[str]] = {}
    for file, entry in {entry["file"]: entry for entry in entries}.items():
        owners.setdefault(_run_key(entry), []).append(file)
    order = list(dict.fromkeys(_run_key(entry) for entry in entries))
    return {key: owners[key] for key in sorted(owners, key=order.index)}


def _runs(
    entries: list[dict[str, Any]],
    owners: dict[Any, list[str]],
    previous: dict[str, Any],
    current: dict[str, Any],
) -> list[dict[str, Any]]:
    first: dict[Any, dict[str, Any]] = {}
    for entry in entries:
        first.setdefault(_run_key(entry), entry)
    written = Counter(_run_key(entry) for entry in entries)
    known = {
        record["id"]: record
        for record in previous.get("runs", [])
        if isinstance(record, dict) and isinstance(record.get("id"), str)
    }
    known[current["id"]] = current
    runs = []
    for key, files in owners.items():  # in journal order: newest last
        record = dict(known.get(key) or _rebuilt(key, first[key], previous))
        record.pop("files", None)
        record["images_written"] = written[key]
        record["images"] = len(files)
        runs.append(record)
    return runs


def _describe_masks(runs: list[dict[str, Any]], current: dict[str, Any]) -> dict[str, Any]:
    """The top-level fields that say how the masks in OUT were made (see the module's text);
    with no masks in OUT yet, this run's settings."""
    runs = runs or [current]
    described: dict[str, Any] = {}
    mixed = []
    if len({run["model"].get("sha256") for run in runs}) == 1:
        described["model"] = runs[-1]["model"]
        described["transform"] = next(
            (run["transform"] for run in reversed(runs) if "transform" in run), None
        )
    else:
        described["model"] = described["transform"] = None
        mixed.append("model")
    for key in MASK_FIELDS:
        values = [run.get(key) for run in runs]
        same = all(value == values[0] for value in values)
        described[key] = values[0] if same else None
        if not same:
            mixed.append(key)
    audits = [run["audit"] for run in runs if run.get("audit") is not None]
    if audits:
        described["audit"] = audits[0] if len(audits) == 1 else merge_audit_records(audits)
    if mixed:
        described["mixed"] = mixed
    return described


def _run_key(entry: dict[str, Any]) -> Any:
    run = entry.get("run")
    if isinstance(run, str):
        return run
    return ("earlier", entry.get("model_sha256"), entry.get("threshold"))


def _rebuilt(key: Any, entry: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """A run run.json has no record of, from its first journal entry."""
    record: dict[str, Any] = {
        "id": key if isinstance(key, str) else None,
        "model": {"sha256": entry.get("model_sha256")},
        "device": entry.get("device"),
        "precision": entry.get("precision"),
        "threshold": entry.get("threshold"),
        "training_threshold": entry.get("training_threshold"),
        "threshold_overridden": entry.get("threshold_overridden"),
        "save": entry.get("save"),
    }
    if isinstance(key, str):  # run.json was replaced or deleted since
        record["note"] = "rebuilt from the journal: run.json had no record of this run"
        return record
    record["note"] = _EARLIER
    if "runs" not in previous:
        # What that version's run.json said of its last run; kept, never silently dropped, as
        # its audit may describe some of these masks.
        said = {k: previous[k] for k in ("device", "precision", "audit") if k in previous}
        if said:
            record["earlier_run_json"] = said
    return record
