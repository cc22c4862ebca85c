"""(3) Folders of JPEGs through `BatchRun` (masks written, report, journal and — for `cpu-bf16`
— the default audit included) vs the naive one-image-at-a-time script (benchmarks/naive.py).

Sets: the mixed set (640×480 … 1280×1024), a set of 1280×1024 frames only, and — for the exact
engine, whose target is "never slower than the naive script at any input size" — one small set
per size. Rounds alternate the order; the best round per contender counts (every round is in
the JSON), with the bare forward timed just before and after it for the efficiency figure.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.machine import Others
from benchmarks.naive import naive_folder
from benchmarks.timing import median_ms, time_call


def contenders(exact, fast, bf16, frames_of: Callable[[Path], list[Path]]):
    """name → (run(in_dir, out_dir) → images written)."""
    from desktop.core.batch import BatchOptions, BatchRun

    network, transform = exact._engine._network, exact._transform

    def naive(in_dir: Path, out_dir: Path) -> int:
        return naive_folder(network, transform, frames_of(in_dir), out_dir, exact.threshold)

    def batch_run(segmenter) -> Callable[[Path, Path], int]:
        def go(in_dir: Path, out_dir: Path) -> int:
            run = BatchRun(segmenter, BatchOptions(in_dir, out_dir))  # default audit
            return sum(1 for result in run if result.status == "ok")

        return go

    found = {"naive": naive, "cpu": batch_run(exact)}
    if fast is not None:
        found["cpu-fast"] = batch_run(fast)
    if bf16 is not None:
        found["cpu-bf16"] = batch_run(bf16)
    return found


def measure_set(
    runners: dict[str, Callable[[Path, Path], int]],
    bare: dict[str, Callable[[], Any]],
    in_dir: Path,
    count: int,
    rounds: int,
    out_root: Path,
    say,
    label: str,
) -> dict[str, Any]:
    runs: dict[str, list[tuple[int, float, list[float], float]]] = {}
    order = list(runners)
    for rep in range(rounds):
        for name in order if rep % 2 == 0 else list(reversed(order)):
            say.progress(f"    (3) {label}: {name}, {count} images (round {rep + 1}) …")
            around = [time_call(bare[name]) for _ in range(3)]
            out_dir = out_root / f"{label}-{name}-{rep}"
            others = Others()
            start = time.perf_counter()
            written = runners[name](in_dir, out_dir)
            seconds = time.perf_counter() - start
            busy = others.fraction()
            around += [time_call(bare[name]) for _ in range(3)]
            runs.setdefault(name, []).append((written, seconds, around, busy))
            if written != count:
                raise RuntimeError(f"batch {name} wrote {written} of {count} masks")
            shutil.rmtree(out_dir, ignore_errors=True)
    result: dict[str, Any] = {"images": count, "rounds": rounds}
    for name, entries in runs.items():
        written, seconds, around, busy = min(entries, key=lambda e: e[1] / max(1, e[0]))
        bare_ms = median_ms(around)
        throughput = written / seconds
        result[name] = {
            "rounds_ms_per_image": [1000 * e[1] / max(1, e[0]) for e in entries],
            "rounds_other_load": [e[3] for e in entries],
            "images_per_s": throughput,
            "ms_per_image": 1000 / throughput,
            "bare_forward_ms": bare_ms,
            "efficiency": throughput * bare_ms / 1000,
            "other_load": busy,
        }
    naive = result["naive"]["images_per_s"]
    result["vs_naive"] = {
        name: result[name]["images_per_s"] / naive for name in runs if name != "naive"
    }
    return result


def per_size(
    runners, bare, sets: dict[str, tuple[Path, int]], rounds: int, out_root: Path, say
) -> dict[str, Any]:
    """The exact engine vs the naive script, one set per input size."""
    chosen = {name: runners[name] for name in ("naive", "cpu")}
    by_size = {
        label: measure_set(chosen, bare, folder, count, rounds, out_root, say, f"size {label}")
        for label, (folder, count) in sets.items()
    }
    ratios = {label: r["vs_naive"]["cpu"] for label, r in by_size.items()}
    from desktop.core.thread_budget import image_parallel_layout

    shares = image_parallel_layout()
    return {
        "rounds": rounds,
        "layout": f"{len(shares)} image(s) side by side with {'+'.join(map(str, shares))} "
        "torch thread(s)",
        "sets": by_size,
        "exact_vs_naive": ratios,
        "exact_vs_naive_min": min(ratios.values()),
        "exact_vs_naive_median": statistics.median(ratios.values()),
    }
