"""Parts on one node (issue 20): does packing the parts of a split batch onto a machine cost
throughput? Two parts × 1 thread at once (`batch --num-parts 2 --part-id K --threads 1`, two
processes side by side, as two one-CPU Slurm tasks on a node) against one part × 2 threads
(`batch --threads 2`) over the same folder, on a 2-core machine. Target: ratio ≥ 1.0, i.e.
two one-thread parts get through images at least as fast as one two-thread run.

Each contender runs as users run it, whole `python -m desktop batch` processes. Start-up, model
load and the first image's audit are fixed costs that a long cluster run pays once, so the
steady state is measured from the per-image console lines, time-stamped as they arrive: for one
process, images finished between its first and last line over that time; for two parts, images
either finished in the window where both were past their first image and neither at its last.
The whole runs' wall times are given too. Rounds alternate the order; the best round per
contender counts. Compiled models go to a temporary cache, warmed first.

    python -m benchmarks.parts [--device cpu-bf16] [--model DIR] [--images 64] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.data import write_frames
from benchmarks.machine import Others, cpu_kind

REPO = Path(__file__).resolve().parents[1]
_IMAGE_LINE = re.compile(r"^\[\d+/\d+\] ")


def _default_model() -> str:
    demo = REPO / "weights" / "demo-unet-resnet34"
    return str(demo) if demo.is_dir() else ""


class _Batch:
    """One `python -m desktop batch` process; the time each image line arrived."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.stamps: list[float] = []
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "desktop", "batch", *args], env=env, cwd=REPO,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
        )  # fmt: skip
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if _IMAGE_LINE.match(line):
                self.stamps.append(time.perf_counter())
            self.output.append(line)

    def wait(self) -> None:
        self.process.wait()
        self._reader.join()
        if self.process.returncode != 0:
            raise SystemExit(f"batch failed ({self.process.returncode}):\n{''.join(self.output)}")


def _run(batches: list[_Batch]) -> tuple[float, float]:
    """(wall seconds of the slowest, steady-state images per second over all of them)."""
    start = time.perf_counter()
    for batch in batches:
        batch.wait()
    wall = time.perf_counter() - start
    begin = max(batch.stamps[0] for batch in batches)
    end = min(batch.stamps[-1] for batch in batches)
    done = sum(sum(begin < stamp <= end for stamp in batch.stamps) for batch in batches)
    return wall, done / (end - begin) if end > begin else 0.0


def time_parts(folder: Path, out: Path, common: list[str], env: dict[str, str]):
    """2 parts × 1 thread, both at once into one OUT."""
    return _run([
        _Batch([str(folder), str(out), *common, "--num-parts", "2", "--part-id", str(k),
                "--threads", "1"], env)
        for k in (0, 1)
    ])  # fmt: skip


def time_whole(folder: Path, out: Path, common: list[str], env: dict[str, str]):
    return _run([_Batch([str(folder), str(out), *common, "--threads", "2"], env)])


def measure(
    device: str, model: str, images: int, rounds: int, audit: str | None = None
) -> dict[str, Any]:
    from desktop.core.fast import cpu

    work = Path(tempfile.mkdtemp(prefix="segdesk-bench-parts-"))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLURM_")}
        env.update(NO_ALBUMENTATIONS_UPDATE="1", QT_QPA_PLATFORM="offscreen",
                   XDG_CACHE_HOME=str(work / "cache"))  # fmt: skip
        common = ["--device", device] + (["--model", model] if model else [])
        common += ["--audit", audit] if audit is not None else []
        folder = work / "in"
        write_frames(folder, images, sizes=((640, 480), (1280, 1024)))
        time_whole(folder, work / "warm", common, env)  # compiles into the temporary cache
        rows: dict[str, list[tuple[float, float]]] = {"parts": [], "whole": []}
        others = Others()
        for index in range(rounds):
            order = ["parts", "whole"] if index % 2 == 0 else ["whole", "parts"]
            for name in order:
                timer = time_parts if name == "parts" else time_whole
                rows[name].append(timer(folder, work / f"out-{name}-{index}", common, env))
        rate = {name: max(rate for _, rate in values) for name, values in rows.items()}
        wall = {name: min(wall for wall, _ in values) for name, values in rows.items()}
        return {
            "device": device,
            "model": model or "first bundled",
            "audit": "default" if audit is None else audit,
            "cpu": cpu.cpu_name(),
            "cpu_kind": cpu_kind(cpu.cpu_flags()),
            "images": images,
            "rounds": {
                name: [{"wall_s": round(w, 2), "images_per_s": round(r, 2)} for w, r in values]
                for name, values in rows.items()
            },  # fmt: skip
            "steady_ms_per_image": {name: round(1000 / value, 1) for name, value in rate.items()},
            "wall_s": {name: round(value, 2) for name, value in wall.items()},
            "ratio_steady": round(rate["parts"] / rate["whole"], 3),
            "ratio_wall": round(wall["whole"] / wall["parts"], 3),
            "others_cpu_share": round(others.fraction(), 3),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    from desktop.core.fast import cpu

    parser = argparse.ArgumentParser(prog="python -m benchmarks.parts", description=__doc__)
    parser.add_argument("--device", default="cpu-bf16" if cpu.native_bf16() else "cpu-fast")
    parser.add_argument("--model", default=_default_model())
    parser.add_argument("--images", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--audit", help="batch --audit FRACTION (default: the batch's own)")
    parser.add_argument("--json", action="store_true", help="print the JSON document only")
    args = parser.parse_args(argv)
    result = measure(args.device, args.model, args.images, args.rounds, args.audit)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    steady, wall = result["steady_ms_per_image"], result["wall_s"]
    print(
        f"parts on one node ({result['cpu_kind']}, {result['cpu']}, device {args.device}, "
        f"{args.images} images): steady state 2 parts × 1 thread {steady['parts']:.1f} "
        f"ms/image vs 1 part × 2 threads {steady['whole']:.1f} ms/image → ratio "
        f"{result['ratio_steady']:.2f} (target ≥ 1.0); whole runs {wall['parts']:.1f} s vs "
        f"{wall['whole']:.1f} s → {result['ratio_wall']:.2f}; other processes used "
        f"{100 * result['others_cpu_share']:.0f} % of the CPU meanwhile"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
