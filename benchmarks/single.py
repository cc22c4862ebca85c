"""(2) One image through `Segmenter` (decode → transform → forward → resize back → threshold)
÷ that engine's bare forward measured beside it = the pipeline's overhead (target ≤ 1.10×)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks import data
from benchmarks.timing import median_ms


def one_per_size(frames: list[Path]) -> list[tuple[str, Path]]:
    seen: dict[str, Path] = {}
    for index, (width, height) in enumerate(data.SIZES):
        if index < len(frames):
            seen[f"{width}×{height}"] = frames[index]
    return list(seen.items())


def measure(segmenter, bare, sizes, rounds: int) -> dict[str, Any]:
    from desktop.core.image_io import load_rgb

    bare_samples: list[float] = []
    per_size: dict[str, list[float]] = {label: [] for label, _ in sizes}
    parts: dict[str, list[float]] = {
        k: [] for k in ("decode", "transform", "forward", "resize", "threshold")
    }
    for path in (p for _, p in sizes):  # warm-up: file cache, allocator, kernels
        segmenter.predict(load_rgb(path)).mask  # noqa: B018
    for _ in range(rounds):
        for label, path in sizes:
            for _ in range(2):
                start = time.perf_counter()
                bare()
                bare_samples.append(time.perf_counter() - start)
            start = time.perf_counter()
            image = load_rgb(path)
            decoded = time.perf_counter()
            prediction = segmenter.predict(image)
            predicted = time.perf_counter()
            prediction.mask  # noqa: B018 - the threshold at full size
            done = time.perf_counter()
            per_size[label].append(done - start)
            parts["decode"].append(decoded - start)
            parts["transform"].append(prediction.timings.transform_ms / 1000)
            parts["forward"].append(prediction.timings.forward_ms / 1000)
            parts["resize"].append(prediction.timings.resize_ms / 1000)
            parts["threshold"].append(done - predicted)
    bare_ms = median_ms(bare_samples)
    e2e_ms = {label: median_ms(values) for label, values in per_size.items()}
    ratios = {label: ms / bare_ms for label, ms in e2e_ms.items()}
    return {
        "bare_forward_ms": bare_ms,
        "e2e_ms": e2e_ms,
        "overhead_by_size": ratios,
        "overhead": statistics.fmean(ratios.values()),
        "overhead_largest": ratios[sizes[-1][0]],
        "parts_ms": {name: median_ms(values) for name, values in parts.items()},
    }
