"""Threads a batch may run, so they do not fight over the cores the network already uses.

A batch runs the network on every core and decodes and encodes images on threads of its own
beside it. Two things decide whether those threads cost more than they save:

- OpenCV adds a pool of its own: `cvtColor`, `resize` and the connected-components count of a
  1280×1024 frame each fan out over every core. During a batch OpenCV runs single-threaded: the
  batch's own threads are its parallelism.
- torch's intra-op threads (OpenMP) wait at a barrier for their slowest member after every
  kernel, so a decode or encode thread pre-empting one of them idles the other: on 2 cores a
  helper's 11 ms of work per image slowed the network by 8 ms, and the exact batch measured
  0.78×–1.04× of a plain one-image-at-a-time loop (issue 14). The exact CPU engine therefore
  runs images side by side instead — one worker thread per core, each with one torch thread —
  which has no barrier to stall and gives bit-identical results (torch's CPU kernels reduce in
  the same order whatever the thread count; `tests/core/test_image_parallel.py` checks it).
  With more cores than images in flight, the threads are shared out among the images.

torch's thread count is per OS thread once set (OpenMP's `nthreads-var`), but
`torch.set_num_threads` also changes the process-wide value that threads starting later pick up.
So each thread that runs the exact engine sets its own count on every call
(`use_torch_threads_here`), and an image-parallel worker says what its count is.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

MAX_IMAGES_IN_FLIGHT = 4  # bounds memory (one network's activations per image) on many cores

_here = threading.local()
_default_threads: int | None = None
_cap: int | None = None  # `batch --threads T` (or SLURM_CPUS_PER_TASK): every pool's ceiling
_THREAD_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def cap_threads(threads: int) -> None:
    """Hold this process to `threads` threads of computation (a part of a split batch shares
    its node with others, §13): torch (its default count, hence the image-parallel layout and
    the audit's exact engine), OpenMP/BLAS pools started later, OpenCV, and the fast engines,
    which ask `thread_cap()`. Call it before the model is loaded."""
    global _cap, _default_threads
    import cv2

    _cap = _default_threads = max(1, int(threads))
    for name in _THREAD_ENV:  # read when torch (or a BLAS) starts its pool, if not yet
        os.environ[name] = str(_cap)
    cv2.setNumThreads(_cap)
    if "torch" in sys.modules:
        import torch

        torch.set_num_threads(_cap)


def thread_cap() -> int | None:
    """The cap set by `cap_threads`, or None: use what the machine has."""
    return _cap


@contextlib.contextmanager
def opencv_single_threaded() -> Iterator[None]:
    """OpenCV without its thread pool for the duration, restored afterwards."""
    import cv2

    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


def default_torch_threads() -> int:
    """torch's intra-op thread count as the process started (every core torch would use),
    read once, before any batch could have changed the process-wide value."""
    global _default_threads
    if _default_threads is None:
        import torch

        _default_threads = max(1, torch.get_num_threads())
    return _default_threads


def use_torch_threads_here() -> None:
    """Give the calling thread the torch thread count it should run the exact engine with: its
    image-parallel share inside a batch worker, all of torch's default threads elsewhere."""
    import torch

    wanted = getattr(_here, "torch_threads", None) or default_torch_threads()
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)


@contextlib.contextmanager
def torch_threads_here(threads: int) -> Iterator[None]:
    """Run the exact engine on the calling thread with `threads` torch threads for the
    duration (a plain `torch.set_num_threads` would be undone by the engine's next call)."""
    before = getattr(_here, "torch_threads", None)
    _here.torch_threads = threads
    try:
        yield
    finally:
        _here.torch_threads = before
        use_torch_threads_here()


def image_parallel_layout(threads: int | None = None) -> tuple[int, ...]:
    """torch threads for each image run side by side by the exact CPU engine's batch, using
    every thread torch would: 2 cores → (1, 1); 6 → (2, 2, 1, 1); 8 → (2, 2, 2, 2); 1 → (1,)."""
    threads = threads or default_torch_threads()
    workers = max(1, min(threads, MAX_IMAGES_IN_FLIGHT))
    share, extra = divmod(threads, workers)
    return tuple(share + (1 if index < extra else 0) for index in range(workers))


@contextlib.contextmanager
def image_parallel_workers(shares: tuple[int, ...]) -> Iterator[ThreadPoolExecutor]:
    """A pool with one thread per entry of `shares`, each running torch with that many
    threads; the process-wide torch thread count is put back afterwards."""
    import torch

    default = default_torch_threads()
    unclaimed = list(shares)
    claiming = threading.Lock()

    def start_worker() -> None:
        with claiming:  # each worker thread takes one share
            _here.torch_threads = unclaimed.pop() if unclaimed else 1
        use_torch_threads_here()

    try:
        with ThreadPoolExecutor(len(shares), "segdesk-network", initializer=start_worker) as pool:
            yield pool
    finally:
        # Workers changed the process-wide value; threads started later must get the default.
        torch.set_num_threads(default)
