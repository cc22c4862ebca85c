"""Evaluation runs on stand-in models (the prediction is painted into the image): rows, failures,
two models paired, cancellation, and the three output files."""

from __future__ import annotations

import base64
import csv
import json
import threading
from html.parser import HTMLParser
from pathlib import Path

import cv2
import numpy as np
import pytest
from scipy.stats import wilcoxon

from desktop.core.evaluation import EvaluationError, EvaluationOptions, EvaluationRun
from desktop.core.evaluation.runner import METRICS_FIELDS

from .conftest import RedChannelModel, square, write_case


def _run(models, images, masks, out, cancel=None, **options):
    run = EvaluationRun(models, EvaluationOptions(images, masks, out, **options), cancel)
    rows = list(run)
    assert run.result is not None
    return run, rows


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == list(METRICS_FIELDS)
        return list(reader)


@pytest.fixture
def folders(tmp_path):
    return tmp_path / "images", tmp_path / "masks", tmp_path / "out"


def test_rows_metrics_and_conventions_end_to_end(folders) -> None:
    images, masks, out = folders
    write_case(images, masks, "a.png", square(256, 0, 0, 100), square(256, 0, 0, 80))
    write_case(images, masks, "both_empty.png", np.zeros((256, 256), bool),
               np.zeros((256, 256), bool))  # fmt: skip
    write_case(images, masks, "missed.png", square(256, 10, 10, 20), np.zeros((256, 256), bool))
    model = RedChannelModel("m")
    run, rows = _run([model], images, masks, out)
    assert [row.file for row in rows] == ["a.png", "both_empty.png", "missed.png"]
    a, empty, missed = rows
    assert (a.gt_pixels, a.pred_pixels) == (10000, 6400)
    assert a.dice == pytest.approx(2 * 6400 / 16400)
    assert a.precision == 1.0 and a.recall == pytest.approx(0.64)
    assert a.dice_model_res == a.dice  # 256×256 images: the two resolutions coincide
    assert (empty.dice, empty.iou, empty.precision, empty.recall) == (1.0, 1.0, None, None)
    assert (missed.dice, missed.precision, missed.recall) == (0.0, None, 0.0)
    table = _csv(out / "metrics.csv")
    assert table[0]["dice"] == f"{2 * 6400 / 16400:.6f}" and table[0]["width"] == "256"
    assert table[1]["precision"] == "" and table[1]["recall"] == ""
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    (entry,) = summary["models"]
    assert entry["n"] == 3
    assert entry["mean"]["dice"] == pytest.approx((a.dice + 1.0 + 0.0) / 3)
    assert entry["mean"]["precision"] == pytest.approx(1.0)  # only `a` predicted anything
    assert entry["mean"]["recall"] == pytest.approx((0.64 + 0.0) / 2)  # both_empty left out
    assert entry["n_defined"] == {"precision": 1, "recall": 2}
    assert entry["pooled"]["dice"] == pytest.approx(2 * 6400 / (6400 + 10000 + 400))
    assert model.calls == [(256, 256)] * 3
    assert run.result.exit_status == 0


def test_model_resolution_uses_the_transformed_ground_truth(folders) -> None:
    """At model resolution the ground truth is resized with the transform's mask interpolation
    (nearest), and compared with the model-resolution mask, as a notebook validates."""
    images, masks, out = folders
    rng = np.random.default_rng(3)
    truth = cv2.GaussianBlur(rng.random((300, 410)), (0, 0), 9) > 0.5
    predicted = np.roll(truth, 7, axis=1)
    write_case(images, masks, "odd.png", truth, predicted)
    _, (row,) = _run([RedChannelModel("m")], images, masks, out)
    small_truth = cv2.resize(truth.view(np.uint8), (256, 256), interpolation=cv2.INTER_NEAREST)
    small_pred = cv2.resize(predicted.view(np.uint8), (256, 256), interpolation=cv2.INTER_NEAREST)
    tp = np.count_nonzero(small_truth & small_pred)
    expected = 2 * tp / (np.count_nonzero(small_truth) + np.count_nonzero(small_pred))
    assert row.dice_model_res == pytest.approx(expected, abs=1e-12)
    assert row.dice != row.dice_model_res
    assert (row.width, row.height) == (410, 300)


