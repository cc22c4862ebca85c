"""A split batch on a real scheduler (DESIGN §13, issue 20): a one-node Slurm (slurmctld and
slurmd on localhost with munge, tools/slurm/cluster.sh) runs `sbatch --array=0-3` over 120
images into one OUT, each task `python -m desktop batch IN OUT` with its part and thread count
from Slurm's environment, all four at once. The merged result must equal one unsplit run: every
mask pixel for pixel, report.csv's rows the same (times aside), none lost or twice — also when
one task is killed with SIGKILL mid-run and its index re-submitted alone (`--array=2`, which
sees SLURM_ARRAY_TASK_COUNT=1 and takes N from OUT).

Skipped, with the reason, only where Slurm is not installed or the test is not root (slurmd
must be). `.ci/run` installs it: apt-get install --no-install-recommends slurmctld slurmd
slurm-client munge.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import pytest
from helpers import assert_same_outputs, run_cli

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "tools" / "slurm" / "cluster.sh"
BINARIES = ("slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "munged", "munge")
IMAGES = 120
PARTS = 4

_missing = [name for name in BINARIES if shutil.which(name) is None]
pytestmark = [
    pytest.mark.skipif(
        bool(_missing),
        reason=f"Slurm not installed (missing {', '.join(_missing)}): apt-get install -y "
        "--no-install-recommends slurmctld slurmd slurm-client munge",
    ),
    pytest.mark.skipif(
        hasattr(os, "geteuid") and os.geteuid() != 0,
        reason="the one-node Slurm fixture runs slurmd, which must be root",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def cluster() -> dict[str, str]:
    """A one-node cluster of its own (own folder, munge socket and ports), stopped after."""
    # Not under pytest's folder: munged wants every folder above its socket searchable (0755).
    root = Path(tempfile.mkdtemp(prefix="segdesk-slurm-"))
    root.chmod(0o755)
    ports = {_free_port() for _ in range(4)}
    ctld, slurmd = sorted(ports)[:2]
    env = {**os.environ, "SEGDESK_SLURM_DIR": str(root), "SEGDESK_SLURM_CPUS": str(PARTS),
           "SEGDESK_SLURM_CTLD_PORT": str(ctld),
           "SEGDESK_SLURM_SLURMD_PORT": str(slurmd)}  # fmt: skip
    started = subprocess.run(
        [CLUSTER, "start"], env=env, capture_output=True, text=True, timeout=120
    )
    if started.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
    assert started.returncode == 0, started.stderr
    env["SLURM_CONF"] = str(root / "etc" / "slurm.conf")
    try:
        yield env
    finally:
        stopped = subprocess.run(
            [CLUSTER, "stop", "--purge"], env=env, capture_output=True, text=True, timeout=120
        )
        assert stopped.returncode == 0, stopped.stderr


@pytest.fixture(scope="module")
def images(tmp_path_factory) -> Path:
    """120 small synthetic endoscopy frames (tools/synthetic_data.py), shrunk to keep it quick."""
    sys.path.insert(0, str(REPO / "tools"))
    from synthetic_data import HELDOUT_SEED, make_frame

    folder = tmp_path_factory.mktemp("slurm-images")
    for index in range(IMAGES):
        rgb, _ = make_frame(HELDOUT_SEED + 77, index)
        height, width = rgb.shape[:2]
        small = cv2.resize(rgb, (width // 8, height // 8), interpolation=cv2.INTER_AREA)
        suffix = "png" if index % 3 else "jpg"
        assert cv2.imwrite(str(folder / f"frame{index:03d}.{suffix}"), small[..., ::-1])
    return folder


@pytest.fixture(scope="module")
def job_env(cluster, offline_subprocess_env, unet18, tmp_path_factory) -> dict[str, str]:
    models = tmp_path_factory.mktemp("slurm-models")
    shutil.copytree(unet18.package_dir, models / "unet18")
    clean = {k: v for k, v in offline_subprocess_env.items() if not k.startswith("SLURM_")}
    return {**clean, "SLURM_CONF": cluster["SLURM_CONF"], "SEGDESK_MODELS": str(models),
            "SEGDESK_PYTHON": sys.executable}  # fmt: skip


@pytest.fixture(scope="module")
def reference(images, job_env, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("slurm-reference") / "out"
    done = run_cli(["batch", images, out, "--model", "unet18", "--device", "cpu"], job_env,
                   out.parent)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _job_script(folder: Path) -> Path:
    """One array task: its pid first (so the test can SIGKILL it), then the batch itself,
    which takes its part and thread count from Slurm's environment."""
    script = folder / "segment.sh"
    script.write_text(
        "#!/bin/bash\n"
        'echo $$ > "$SEGDESK_PIDS/pid_$SLURM_ARRAY_TASK_ID"\n'
        'exec "$SEGDESK_PYTHON" -m desktop batch "$SEGDESK_IN" "$SEGDESK_OUT" '
        "--model unet18 --device cpu --quiet\n"
    )
    script.chmod(0o755)
    return script


