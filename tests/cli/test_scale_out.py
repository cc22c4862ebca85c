"""A batch split into parts (DESIGN §13), run as a cluster runs it: several `python -m desktop
batch --num-parts N --part-id K` processes at once into one OUT, then `merge`. The merged
result must be what one unsplit run writes: every mask the same, report.csv's rows the same
(times aside). The same on a real Slurm: tests/slurm/test_slurm_array.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pydicom
import pytest
from helpers import assert_same_outputs, read_rows, run_cli, write_test_image

MULTI_FRAME = Path(pydicom.__file__).parent / "data" / "test_files" / "examples_ybr_color.dcm"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """13 images (two in a subfolder) and a 30-frame DICOM file whose frames stay in one part."""
    folder = tmp_path_factory.mktemp("scale-out") / "in"
    for index in range(11):
        write_test_image(folder / f"{index:02d}.png", 24, 32, index)
    write_test_image(folder / "sub" / "a.jpg", 30, 20, 50)
    write_test_image(folder / "sub" / "b.png", 20, 30, 51)
    shutil.copy2(MULTI_FRAME, folder / "cine.dcm")
    return folder


@pytest.fixture(scope="module")
def models(unet18, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scale-out-models")
    shutil.copytree(unet18.package_dir, folder / "unet18")
    return folder


@pytest.fixture(scope="module")
def env(offline_subprocess_env, models) -> dict[str, str]:
    clean = {k: v for k, v in offline_subprocess_env.items() if not k.startswith("SLURM_")}
    return {**clean, "SEGDESK_MODELS": str(models)}


BATCH = ["--model", "unet18", "--device", "cpu", "--recursive"]


@pytest.fixture(scope="module")
def reference(folder, env, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scale-out-reference") / "out"
    done = run_cli(["batch", folder, out, *BATCH], env, out.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def start_part(folder, out, index, count, env, *extra) -> subprocess.Popen:
    args = ["batch", folder, out, *BATCH, "--num-parts", count, "--part-id", index, *extra]
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *map(str, args)], env=env, cwd=out.parent,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
    )  # fmt: skip


def test_four_parts_at_once_equal_one_run(folder, env, reference, tmp_path):
    out = tmp_path / "out"
    parts = [start_part(folder, out, k, 4, env, "--threads", "1", "--quiet") for k in range(4)]
    outputs = [part.communicate(timeout=600)[0] for part in parts]
    assert [part.returncode for part in parts] == [0] * 4, outputs
    assert "Traceback" not in "".join(outputs)
    assert sum("merged" in text for text in outputs) >= 1  # the last to finish merged
    assert all("[1/" not in text for text in outputs)  # --quiet: no line per image
    assert all("1 threads" in text for text in outputs)
    assert_same_outputs(out, reference)
    for k in range(4):  # each part wrote only its own files
        assert (out / f"report.part-{k}-of-4.csv").is_file()
        assert (out / f".segdesk-journal.part-{k}-of-4.jsonl").is_file()
        assert not (out / f".segdesk-part-{k}-of-4.running").exists()
    assert not (out / ".segdesk-journal.jsonl").exists()
    frames = [  # in each part: the file's 30 frames are all in one part
        sum(row["file"].startswith("cine.dcm#") for row in read_rows(report))
        for report in sorted(out.glob("report.part-*-of-4.csv"))
    ]
    assert sorted(frames) == [0, 0, 0, 30]
    run = json.loads((out / "run.json").read_text())
    want = json.loads((reference / "run.json").read_text())
    assert run["counts"] == want["counts"]
    for key in ("model", "device", "precision", "threshold", "transform", "dicom_inputs"):
        assert run[key] == want[key], key
    assert sorted(r["part"] for r in run["runs"]) == [f"part-{k}-of-4" for k in range(4)]
    assert sum(r["images"] for r in run["runs"]) == len(read_rows(out / "report.csv"))
    assert "mixed" not in run
    before = (out / "report.csv").read_text()
    done = run_cli(["merge", out], env, tmp_path)  # merging again changes nothing
    assert done.returncode == 0, done.stderr
    assert (out / "report.csv").read_text() == before


def test_slurm_environment_and_a_resubmitted_index(folder, env, reference, tmp_path):
    out = tmp_path / "out"
    slurm = {**env, "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_ARRAY_TASK_ID": "0",
             "SLURM_CPUS_PER_TASK": "1"}  # fmt: skip
    done = run_cli(["batch", folder, out, *BATCH], slurm, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "note: number of parts 2 from SLURM_ARRAY_TASK_COUNT" in done.stdout
    assert "note: part id 0 from SLURM_ARRAY_TASK_ID" in done.stdout
    assert "note: threads 1 from SLURM_CPUS_PER_TASK" in done.stdout
    assert "waiting for part 1" in done.stdout
    done = run_cli(["merge", out], env, tmp_path)
    assert done.returncode == 2 and "part 1" in done.stderr and "Traceback" not in done.stderr
    # `sbatch --array=1` alone sees SLURM_ARRAY_TASK_COUNT=1: N comes from OUT
    resubmitted = {**slurm, "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_ARRAY_TASK_ID": "1"}
    done = run_cli(["batch", folder, out, *BATCH], resubmitted, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "using the 2 parts recorded" in done.stdout
    assert "all 2 parts finished" in done.stdout
    assert_same_outputs(out, reference)
    # another split into the same OUT, or an unsplit run, is refused and writes nothing
    for extra in (["--num-parts", "3", "--part-id", "0"], []):
        done = run_cli(["batch", folder, out, *BATCH, *extra], env, tmp_path)
        assert done.returncode == 2, done.stdout + done.stderr
        assert "split into 2 parts" in done.stderr
    assert not list(out.glob("*part-0-of-3*"))
