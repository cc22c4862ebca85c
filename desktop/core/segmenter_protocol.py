"""What the batch (and the audit beside it) needs of a segmenter: `core.segmenter.Segmenter`
is the one the app and CLI use; tests and benchmarks pass stubs with the same members.

Typed so that code asks `segmenter.device.exact` instead of probing with getattr. A segmenter
may also offer `precision` (its engine's arithmetic, else the device's) and `engine`; a batch
asks an engine that is a `StreamsEngine` (the fast CPU engines) for its stream workers.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np

    from desktop.core.devices import Device
    from desktop.core.package import ModelPackage
    from desktop.core.prediction import Prediction


class Segmenter(Protocol):
    """One model on one device; `predict` may be called from several threads at once."""

    package: ModelPackage
    device: Device

    @property
    def threshold(self) -> float: ...

    def predict(self, image: np.ndarray) -> Prediction: ...


@runtime_checkable
class StreamsEngine(Protocol):
    """An engine that runs images side by side on streams of its own (fast/engine.py)."""

    threads: int

    def stream_workers(
        self, shares: tuple[int, ...]
    ) -> contextlib.AbstractContextManager[tuple[ThreadPoolExecutor, Future]]: ...

    def has_streams(self, shares: tuple[int, ...]) -> bool: ...