def _submit(array: str, images: Path, out: Path, job_env: dict[str, str]) -> str:
    work = out.parent
    (work / "pids").mkdir(exist_ok=True)
    env = {**job_env, "SEGDESK_IN": str(images), "SEGDESK_OUT": str(out),
           "SEGDESK_PIDS": str(work / "pids")}  # fmt: skip
    done = subprocess.run(
        ["sbatch", "--parsable", f"--array={array}", "--cpus-per-task=1",
         "-o", str(work / "slurm-%A_%a.out"), str(_job_script(work))],
        env=env, capture_output=True, text=True, timeout=60, cwd=work,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().split(";")[0]


def _wait(job: str, env: dict[str, str], timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        queue = subprocess.run(["squeue", "-h", "-j", job], env=env, capture_output=True,
                               text=True, timeout=30)  # fmt: skip
        if not queue.stdout.strip():
            return
        time.sleep(0.5)
    raise AssertionError(f"job {job} still queued after {timeout} s")


def _logs(work: Path) -> str:
    return "\n".join(path.read_text() for path in sorted(work.glob("slurm-*.out")))


def _rows_as_one_run(out: Path) -> None:
    """Rows a resume kept say `skipped`; all else equal to a fresh run's `ok` row."""
    path = out / "report.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        row["status"] = "ok" if row["status"] == "skipped" else row["status"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_array_of_four_equals_one_run(images, job_env, reference, tmp_path):
    out = tmp_path / "out"
    start = time.perf_counter()
    job = _submit(f"0-{PARTS - 1}", images, out, job_env)
    _wait(job, job_env)
    seconds = time.perf_counter() - start
    logs = _logs(tmp_path)
    assert "Traceback" not in logs, logs
    assert logs.count("note: number of parts 4 from SLURM_ARRAY_TASK_COUNT") == PARTS, logs
    assert logs.count("note: threads 1 from SLURM_CPUS_PER_TASK") == PARTS, logs
    assert "all 4 parts finished" in logs, logs
    assert_same_outputs(out, reference)
    print(f"\nsbatch --array=0-3, {IMAGES} images: {seconds:.1f} s to merged")


def test_a_killed_part_resubmitted_alone_completes_the_same_result(
    images, job_env, reference, tmp_path
):
    out = tmp_path / "out"
    job = _submit(f"0-{PARTS - 1}", images, out, job_env)
    journal = out / f".segdesk-journal.part-2-of-{PARTS}.jsonl"
    pid_file = tmp_path / "pids" / "pid_2"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:  # kill part 2 once it has written a few masks
        if pid_file.exists() and journal.exists() and len(journal.read_text().splitlines()) >= 3:
            break
        time.sleep(0.02)
    else:
        raise AssertionError("part 2 never started writing: " + _logs(tmp_path))
    os.kill(int(pid_file.read_text()), signal.SIGKILL)
    killed_at = len(journal.read_text().splitlines())
    _wait(job, job_env)
    assert killed_at < IMAGES // PARTS, "part 2 had finished before it was killed"
    assert not (out / f"run.part-2-of-{PARTS}.json").exists()
    assert not (out / "report.csv").exists()  # no merge without part 2
    merged = run_cli(["merge", out], job_env, tmp_path)
    assert merged.returncode == 2 and "part 2" in merged.stderr, merged.stderr

    start = time.perf_counter()
    again = _submit("2", images, out, job_env)  # sees SLURM_ARRAY_TASK_COUNT=1
    _wait(again, job_env)
    seconds = time.perf_counter() - start
    log = (tmp_path / f"slurm-{again}_2.out").read_text()
    assert "SLURM_ARRAY_TASK_COUNT=1" in log and "using the 4 parts recorded" in log, log
    assert "all 4 parts finished" in log, log
    _rows_as_one_run(out)
    assert_same_outputs(out, reference)
    print(f"\nkilled part 2 after {killed_at} images; re-submitted alone: {seconds:.1f} s")