def test_failed_rows_name_the_file_and_the_reason(folders) -> None:
    images, masks, out = folders
    write_case(images, masks, "good.png", square(256, 0, 0, 50), square(256, 0, 0, 50))
    write_case(images, masks, "small.png", square(256, 0, 0, 50), square(256, 0, 0, 50))
    cv2.imwrite(str(masks / "small.png"), np.zeros((100, 120), np.uint8))  # wrong size
    write_case(images, masks, "nogt.png", square(256, 0, 0, 5), square(256, 0, 0, 5))
    (masks / "nogt.png").unlink()
    write_case(images, masks, "garbage.png", square(256, 0, 0, 5), square(256, 0, 0, 5))
    (masks / "garbage.png").write_bytes(b"not an image at all")
    write_case(images, masks, "broken.png", square(256, 0, 0, 5), square(256, 0, 0, 5))
    (images / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 30)  # cut short
    models = [RedChannelModel("a"), RedChannelModel("b", channel=1)]
    run, rows = _run(models, images, masks, out)
    by_file = {}
    for row in rows:
        by_file.setdefault(row.file, []).append(row)
    assert all(len(group) == 2 for group in by_file.values())  # one row per (image, model)
    assert [r.status for r in by_file["good.png"]] == ["ok", "ok"]
    size = by_file["small.png"][0]
    assert size.status == "failed" and "120×100" in size.error and "256×256" in size.error
    assert "small.png" in size.error
    assert "no ground truth" in by_file["nogt.png"][0].error
    assert "nogt" in by_file["nogt.png"][0].error
    assert "garbage.png" in by_file["garbage.png"][1].error
    broken = by_file["broken.png"][0]
    assert "broken.png" in broken.error and "truncated" in broken.error
    assert models[0].calls == [(256, 256)]  # failed images never reach the network
    summary = run.result.summary
    assert [m["n"] for m in summary["models"]] == [1, 1]
    assert [m["failed"] for m in summary["models"]] == [4, 4]
    assert run.result.exit_status == 1
    report = (out / "report.html").read_text("utf-8")
    assert "Failed (8)" in report and "no ground truth" in report


def test_two_models_paired(folders) -> None:
    images, masks, out = folders
    rng = np.random.default_rng(11)
    for index in range(8):
        truth = square(256, 20, 20, 120)
        # Model a misses a strip of varying width, b adds a varying strip of false positives.
        a = truth.copy()
        a[20 : 20 + int(rng.integers(5, 60)), 20:140] = False
        b = truth.copy()
        b[140 : 140 + int(rng.integers(1, 40)), 20:140] = True
        write_case(images, masks, f"{index}.png", truth, a, predicted_b=b)
    first, second = RedChannelModel("model-a"), RedChannelModel("model-b", channel=1)
    run, rows = _run([first, second], images, masks, out)
    assert [row.model for row in rows[:4]] == ["model-a", "model-b", "model-a", "model-b"]
    assert first.calls == second.calls == [(256, 256)] * 8  # each image once per model
    dice = {(row.file, row.model): row.dice for row in rows}
    differences = [dice[(f"{i}.png", "model-a")] - dice[(f"{i}.png", "model-b")] for i in range(8)]
    (pair,) = run.result.summary["paired"]
    assert (pair["a"], pair["b"], pair["n"]) == ("model-a", "model-b", 8)
    assert pair["mean_dice_difference"] == pytest.approx(np.mean(differences))
    assert pair["wilcoxon_p"] == pytest.approx(wilcoxon(differences).pvalue)
    low, high = pair["ci95"]
    assert low <= np.mean(differences) <= high
    assert pair["a_better"] + pair["b_better"] + pair["ties"] == 8
    assert "model-a − model-b" in pair["sentence"]
    # The same run again gives the same intervals (fixed bootstrap seed).
    _, _ = _run([first, second], images, masks, out.with_name("again"))
    again = json.loads((out.with_name("again") / "summary.json").read_text("utf-8"))
    assert again["paired"][0]["ci95"] == pair["ci95"]
    assert again["models"][0]["dice_ci95"] == run.result.summary["models"][0]["dice_ci95"]


