"""`python -m desktop evaluate` as users run it (subprocess, offline): outputs, exit status 0 / 1
/ 2, every option documented."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from helpers import SUBPROCESS_MARKER, write_test_image

from desktop.core.evaluation.runner import METRICS_FIELDS

REPO = Path(__file__).resolve().parents[2]


def _cli(args, env, models_dir) -> subprocess.CompletedProcess:
    # Run from the repository, so `-m desktop` is this checkout's package whatever is installed.
    done = subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=900,
        env={**env, "SEGDESK_MODELS": str(models_dir)},
    )  # fmt: skip
    assert SUBPROCESS_MARKER not in done.stderr, f"network used: {done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def models(unet18, tmp_path) -> Path:
    """Two packages with different names (the same small network)."""
    folder = tmp_path / "models"
    shutil.copytree(unet18.package_dir, folder / "unet18")
    shutil.copytree(unet18.package_dir, folder / "unet18-copy")
    manifest = folder / "unet18-copy" / "model.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["name"] = "unet18-copy"
    manifest.write_text(json.dumps(data), "utf-8")
    return folder


def _dataset(root: Path) -> tuple[Path, Path]:
    images, masks = root / "images", root / "masks"
    for index, (height, width) in enumerate([(48, 64), (90, 40)]):
        write_test_image(images / "sub" / f"x{index}.jpg", height, width, index)
        truth = np.zeros((height, width), np.uint8)
        truth[10:30, 5:25] = 255
        (masks / "sub").mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(masks / "sub" / f"x{index}_gt.png"), truth)
    return images, masks


def test_help_documents_every_option(offline_subprocess_env, tmp_path) -> None:
    done = _cli(["evaluate", "--help"], offline_subprocess_env, tmp_path)
    assert done.returncode == 0
    for option in ("IMAGES", "MASKS", "OUT", "--model", "--device", "--recursive", "--mask-suffix"):
        assert option in done.stdout
    text = " ".join(done.stdout.split())  # whatever the wrapping
    assert "0 every image scored" in text and "2 nothing could run" in text


def test_evaluate_two_models_all_done_then_some_failed(
    models, offline_subprocess_env, tmp_path
) -> None:
    images, masks = _dataset(tmp_path)
    out = tmp_path / "out"
    args = ["evaluate", images, masks, out, "--model", "unet18", "--model", "unet18-copy",
            "--device", "cpu", "--recursive", "--mask-suffix", "_gt"]  # fmt: skip
    done = _cli(args, offline_subprocess_env, models)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 images, models unet18, unet18-copy, device cpu" in done.stdout
    with open(out / "metrics.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == list(METRICS_FIELDS)
        rows = list(reader)
    assert [(r["file"], r["model"]) for r in rows] == [
        ("sub/x0.jpg", "unet18"), ("sub/x0.jpg", "unet18-copy"),
        ("sub/x1.jpg", "unet18"), ("sub/x1.jpg", "unet18-copy"),
    ]  # fmt: skip
    assert all(r["status"] == "ok" and r["gt_pixels"] == "400" for r in rows)
    assert rows[0]["dice"] == rows[1]["dice"] and len(rows[0]["dice"].split(".")[1]) == 6
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert [m["name"] for m in summary["models"]] == ["unet18", "unet18-copy"]
    (pair,) = summary["paired"]
    assert pair["mean_dice_difference"] == 0.0 and pair["wilcoxon_p"] is None  # same network
    assert (out / "report.html").read_text("utf-8").startswith("<!DOCTYPE html>")

    (masks / "sub" / "x1_gt.png").unlink()
    done = _cli(args, offline_subprocess_env, models)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "no ground truth" in done.stdout and "x1_gt.<image ext>" in done.stdout


def test_evaluate_that_cannot_run_exits_2_and_writes_nothing(
    models, offline_subprocess_env, tmp_path
) -> None:
    images, masks = _dataset(tmp_path)
    out = tmp_path / "out"
    done = _cli(["evaluate", images, tmp_path / "nope", out, "--model", "unet18"],
                offline_subprocess_env, models)  # fmt: skip
    assert done.returncode == 2 and "does not exist" in done.stderr
    done = _cli(["evaluate", images, masks, out, "--model", "no-such-model", "--recursive"],
                offline_subprocess_env, models)  # fmt: skip
    assert done.returncode == 2 and "no-such-model" in done.stderr
    assert not out.exists()
