"""Decoding ahead of the network: the next inputs load on a background thread while the
current one is being segmented, with a bounded number in flight.

Used by the batch runner and by evaluation.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

PREFETCH_DEPTH = 2  # images decoded ahead of the network: enough to hide decoding, bounded memory
Item = TypeVar("Item")
Loaded = TypeVar("Loaded")


def decode_ahead(
    items: Iterable[Item], load: Callable[[Item], Loaded], depth: int = PREFETCH_DEPTH
) -> Iterator[tuple[Item, Future[Loaded]]]:
    """Yield `(item, future of load(item))` in input order, keeping up to `depth` loads running
    ahead on one decode thread. `future.result()` re-raises the load's error for that item only.

    Stopping early (break, or closing the generator) cancels the loads not yet started and
    waits for the one running, so no thread outlives the loop.
    """
    pending: deque[tuple[Item, Future[Loaded]]] = deque()
    remaining = iter(items)
    with ThreadPoolExecutor(1, "segdesk-decode") as decoder:
        try:

            def top_up() -> None:
                while len(pending) < max(1, depth):
                    item = next(remaining, None)
                    if item is None:
                        return
                    pending.append((item, decoder.submit(load, item)))

            top_up()
            while pending:
                item, future = pending.popleft()
                top_up()
                yield item, future
        finally:
            for _, future in pending:
                future.cancel()