def test_recorded_training_metrics_are_compared_at_their_resolution(folders) -> None:
    images, masks, out = folders
    for index in range(5):
        write_case(images, masks, f"{index}.png", square(256, 0, 0, 100),
                   square(256, 0, 0, 90 + index))  # fmt: skip
    training = {
        "val_seed": 7,
        "validation": {"frames": 48, "resolution": "256x256 (model)", "dice": 0.5},
        "heldout": {"frames": 200, "resolution": "original image size", "dice": 0.88},
    }
    run, rows = _run([RedChannelModel("m", training)], images, masks, out)
    (entry,) = run.result.summary["models"]
    validation, heldout = entry["comparison"]
    assert validation["measured"] == "dice_model_res" and heldout["measured"] == "dice"
    mean = np.mean([row.dice for row in rows])
    assert validation["difference"] == pytest.approx(mean - 0.5)
    assert validation["recorded_inside_ci"] is False
    assert validation["sentence"].count("Not reproduced") == 1
    assert heldout["recorded_inside_ci"] is (heldout["ci95"][0] <= 0.88 <= heldout["ci95"][1])
    assert entry["recorded"][0]["seed"] == 7
    assert entry["verdict"].startswith("m: recorded validation Dice 0.5000 on 48 images")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xmlns", "action") and value:
                (self.images if value.startswith("data:image/") else self.urls).append(value)

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_report_is_self_contained_and_parseable(folders) -> None:
    images, masks, out = folders
    for index in range(4):
        write_case(images, masks, f"case <{index}>.png", square(256, 30, 30, 80),
                   square(256, 30 + 4 * index, 30, 80))  # fmt: skip
    write_case(images, masks, "perfect.png", square(256, 0, 0, 10), square(256, 0, 0, 10))
    run, _ = _run([RedChannelModel("first"), RedChannelModel("second")], images, masks, out)
    text = (out / "report.html").read_text("utf-8")
    page = _Page()
    page.feed(text)
    page.close()
    assert {"html", "table", "svg", "img", "figure"} <= set(page.tags)
    assert "script" not in page.tags and "link" not in page.tags
    assert page.urls == []  # nothing fetched from anywhere
    assert "http://" not in text and "https://" not in text
    # Worst cases: the 3 imperfect images per model (the perfect ones are not shown), decodable.
    assert len(page.images) == 6
    data = base64.b64decode(page.images[0].split(",", 1)[1])
    picture = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert picture is not None and picture.shape[:2] == (256, 256)
    words = " ".join(page.text)
    assert "first" in words and "second" in words and "case <3>.png" in words
    assert "<3>" not in text  # file names are escaped
    assert run.result.report_path == out / "report.html"


def test_cancel_between_images_writes_what_was_done(folders) -> None:
    images, masks, out = folders
    for index in range(5):
        write_case(images, masks, f"{index}.png", square(256, 0, 0, 10), square(256, 0, 0, 10))
    cancel = threading.Event()
    run = EvaluationRun([RedChannelModel("m")], EvaluationOptions(images, masks, out), cancel)
    rows = []
    for row in run:
        rows.append(row)
        cancel.set()
    assert len(rows) == 1
    assert run.result.cancelled and run.result.exit_status == 1
    assert len(_csv(out / "metrics.csv")) == 1
    assert json.loads((out / "summary.json").read_text("utf-8"))["cancelled"] is True


def test_runs_that_cannot_start(folders, tmp_path) -> None:
    images, masks, out = folders
    write_case(images, masks, "a.png", square(256, 0, 0, 10), square(256, 0, 0, 10))
    model = RedChannelModel("m")
    with pytest.raises(EvaluationError, match="must differ from the images folder"):
        EvaluationRun([model], EvaluationOptions(images, masks, images))
    with pytest.raises(EvaluationError, match="must differ from the ground-truth folder"):
        EvaluationRun([model], EvaluationOptions(images, masks, masks))
    with pytest.raises(EvaluationError, match="both named 'm'"):
        EvaluationRun([model, RedChannelModel("m")], EvaluationOptions(images, masks, out))
    (tmp_path / "empty").mkdir()
    with pytest.raises(EvaluationError, match="No images"):
        EvaluationRun([model], EvaluationOptions(tmp_path / "empty", masks, out))
    assert not out.exists()  # nothing was written for runs that could not start


def test_multi_frame_dicom_is_one_input_per_frame(folders) -> None:
    """DESIGN §10: `x.dcm#k` rows, ground truth named like batch's frame masks (`x_f000k`)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
    from dicom_files import copy_to  # tests/core/dicom_files.py: pydicom's own test files

    images, masks, out = folders
    copy_to("SC_rgb_rle_2frame.dcm", images / "sub", "scan.dcm")  # 2 RGB frames, 100×100
    (masks / "sub").mkdir(parents=True)
    truth = np.zeros((100, 100), np.uint8)
    truth[20:60, 30:70] = 255
    cv2.imwrite(str(masks / "sub" / "scan_f0001_mask.png"), truth)
    model = RedChannelModel("m")
    _, rows = _run([model], images, masks, out, recursive=True)
    assert [(row.file, row.status) for row in rows] == [
        ("sub/scan.dcm#1", "ok"), ("sub/scan.dcm#2", "failed"),
    ]  # fmt: skip
    assert (rows[0].width, rows[0].height, rows[0].gt_pixels) == (100, 100, 1600)
    assert "scan_f0002" in rows[1].error and "no ground truth" in rows[1].error
    assert model.calls == [(100, 100)]
