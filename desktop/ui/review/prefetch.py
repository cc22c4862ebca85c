"""Ahead of the reviewer: the image Enter goes to next is decoded, and (unless OUT, a draft or
the result cache has its mask) segmented on the worker thread while the shown one is reviewed.
One prefetch at a time: the next starts when this one is answered."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from desktop.core.errors import ImageLoadError
from desktop.core.image_source import ImageSource, open_source
from desktop.core.review import ReviewSession
from desktop.ui.worker.client import WorkerClient


class ReviewPrefetch:
    def __init__(self, client: WorkerClient) -> None:
        self._client = client
        self.ahead: tuple[int, np.ndarray, ImageSource] | None = None  # next image, decoded
        self.target: int | None = None  # what the pending prefetch is for

    def reset(self) -> None:
        self.ahead = None
        self.target = None

    def take(self, index: int) -> tuple[np.ndarray, ImageSource] | None:
        """The decoded image `index` if it was read ahead (forgotten either way)."""
        ahead, self.ahead = self.ahead, None
        if ahead is not None and ahead[0] == index:
            return ahead[1], ahead[2]
        return None

    def start(
        self, review: ReviewSession, target: int, needs_model: Callable[[int], bool]
    ) -> str | None:
        """Decode `target` and, when `needs_model(target)` and nothing on disk gives its
        starting mask, segment it ahead; the reason if the image cannot be read."""
        if self.target is not None:
            return None  # one prefetch at a time: the next starts when this one is answered
        if self.ahead is not None and self.ahead[0] == target:
            return None
        item = review.items[target]
        try:
            image, source = open_source(item.source, item.frame)
        except ImageLoadError as exc:
            return str(exc)
        self.ahead = (target, image, source)
        if not needs_model(target):
            return None
        if review.draft(target) is not None or review.starting_mask(target, image.shape[:2]):
            return None
        self.target = target
        self._client.prefetch(item.source, image)
        return None
