"""(5) resident memory of a long batch per device, in a fresh process each, and (6) start-up of
`python -m desktop` to the painted main window and to the model being ready."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks import data, startup

REPO = Path(__file__).resolve().parents[1]


def devices() -> tuple[str, ...]:
    from desktop.core.fast.cpu import native_bf16

    return ("cpu", "cpu-fast", "cpu-bf16") if native_bf16() else ("cpu", "cpu-fast")


def memory(package, frames, plan, tmp: Path, say) -> dict[str, Any]:
    warm = data.copy_frames(frames, tmp / "mem-warm", plan.memory_warmup)
    big = data.copy_frames(frames, tmp / "mem-batch", plan.memory_images)
    out: dict[str, Any] = {"model": package.name}
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp / "cache"), NO_ALBUMENTATIONS_UPDATE="1")
    for device in devices():
        say.progress(
            f"(5) memory, {device}: warm-up {len(warm)} + batch {len(big)} images, fresh process …"
        )
        command = [
            sys.executable,
            "-m",
            "benchmarks.memory",
            "--model",
            str(package.folder),
            "--device",
            device,
            "--warmup",
            str(warm[0].parent),
            "--batch",
            str(big[0].parent),
            "--out",
            str(tmp / f"mem-out-{device}"),
        ]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            out[device] = {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
            continue
        record = json.loads(lines[-1])
        if record.get("device") != device:
            out[device] = {"error": f"ran on {record.get('device')}"}
            continue
        record["growth_mb"] = record["rss_after_mb"] - record["rss_warm_mb"]
        out[device] = record
    return out


def startup_times(plan, tmp: Path, packages, say) -> dict[str, Any]:
    reason = startup.gui_available()
    if reason:
        say.progress(f"(4) start-up: skipped — {reason}")
        return {"skipped": reason}
    # A first start: scratch settings, data and cache folders. Without bundled models the app
    # finds the benchmark's stand-in package as a user model (same size, same load time).
    env = {
        name: str(tmp / "startup" / name.lower())
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")
    }
    stand_ins = [package for package, origin in packages if origin == "untrained stand-in"]
    if stand_ins:
        env["SEGDESK_MODELS"] = str(stand_ins[0].folder.parent)
    runs = []
    for index in range(plan.startup_runs):
        say.progress(f"(4) start-up, run {index + 1} of {plan.startup_runs}: python -m desktop …")
        runs.append(
            startup.measure_once(plan.startup_timeout, REPO, env)
        )
    windows = [r["window_s"] for r in runs if r.get("window_s") is not None]
    models = [r["model_s"] for r in runs if r.get("model_s") is not None]
    result: dict[str, Any] = {"runs": runs}
    if windows:
        result["window_s"] = statistics.median(windows)
    if models:
        result["model_ready_s"] = statistics.median(models)
    errors = [r["error"] for r in runs if r.get("error")]
    if errors:
        result["note"] = errors[0]
    if not windows:
        result["skipped"] = f"the main window never appeared: {errors[0] if errors else '?'}"
    return result
