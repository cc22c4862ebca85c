"""The last few segmentation results, so that going back to an image does not re-run the network.

A bounded least-recently-used map. A result is only ever reused for the same input file (and
frame), the same weights (sha256) and the same device: a different model or device misses.
Values are whatever the caller stores (the GUI stores its `SegmentResult`); nothing here copies
or changes them, so they should be immutable (a `Prediction` is).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

DEFAULT_CAPACITY = 8  # a full-HD result is ~17 MB of probabilities: ~140 MB at most

Value = TypeVar("Value")


@dataclass(frozen=True)
class CacheKey:
    path: str  # the input file, absolute
    frame: int | None  # 0-based frame of a multi-frame DICOM file, None for a single image
    model_sha256: str
    device: str  # the device id that actually ran

    @classmethod
    def of(cls, path: Path | str, frame: int | None, model_sha256: str, device: str) -> CacheKey:
        return cls(str(Path(path).expanduser().absolute()), frame, model_sha256, device)


class ResultCache(Generic[Value]):
    """At most `capacity` values; reading one makes it the most recently used. Thread-safe."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError(f"a result cache holds at least one result, not {capacity}")
        self.capacity = capacity
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[CacheKey, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> Value | None:
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: CacheKey, value: Value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def discard_path(self, path: Path | str) -> None:
        """Forget every result for one input file (e.g. after it changed on disk)."""
        wanted = str(Path(path).expanduser().absolute())
        with self._lock:
            for key in [key for key in self._items if key.path == wanted]:
                del self._items[key]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._items
