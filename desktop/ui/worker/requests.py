"""Request ids, so that an answer to a question nobody is asking any more is dropped. No Qt."""

from __future__ import annotations

import itertools
import threading


class RequestTracker:
    """Hands out increasing ids per kind of request and remembers the latest of each kind.

    An answer is current only if its id is the latest issued for its kind; issuing a new id (a
    new image, a new model) or calling `forget` makes every earlier answer of that kind stale.
    """

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()

    def issue(self, kind: str) -> int:
        with self._lock:
            request_id = next(self._ids)
            self._latest[kind] = request_id
            return request_id

    def is_current(self, kind: str, request_id: int) -> bool:
        with self._lock:
            return self._latest.get(kind) == request_id

    def is_pending(self, kind: str) -> bool:
        with self._lock:
            return kind in self._latest

    def finish(self, kind: str, request_id: int) -> bool:
        """True (and no longer pending) if `request_id` is the current request of `kind`."""
        with self._lock:
            if self._latest.get(kind) != request_id:
                return False
            del self._latest[kind]
            return True

    def forget(self, kind: str) -> None:
        """Stop waiting for `kind`: whatever answer comes back is stale."""
        with self._lock:
            self._latest.pop(kind, None)
