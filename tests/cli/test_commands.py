"""The command line (DESIGN §5), run as users run it: `python -m desktop ...` in a subprocess,
offline (see conftest.offline_subprocess_env), with SEGDESK_MODELS pointing at a temporary folder
and every model named explicitly, so whatever is bundled in `weights/` does not matter."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from helpers import run_cli, write_test_image

REPO = Path(__file__).resolve().parents[2]


_image = write_test_image


def _report(out: Path) -> list[dict[str, str]]:
    with open(out / "report.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def models(unet18, tmp_path) -> Path:
    """A user models folder holding a copy of the small package (safe to damage)."""
    folder = tmp_path / "models"
    shutil.copytree(unet18.package_dir, folder / "unet18")
    return folder


def test_version_and_help(offline_subprocess_env, tmp_path):
    done = run_cli(["--version"], offline_subprocess_env, tmp_path)
    assert done.returncode == 0 and "SegDesk" in done.stdout
    done = run_cli(["batch", "--help"], offline_subprocess_env, tmp_path)
    assert done.returncode == 0 and "--recursive" in done.stdout


def test_models_lists_packages_and_broken_ones(models, offline_subprocess_env, tmp_path):
    (models / "broken").mkdir()
    (models / "broken" / "model.json").write_text('{"format": 1}')
    done = run_cli(["models"], offline_subprocess_env, tmp_path, models)
    assert done.returncode == 0, done.stderr
    assert "unet18 — Unet · resnet18 · 256×256  [user]" in done.stdout
    assert str(models / "unet18") in done.stdout
    assert "BROKEN" in done.stdout and "'name' is missing" in done.stdout


def test_verify_passes_and_catches_damaged_weights(models, offline_subprocess_env, tmp_path):
    done = run_cli(
        ["verify", "--model", "unet18", "--device", "cpu"], offline_subprocess_env, tmp_path, models
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS unet18 on cpu: 2 reference cases, 0.0 mismatched" in done.stdout

    # One flipped byte in the weights: refused before running, named as damaged, exit 1.
    # (Damaged reference cases are covered in-process by tests/core/test_verify.py.)
    weights = models / "unet18" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    done = run_cli(
        ["verify", "--model", models / "unet18", "--device", "cpu"],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert done.returncode == 1
    assert "FAIL unet18" in done.stdout and "damaged or was replaced" in done.stdout


def test_batch_all_done_exit_0(models, photos, offline_subprocess_env, tmp_path):
    out = tmp_path / "out"
    done = run_cli(
        ["batch", photos, out, "--model", "unet18", "--device", "cpu", "--recursive",
         "--save", "mask,prob"],
        offline_subprocess_env, tmp_path, models,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 images, model unet18, device cpu" in done.stdout
    expected = {"a.png": (48, 64), "b.jpg": (80, 30), "c.bmp": (7, 9), "sub/d.png": (20, 40)}
    rows = _report(out)
    assert [row["file"] for row in rows] == list(expected)
    for row in rows:
        height, width = expected[row["file"]]
        assert row["status"] == "ok" and (row["width"], row["height"]) == (str(width), str(height))
        stem = str(Path(row["file"]).with_suffix(""))
        mask = cv2.imread(str(out / f"{stem}_mask.png"), cv2.IMREAD_UNCHANGED)
        assert mask.shape == (height, width) and mask.dtype == np.uint8
        prob = cv2.imread(str(out / f"{stem}_prob.png"), cv2.IMREAD_UNCHANGED)
        assert prob.shape == (height, width) and prob.dtype == np.uint16
    run = json.loads((out / "run.json").read_text("utf-8"))
    assert run["model"]["name"] == "unet18" and run["device"] == "cpu"
    assert run["counts"]["ok"] == 4 and run["cancelled"] is False


def test_batch_some_failed_exit_1(models, photos, offline_subprocess_env, tmp_path):
    (photos / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    out = tmp_path / "out"
    done = run_cli(
        ["batch", photos, out, "--model", "unet18", "--device", "cpu"],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    rows = {row["file"]: row for row in _report(out)}
    assert rows["broken.png"]["status"] == "failed"
    assert (
        "broken.png" in rows["broken.png"]["error"] and "truncated" in rows["broken.png"]["error"]
    )
    assert rows["a.png"]["status"] == rows["b.jpg"]["status"] == "ok"
    assert "failed 1" in done.stdout


def _unwritable(tmp_path: Path) -> Path:
    blocker = tmp_path / "a_file"
    blocker.write_text("a regular file: nothing can be created below it, even by root")
    return blocker / "out"


@pytest.mark.parametrize("case", ["out-is-in", "unwritable-out"])
def test_batch_cannot_run_exit_2(case, models, photos, offline_subprocess_env, tmp_path):
    out = photos if case == "out-is-in" else _unwritable(tmp_path)
    before = sorted(p.relative_to(photos) for p in photos.rglob("*"))
    done = run_cli(
        ["batch", photos, out, "--model", "unet18", "--device", "cpu"],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("error: ")
    assert str(out) in done.stderr  # names the folder
    assert sorted(p.relative_to(photos) for p in photos.rglob("*")) == before


def test_batch_bad_arguments_exit_2(models, photos, offline_subprocess_env, tmp_path):
    done = run_cli(
        ["batch", photos, tmp_path / "o", "--model", "nope"],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert done.returncode == 2 and "No model package named 'nope'" in done.stderr
    # The hint names no program (this one was started as python -m desktop, not segdesk).
    assert "'segdesk models'" not in done.stderr and "the 'models' command" in done.stderr
    done = run_cli(
        ["batch", photos, tmp_path / "o", "--save", "mask,jpeg"],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert done.returncode == 2 and "--save" in done.stderr
    done = run_cli(
        ["batch", tmp_path / "nothing", tmp_path / "o", "--model", tmp_path / "nothing"],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert (
        done.returncode == 2 and "Input folder" in done.stderr and "does not exist" in done.stderr
    )
    assert not (tmp_path / "o").exists()


def test_import_then_batch_then_verify(unet18, photos, offline_subprocess_env, tmp_path):
    import torch

    models = tmp_path / "user-models"
    checkpoint = tmp_path / "notebook" / "best model.pth"
    checkpoint.parent.mkdir()
    state = {f"module.{k}": v for k, v in unet18.network.state_dict().items()}
    torch.save({"model_state_dict": state, "epoch": 41, "val_dice": 0.87}, checkpoint)
    reference = _image(tmp_path / "ref.jpg", 120, 160, 9)

    done = run_cli(
        ["import", checkpoint, "--name", "mine", "--reference", reference],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Imported mine — Unet · resnet18 · 256×256" in done.stdout
    assert (models / "mine" / "model.json").is_file()

    out = tmp_path / "out"
    done = run_cli(
        ["batch", photos, out, "--model", "mine", "--device", "cpu"],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _report(out)[0]["file"] == "a.png"
    assert cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED).shape == (48, 64)
    assert cv2.imread(str(out / "b_mask.png"), cv2.IMREAD_UNCHANGED).shape == (80, 30)
    assert json.loads((out / "run.json").read_text("utf-8"))["model"]["name"] == "mine"

    done = run_cli(
        ["verify", "--model", "mine", "--device", "cpu"], offline_subprocess_env, tmp_path, models
    )
    assert done.returncode == 0 and "PASS mine on cpu" in done.stdout, done.stdout + done.stderr

    # Importing again under the same name is refused, not silently replaced.
    done = run_cli(
        ["import", checkpoint, "--name", "mine", "--reference", reference],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert done.returncode == 2 and "already exists" in done.stderr


class _Payload:
    def __init__(self, sentinel: Path) -> None:
        self.sentinel = str(sentinel)

    def __reduce__(self):
        return (os.system, (f"touch '{self.sentinel}'",))


def test_import_refuses_a_hostile_pickle(offline_subprocess_env, tmp_path):
    import torch

    sentinel = tmp_path / "SENTINEL"
    checkpoint = tmp_path / "evil.pth"
    torch.save(
        {"state_dict": {"encoder.conv1.weight": torch.zeros(1)}, "hook": _Payload(sentinel)},
        checkpoint,
    )
    models = tmp_path / "user-models"
    reference = _image(tmp_path / "ref.png", 10, 10, 1)
    done = run_cli(
        ["import", checkpoint, "--name", "evil", "--reference", reference],
        offline_subprocess_env,
        tmp_path,
        models,
    )
    assert done.returncode == 2
    assert "Refused to load" in done.stderr and str(checkpoint) in done.stderr
    assert not sentinel.exists(), "pickled code ran"
    assert not (models / "evil").exists()


def test_import_with_the_wrong_architecture_is_summarised(unet18, offline_subprocess_env, tmp_path):
    models = tmp_path / "user-models"
    reference = _image(tmp_path / "ref.png", 10, 10, 1)
    done = run_cli(
        ["import", unet18.checkpoint, "--name", "wrong", "--architecture", "UnetPlusPlus",
         "--reference", reference],
        offline_subprocess_env, tmp_path, models,
    )  # fmt: skip
    assert done.returncode == 2
    assert "do not fit this architecture" in done.stderr
    assert "missing" in done.stderr and "unexpected" in done.stderr
    assert len(done.stderr) < 1500
    assert not (models / "wrong").exists()


def test_unwritable_models_folder_is_a_message_not_a_traceback(
    unet18, tmp_path, monkeypatch, capsys
):
    """In-process (the subprocess path is the same `cli.main`): an OSError while writing the
    package is reported as `error: ...` with exit 2."""
    from desktop.cli import main

    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SEGDESK_MODELS", str(blocker / "models"))
    reference = _image(tmp_path / "ref.png", 10, 10, 1)
    status = main(["import", str(unet18.checkpoint), "--name", "x", "--reference", str(reference)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.startswith("error: ") and str(blocker / "models") in captured.err


def test_batch_save_seg_on_non_dicom_inputs_says_so(models, photos, offline_subprocess_env,
                                                   tmp_path):  # fmt: skip
    """`--save seg` on JPEG/PNG inputs wrote nothing and printed "done 2" without a word (only
    run.json said why): the console says which inputs get no SEG file, before the run."""
    done = run_cli(
        ["batch", photos, tmp_path / "o", "--model", "unet18", "--save", "mask,seg"],
        offline_subprocess_env, tmp_path, models,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "3 of 3 inputs are not DICOM" in done.stdout and "no SEG file" in done.stdout


def test_batch_warns_about_a_tiny_image_and_still_segments_it(
    models, offline_subprocess_env, tmp_path
):
    """A 1×1 PNG is far smaller than the model's input: status ok, with a warning in the report
    row and on the command line, as for a grey image (issue #18)."""
    folder = tmp_path / "in"
    _image(folder / "a.png", 48, 64, 1)
    _image(folder / "dot.png", 1, 1, 2)
    out = tmp_path / "out"
    done = run_cli(
        ["batch", folder, out, "--model", "unet18", "--device", "cpu"],
        offline_subprocess_env, tmp_path, models,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {row["file"]: row for row in _report(out)}
    warning = "tiny image (1x1 px): far smaller than the model's input"
    assert rows["dot.png"]["status"] == "ok" and rows["dot.png"]["warning"].startswith(warning)
    assert rows["a.png"]["warning"] == ""
    assert (out / "dot_mask.png").is_file()
    line = next(line for line in done.stdout.splitlines() if "dot.png" in line)
    assert "dot.png: ok" in line and f"warning: {warning}" in line
