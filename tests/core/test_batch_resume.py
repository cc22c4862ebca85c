"""Resuming a batch (issue #18, item 1): an image counts as done only if its journal entry has
this run's model sha256, engine, precision and threshold; run.json describes the masks really in
OUT, with their own settings and audit, even when a resume kept masks an earlier run made.

The segmenters here are stand-ins on any device id (no network runs), so the cases stay fast;
each "engine" shifts the probabilities so its masks differ from the others' on disk.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
from helpers import synthetic_rgb, write_rgb

from desktop.core.batch import BatchOptions, BatchRun, plan_batch
from desktop.core.devices import Device
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction

JOURNAL = ".segdesk-journal.jsonl"
BIAS = {"cpu": 0.0, "cpu-fast": 0.01, "cpu-bf16": 0.05, "cuda:0": -0.03, "cuda:1": -0.03}


def _package(sha256: str = "a" * 64) -> ModelPackage:
    return ModelPackage(
        folder=Path("/nonexistent/models/stub"), name="stub", architecture="Unet",
        encoder="resnet18", in_channels=3, classes=1, transform={"transform": {}},
        loader="opencv-rgb", activation="sigmoid", threshold=0.5, weights="model.safetensors",
        sha256=sha256, input_size=(64, 64),
    )  # fmt: skip


class StubSegmenter:
    """Segmenter's interface on `device_id`: the probability is the image's brightness at
    64×64 (the exact engine's), shifted by the device's BIAS so each engine's masks differ."""

    fallback_reason = None

    def __init__(self, package: ModelPackage, device_id: str, precision: str = "fp32") -> None:
        engine = "openvino" if device_id.startswith("cpu-") else "torch"
        self.package = package
        self.device = Device(device_id, device_id, engine, precision)
        self.precision = precision
        self.bias = BIAS[device_id] + (0.02 if precision == "bf16" else 0.0)

    @property
    def threshold(self) -> float:
        return self.package.threshold

    def exact_model_probability(self, image: np.ndarray) -> np.ndarray:
        grey = cv2.resize(image, (64, 64), interpolation=cv2.INTER_AREA).mean(axis=2)
        return (grey / 255.0).astype(np.float32)

    def predict(self, image: np.ndarray) -> Prediction:
        probability = np.clip(self.exact_model_probability(image) + self.bias, 0.0, 1.0)
        return Prediction.from_model_probability(
            probability, image.shape[:2], threshold=self.threshold, device=self.device.id,
            precision=self.precision,
        )  # fmt: skip


def _stub(device="cpu", precision="fp32", sha256="a" * 64, **_) -> StubSegmenter:
    return StubSegmenter(_package(sha256), device, precision)


@pytest.fixture
def bright_photos(tmp_path) -> Path:
    folder = tmp_path / "in"
    for index in range(4):
        # Bright and varied, so a bias of a few hundredths moves mask pixels.
        image = synthetic_rgb(40 + 3 * index, 52, index)
        write_rgb(folder / f"p{index}.png", image)
    return folder


def _options(folder: Path, out: Path, threshold=None, **extra) -> BatchOptions:
    return BatchOptions(folder, out, threshold=threshold, **extra)


def _run(segmenter, options, cancel=None):
    run = BatchRun(segmenter, options, cancel)
    return run, list(run)


def _forget_settings(out: Path) -> None:
    """Make OUT's journal look written by an older SegDesk: no run, device or precision."""
    journal = out / JOURNAL
    old = ("run", "engine", "device", "precision")
    lines = [json.loads(line) for line in journal.read_text("utf-8").splitlines()]
    journal.write_text(
        "".join(json.dumps({k: v for k, v in e.items() if k not in old}) + "\n" for e in lines),
        "utf-8",
    )


def _mask(out: Path, name: str) -> np.ndarray:
    return cv2.imread(str(out / f"{name}_mask.png"), cv2.IMREAD_UNCHANGED) > 0


def _expected_mask(segmenter, folder: Path, name: str, threshold=None) -> np.ndarray:
    from desktop.core.image_io import load_rgb

    prediction = segmenter.predict(load_rgb(folder / f"{name}.png"))
    if threshold is not None:
        prediction = prediction.with_threshold(threshold)
    return prediction.mask


def _run_json(out: Path) -> dict:
    return json.loads((out / "run.json").read_text("utf-8"))


CPU = {"device": "cpu"}
FAST = {"device": "cpu-fast"}
BF16 = {"device": "cpu-bf16", "precision": "bf16"}

# Each case: the runs into one OUT, in order; the status of the last run's images; what its
# console note says about the images made with other settings (None: no note).
RESUME_CASES = {
    "same settings: skipped": ([CPU, CPU], "skipped", None),
    "same bf16 settings: skipped": ([BF16, BF16], "skipped", None),
    "model changed": ([CPU, {**CPU, "sha256": "b" * 64}], "ok", "(model sha256 aaaaaaaaaaaa"),
    "device changed (bf16, then cpu)": ([BF16, CPU], "ok", "(device cpu-bf16, precision bf16)"),
    "engine changed, same precision": ([CPU, FAST], "ok", "(device cpu)"),
    "precision changed, same engine": ([FAST, {**FAST, "precision": "bf16"}], "ok",
                                       "(precision fp32)"),
    "threshold changed": ([{**CPU, "threshold": 0.3}, {**CPU, "threshold": 0.6}], "ok",
                          "(threshold 0.3)"),
    "changed back: the masks are the middle run's": ([BF16, CPU, BF16], "ok",
                                                     "(device cpu, precision fp32)"),
    "another GPU of the same engine: skipped": ([{"device": "cuda:0"}, {"device": "cuda:1"}],
                                                "skipped", None),
    "old journal without these fields": ([{**CPU, "old journal": True}, CPU], "ok",
                                         "earlier SegDesk"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("runs", "expected", "note"), RESUME_CASES.values(), ids=list(RESUME_CASES)
)
def test_an_image_is_done_only_with_this_runs_model_engine_precision_and_threshold(
    bright_photos, tmp_path, runs, expected, note
):
    out = tmp_path / "out"
    for settings in runs[:-1]:
        _run(_stub(**settings), _options(bright_photos, out, settings.get("threshold")))
        if settings.get("old journal"):
            _forget_settings(out)
    last = runs[-1]
    segmenter = _stub(**last)
    options = _options(bright_photos, out, last.get("threshold"))
    run = BatchRun(segmenter, options)
    results = list(run)

    assert [r.status for r in results] == [expected] * 4
    notes = " ".join(run.resume.notes)  # the plan the run followed (the CLI prints them first)
    if note is None:
        assert notes == ""
    else:
        assert "4 images were" in notes and note in notes and "segmenting them again" in notes
    # The masks on disk are those of the settings the journal's newest entries name.
    maker = segmenter if expected == "ok" else _stub(**runs[-2])
    threshold = (last if expected == "ok" else runs[-2]).get("threshold")
    for name in ("p0", "p1", "p2", "p3"):
        expected_mask = _expected_mask(maker, bright_photos, name, threshold)
        assert np.array_equal(_mask(out, name), expected_mask)
    record = _run_json(out)
    assert record["device"] == maker.device.id and record["precision"] == maker.precision
    assert record["model"]["sha256"] == maker.package.sha256


@pytest.mark.parametrize(
    ("runs", "expected", "note"), RESUME_CASES.values(), ids=list(RESUME_CASES)
)
def test_the_dialogs_count_is_what_the_run_then_segments(
    bright_photos, tmp_path, runs, expected, note
):
    """The batch dialog counts with `plan_resume`, from the loaded model's sha256, device and
    precision, without a segmenter: the same plan the run makes."""
    from desktop.core.batch.resume import RunSettings, plan_resume

    out = tmp_path / "out"
    for settings in runs[:-1]:
        _run(_stub(**settings), _options(bright_photos, out, settings.get("threshold")))
        if settings.get("old journal"):
            _forget_settings(out)
    (out / "p2_mask.png").unlink()  # a deleted output is redone in every case
    last = runs[-1]
    options = _options(bright_photos, out, last.get("threshold"))
    segmenter = _stub(**last)
    dialog_settings = RunSettings.for_run(
        segmenter.package.sha256, segmenter.device.id, segmenter.precision,
        segmenter.package.threshold, options,
    )  # fmt: skip
    plan = plan_resume(plan_batch(options), options, dialog_settings)
    _, results = _run(segmenter, options)
    assert len(plan.todo) == sum(r.status != "skipped" for r in results)
    assert len(plan.todo) == (1 if expected == "skipped" else 4)


def test_a_bf16_resume_keeps_the_audit_of_the_masks_it_keeps(bright_photos, tmp_path):
    out = tmp_path / "out"
    first, _ = _run(_stub(**BF16), _options(bright_photos, out, audit=1.0))
    audit = _run_json(out)["audit"]
    assert len(audit["images"]) == 4 and audit["mean_ppm"] > 0

    again, results = _run(_stub(**BF16), _options(bright_photos, out, audit=1.0))
    assert {r.status for r in results} == {"skipped"}
    record = _run_json(out)
    assert (record["device"], record["precision"]) == ("cpu-bf16", "bf16")
    assert record["audit"] == audit  # never emptied by a resume that checked nothing
    assert again.summary.audit == audit  # what the console and the dialog say
    assert record["counts"]["skipped"] == 4  # counts: this invocation, as report.csv
    [made] = record["runs"]
    assert made["device"] == "cpu-bf16" and made["precision"] == "bf16"
    assert made["images"] == 4 and made["images_written"] == 4 and made["audit"] == audit
    assert made["model"]["sha256"] == "a" * 64 and made["threshold"] == 0.5


def test_bf16_then_cpu_redoes_and_run_json_says_cpu(bright_photos, tmp_path, capsys):
    out = tmp_path / "out"
    _run(_stub(**BF16), _options(bright_photos, out))
    _, results = _run(_stub(**CPU), _options(bright_photos, out))
    assert {r.status for r in results} == {"ok"}
    record = _run_json(out)
    assert (record["device"], record["precision"]) == ("cpu", "fp32")
    assert "audit" not in record and "mixed" not in record
    # The bf16 run made none of the masks now in OUT: run.json no longer lists it.
    assert [(r["device"], r["images"]) for r in record["runs"]] == [("cpu", 4)]


def test_a_cancelled_resume_leaves_mixed_masks_and_run_json_says_so(bright_photos, tmp_path):
    out = tmp_path / "out"
    _run(_stub(**BF16), _options(bright_photos, out, audit=1.0))
    bf16_audit = _run_json(out)["audit"]
    cancel = threading.Event()
    run = BatchRun(_stub(**CPU), _options(bright_photos, out), cancel)
    redone = []
    for result in run:
        redone.append(result.file)
        cancel.set()
    assert 1 <= len(redone) < 4
    record = _run_json(out)
    kept = 4 - len(redone)
    assert [(r["device"], r["precision"], r["images"]) for r in record["runs"]] == [
        ("cpu-bf16", "bf16", kept), ("cpu", "fp32", len(redone)),
    ]  # fmt: skip
    bf16_run, cpu_run = record["runs"]
    assert sorted(cpu_run["files"]) == sorted(redone)
    assert sorted(bf16_run["files"] + cpu_run["files"]) == ["p0.png", "p1.png", "p2.png", "p3.png"]
    assert bf16_run["audit"] == bf16_audit and "audit" not in cpu_run
    # No single device or precision made these masks: the top level says so rather than guess.
    assert record["device"] is None and record["precision"] is None
    assert record["mixed"] == ["device", "precision"]
    assert run.summary.mixed == ("device", "precision")  # the CLI and the dialog say so too
    assert record["model"]["sha256"] == "a" * 64 and record["threshold"] == 0.5
    assert record["audit"] == bf16_audit  # the approximate masks' audit is kept
    assert run.summary.audit == bf16_audit
    # Review, starting from these masks, names what made each one (run.json's `files`).
    from desktop.core.review.starting_mask import read_existing

    items = {item.relative: item for item in plan_batch(_options(bright_photos, out))}
    for file in items:
        base = read_existing(items[file], out, _mask(out, file[:-4]).shape)
        made_on_cpu = file in redone
        assert base.device == ("cpu" if made_on_cpu else "cpu-bf16")
        assert base.extra["precision"] == ("fp32" if made_on_cpu else "bf16")
        audited = "exact_disagreement_ppm" in base.extra
        assert audited is not made_on_cpu  # only the bf16 run audited (every image it made)

    _, rest = _run(_stub(**CPU), _options(bright_photos, out))
    assert sorted(r.file for r in rest if r.status == "ok") == sorted(
        f"p{i}.png" for i in range(4) if f"p{i}.png" not in redone
    )
    record = _run_json(out)
    assert (record["device"], record["precision"]) == ("cpu", "fp32")
    assert "mixed" not in record and "audit" not in record
    assert [r["images"] for r in record["runs"]] == [len(redone), kept]
    assert sorted(record["runs"][0]["files"]) == sorted(redone)  # which run made which masks


def test_a_cancelled_bf16_run_resumed_on_bf16_merges_the_two_audits(bright_photos, tmp_path):
    out = tmp_path / "out"
    cancel = threading.Event()
    first = BatchRun(_stub(**BF16), _options(bright_photos, out, audit=1.0), cancel)
    for _ in first:
        cancel.set()
    done_first = first.summary.done
    _, rest = _run(_stub(**BF16), _options(bright_photos, out, audit=1.0))
    assert sum(r.status == "skipped" for r in rest) == done_first
    record = _run_json(out)
    first_run, second_run = record["runs"]
    assert (first_run["images"], second_run["images"]) == (done_first, 4 - done_first)
    assert len(first_run["audit"]["images"]) == done_first
    assert len(second_run["audit"]["images"]) == 4 - done_first
    assert (record["device"], record["precision"]) == ("cpu-bf16", "bf16")
    assert "mixed" not in record
    merged = record["audit"]  # the masks in OUT were checked by both runs: all of it counts
    assert [entry["file"] for entry in merged["images"]] == [f"p{i}.png" for i in range(4)]
    ppms = [entry["ppm"] for entry in merged["images"]]
    assert merged["max_ppm"] == max(ppms) and merged["fraction"] == 1.0
    assert merged["mean_ppm"] == pytest.approx(sum(ppms) / 4, abs=1e-3)


def test_masks_from_an_old_journal_are_described_as_of_unknown_device(bright_photos, tmp_path):
    out = tmp_path / "out"
    _run(_stub(**BF16), _options(bright_photos, out))
    _forget_settings(out)
    old = _run_json(out)
    del old["runs"]
    (out / "run.json").write_text(json.dumps(old), "utf-8")  # as an older SegDesk wrote it
    cancel = threading.Event()
    run = BatchRun(_stub(**CPU), _options(bright_photos, out), cancel)
    for _ in run:
        cancel.set()
    earlier = _run_json(out)["runs"][0]
    assert earlier["id"] is None and earlier["device"] is None and earlier["precision"] is None
    assert "did not record" in earlier["note"]
    assert earlier["earlier_run_json"]["device"] == "cpu-bf16"
    assert _run_json(out)["device"] is None


def test_cli_says_which_images_are_segmented_again(bright_photos, tmp_path, monkeypatch, capsys):
    from desktop import cli
    from desktop.cli import batch as batch_command
    from desktop.core import package as package_module

    monkeypatch.setattr(package_module, "find_package", lambda name: _package())
    monkeypatch.setattr(batch_command, "make_segmenter", lambda package, device: _stub(
        device, "bf16" if device == "cpu-bf16" else "fp32"))  # fmt: skip
    out = tmp_path / "out"
    assert cli.main(["batch", str(bright_photos), str(out), "--device", "cpu-bf16"]) == cli.EXIT_OK
    capsys.readouterr()
    assert cli.main(["batch", str(bright_photos), str(out), "--device", "cpu"]) == cli.EXIT_OK
    printed = capsys.readouterr().out
    assert (
        "note: 4 images were made with other settings (device cpu-bf16, precision bf16): "
        "segmenting them again"
    ) in printed
    assert "done 4, failed 0, skipped 0" in printed
    record = _run_json(out)
    assert (record["device"], record["precision"]) == ("cpu", "fp32") and "audit" not in record

    assert cli.main(["batch", str(bright_photos), str(out), "--device", "cpu"]) == cli.EXIT_OK
    printed = capsys.readouterr().out
    assert "note:" not in printed and "done 0, failed 0, skipped 4" in printed

    # Masks a recursive bf16 run made in sub/ stay when a flat cpu run redoes the others.
    write_rgb(bright_photos / "sub" / "q.png", synthetic_rgb(30, 30, 9))
    assert cli.main(["batch", str(bright_photos), str(out), "--device", "cpu-bf16", "--recursive",
                     "--overwrite"]) == cli.EXIT_OK  # fmt: skip
    assert cli.main(["batch", str(bright_photos), str(out), "--device", "cpu"]) == cli.EXIT_OK
    printed = capsys.readouterr().out
    assert (
        f"note: the masks in {out} were made by runs with different device, precision; "
        "run.json's runs list says which run made which"
    ) in printed
    runs = _run_json(out)["runs"]
    assert [(r["device"], r["files"]) for r in runs] == [
        ("cpu-bf16", ["sub/q.png"]), ("cpu", [f"p{i}.png" for i in range(4)]),
    ]  # fmt: skip


def test_journal_entries_record_the_settings(bright_photos, tmp_path):
    out = tmp_path / "out"
    run, _ = _run(_stub(device="cuda:1"), _options(bright_photos, out, threshold=0.4))
    entries = [json.loads(line) for line in (out / JOURNAL).read_text("utf-8").splitlines()]
    assert len(entries) == 4
    for entry in entries:
        assert entry["model_sha256"] == "a" * 64 and entry["threshold"] == 0.4
        assert (entry["engine"], entry["device"], entry["precision"]) == ("cuda", "cuda:1", "fp32")
        assert entry["run"] == _run_json(out)["runs"][0]["id"]
