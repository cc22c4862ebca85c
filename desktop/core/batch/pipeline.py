"""Where a batch's network runs: images side by side on worker threads with a share of the
cores each (the exact CPU engine; the fast CPU engines on streams of their own), or on the
calling thread one at a time (a GPU, or a batch too short to repay a streams model), and the
timed decoding that feeds it (thread_budget.py, prefetch.py)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from desktop.core.batch.plan import BatchItem
from desktop.core.image_io import load_rgb
from desktop.core.segmenter_protocol import Segmenter, StreamsEngine
from desktop.core.thread_budget import image_parallel_layout, image_parallel_workers

# A fast engine's batch of fewer images runs one at a time unless its streams model is made:
# making it costs ~0.35 s of CPU beside the run (up to ~1 s on a loaded machine), streams save
# ~8–13 ms an image (benchmarks/pipeline.py; a one-image CLI batch measured 1.2 s slower).
STREAMS_MIN_IMAGES = 48


def network_runner(
    segmenter: Segmenter, count: int
) -> contextlib.AbstractContextManager[NetworkRunner]:
    """Where a batch of `count` images runs its network: on the exact CPU engine and the fast
    CPU engines, images side by side on worker threads with a share of the cores each
    (thread_budget); elsewhere (a GPU) on the calling thread, one at a time."""
    if segmenter.device.exact:  # torch on the CPU
        shares = image_parallel_layout()
        if len(shares) > 1:
            return _parallel_runner(shares)
    # The fast CPU engines (OpenVINO): the same layout, one stream per image in flight,
    # once the batch is long enough to repay making the model for it (or it is made).
    engine = getattr(segmenter, "engine", None)  # stubs and the exact engine have no streams
    if isinstance(engine, StreamsEngine):
        shares = image_parallel_layout(engine.threads)
        if len(shares) > 1 and (count >= STREAMS_MIN_IMAGES or engine.has_streams(shares)):
            return _streams_runner(engine, shares)
    return contextlib.nullcontext(NetworkRunner())


class NetworkRunner:
    """Runs the network for up to `width` images at once on `pool`'s threads, or, without a
    pool (or until `ready` is done, without error), on the calling thread one image at a time."""

    def __init__(
        self, pool: ThreadPoolExecutor | None = None, width: int = 1, ready: Future | None = None
    ) -> None:
        self._pool = pool
        self.width = width
        self._ready = ready

    def submit(self, function, *args) -> Future:
        ready = self._ready is None or (self._ready.done() and self._ready.exception() is None)
        if self._pool is not None and ready:
            return self._pool.submit(function, *args)
        done: Future = Future()
        try:
            done.set_result(function(*args))
        except Exception as exc:  # noqa: BLE001 - kept for the image's own report row
            done.set_exception(exc)
        return done


@contextlib.contextmanager
def _parallel_runner(shares: tuple[int, ...]) -> Iterator[NetworkRunner]:
    with image_parallel_workers(shares) as pool:
        yield NetworkRunner(pool, len(shares))


@contextlib.contextmanager
def _streams_runner(engine, shares: tuple[int, ...]) -> Iterator[NetworkRunner]:
    with engine.stream_workers(shares) as (pool, ready):
        yield NetworkRunner(pool, len(shares), ready)


def timed_load_item(item: BatchItem) -> tuple[np.ndarray, float]:
    return _timed_load(item.source, item.frame)


def _timed_load(path: Path, frame: int | None = None) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    image = load_rgb(path, frame)
    return image, time.perf_counter() - start
