"""Resident memory of a batch, measured in a fresh process (run by `benchmarks.run`):

    python -m benchmarks.memory --model DIR --device cpu --warmup IN1 --batch IN2 --out TMP

prints one JSON line: RSS after loading, after a warm-up batch, after the long batch, and peak.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--warmup", type=Path, required=True)
    parser.add_argument("--batch", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    from benchmarks.rss import peak_rss_mb, rss_mb
    from desktop.core.batch import BatchOptions, BatchRun
    from desktop.core.package import read_package
    from desktop.core.segmenter import Segmenter
    from desktop.core.thread_budget import image_parallel_layout

    segmenter = Segmenter(read_package(args.model), args.device)
    engine = segmenter.engine
    if hasattr(engine, "stream_workers"):
        # A fast engine compiles its batch (streams) model once and keeps it, as it keeps its
        # weights: part of the loaded state, not growth. A long batch would make it midway.
        with engine.stream_workers(image_parallel_layout(engine.threads)) as (_, ready):
            ready.result()
    loaded = rss_mb()

    def run(folder: Path, name: str) -> tuple[int, float]:
        start = time.perf_counter()
        batch = BatchRun(segmenter, BatchOptions(folder, args.out / name))
        count = sum(1 for result in batch if result.status == "ok")
        return count, time.perf_counter() - start

    warm_count, _ = run(args.warmup, "warmup")
    gc.collect()
    warm = rss_mb()
    batch_count, seconds = run(args.batch, "batch")
    gc.collect()
    after = rss_mb()
    print(
        json.dumps(
            {
                "device": segmenter.device.id,
                "rss_loaded_mb": loaded,
                "rss_warm_mb": warm,
                "rss_after_mb": after,
                "peak_mb": peak_rss_mb(),
                "warmup_images": warm_count,
                "batch_images": batch_count,
                "batch_seconds": seconds,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
