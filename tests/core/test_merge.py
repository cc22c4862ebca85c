"""`merge OUT` (DESIGN §13) on part files written by hand: the order of one run, the audit
blocks combined honestly, and the refusals. Real parts: tests/cli/test_scale_out.py."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from desktop.core import merge, shard
from desktop.core.batch import REPORT_FIELDS
from desktop.core.errors import BatchError
from desktop.core.shard import Part, PartRequest

LABELS = ["a.png", "b.png", "cine.dcm#1", "cine.dcm#2", "cine.dcm#3", "d.png", "e.png"]
AUDITS = [  # part 0 checked two images, part 1 one
    {"images": [{"file": "a.png", "ppm": 10.0}, {"file": "e.png", "ppm": 30.0}],
     "mean_ppm": 20.0, "max_ppm": 30.0, "fraction": 0.5},
    {"images": [{"file": "b.png", "ppm": 90.0}], "mean_ppm": 90.0, "max_ppm": 90.0,
     "fraction": 0.5},
]  # fmt: skip


def _write_part(out: Path, part: Part, labels: list[str], *, status="ok", **run) -> None:
    with open(out / part.report_name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=REPORT_FIELDS, lineterminator="\n")
        writer.writeheader()
        for label in labels:
            writer.writerow({"file": label, "status": status, "width": 8, "height": 6,
                             "seconds": "0.100"})  # fmt: skip
    run_id = f"run-{part.index}"
    settings = {"model_sha256": "abc", "engine": "cpu-bf16", "device": "cpu-bf16",
                "precision": "bf16", "threshold": 0.5, "training_threshold": 0.5,
                "threshold_overridden": False}  # fmt: skip
    with open(out / part.journal_name, "w", encoding="utf-8") as handle:
        for label in labels:
            handle.write(json.dumps({"run": run_id, **settings, "file": label}) + "\n")
    record = {"id": run_id, "model": {"name": "m", "sha256": "abc"}, "transform": {},
              "device": "cpu-bf16", "precision": "bf16", "threshold": 0.5,
              "training_threshold": 0.5, "threshold_overridden": False, "save": ["mask"],
              "audit": AUDITS[part.index]}  # fmt: skip
    document = {"app": {"name": "SegDesk"}, "started": f"2026-12-05T10:0{part.index}:00",
                "ended": f"2026-12-05T10:1{part.index}:00",
                "counts": {"inputs": len(labels), "ok": len(labels), "failed": 0,
                           "skipped": 0, "not_run": 0},
                "cancelled": False, "runs": [record], **run}  # fmt: skip
    (out / part.run_name).write_text(json.dumps(document), "utf-8")


def _split(out: Path) -> list[Part]:
    shard.resolve(PartRequest(0, 2, False), out, LABELS, print)
    parts = [Part(0, 2), Part(1, 2)]
    groups = shard.file_groups(LABELS)
    for part in parts:
        _write_part(out, part, [label for g in groups[part.index :: 2] for label in g])
    return parts


def test_merge_restores_the_order_of_one_run_and_combines_the_audits(tmp_path):
    _split(tmp_path)
    merged = merge.merge(tmp_path)
    with open(tmp_path / "report.csv", newline="", encoding="utf-8") as handle:
        assert [row["file"] for row in csv.DictReader(handle)] == LABELS
    run = json.loads((tmp_path / "run.json").read_text())
    assert merged.rows == len(LABELS) and merged.failed == 0
    assert run["counts"] == {"inputs": 7, "ok": 7, "failed": 0, "skipped": 0, "not_run": 0}
    assert (run["started"], run["ended"]) == ("2026-12-05T10:00:00", "2026-12-05T10:11:00")
    audit = run["audit"]
    assert [entry["file"] for entry in audit["images"]] == ["a.png", "b.png", "e.png"]
    assert audit["mean_ppm"] == pytest.approx(130 / 3, abs=1e-3)  # over images, not parts
    assert audit["max_ppm"] == 90.0
    assert [r["part"] for r in run["runs"]] == ["part-0-of-2", "part-1-of-2"]
    assert sorted(f for r in run["runs"] for f in r["files"]) == sorted(LABELS)
    assert run["device"] == "cpu-bf16" and "mixed" not in run
    assert run["parts"]["num_parts"] == 2


def test_merge_waits_for_a_killed_or_cancelled_part(tmp_path):
    parts = _split(tmp_path)
    shard.mark_running(tmp_path, parts[1])  # killed: the marker stayed
    with pytest.raises(BatchError, match=r"part 1\)"):
        merge.merge(tmp_path)
    shard.mark_finished(tmp_path, parts[1])
    run = json.loads((tmp_path / parts[1].run_name).read_text())
    (tmp_path / parts[1].run_name).write_text(json.dumps({**run, "cancelled": True}))
    assert merge.unfinished_parts(tmp_path) == (2, [1])
    (tmp_path / parts[0].run_name).unlink()
    assert merge.unfinished_parts(tmp_path) == (2, [0, 1])
    assert not (tmp_path / "report.csv").exists()


def test_merge_refuses_mixed_splits_and_foreign_reports(tmp_path):
    with pytest.raises(BatchError, match="no split"):
        merge.merge(tmp_path)
    _split(tmp_path)
    _write_part(tmp_path, Part(0, 3), ["a.png"])
    with pytest.raises(BatchError, match="splits into 3"):
        merge.merge(tmp_path)
    for name in Part(0, 3).report_name, Part(0, 3).run_name:
        (tmp_path / name).unlink()
    _write_part(tmp_path, Part(1, 2), ["b.png", "a.png"])  # a row another part has
    with pytest.raises(BatchError, match="does not belong"):
        merge.merge(tmp_path)
