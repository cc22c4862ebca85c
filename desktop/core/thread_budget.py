"""Threads a batch may run, so they do not fight over the cores the network already uses.

A batch runs the network on every physical core (torch's intra-op threads, or OpenVINO's) and
decodes and encodes images on two threads of its own beside it. OpenCV adds a pool of its own:
`cvtColor`, `resize` and the connected-components count of a 1280×1024 frame each fan out over
every core. On 2 cores that made 6+ busy threads, and torch's OpenMP kernels — which wait at a
barrier for their slowest thread — stalled whenever one of their threads was pre-empted: the
exact batch measured 0.78×–1.04× of a plain one-image-at-a-time loop (issue 14). During a batch
OpenCV therefore runs single-threaded: the batch's own threads are its parallelism.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


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
