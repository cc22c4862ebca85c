"""The shown review image's starting mask (DESIGN §8): the corrections kept from an earlier
visit, the model's result from the result cache, a mask already in OUT, or the model's answer
from the worker thread. `base` is None while the image is being segmented.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.result_cache import CacheKey, ResultCache
from desktop.core.review import SEGMENTED, TO_DO, BaseMask
from desktop.core.review.session import Draft
from desktop.core.review.starting_mask import FILE
from desktop.ui.document.session import Session
from desktop.ui.models.controller import ModelController
from desktop.ui.review.drafts import ReviewDrafts
from desktop.ui.review.shown import ShownReview
from desktop.ui.review.starting_result import draft_result, result_from_base
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import SegmentResult


class StartingMasks(QObject):
    """Reads the review and the shown index from the controller it serves."""

    base_changed = Signal()  # the starting mask of the shown image changed
    item_changed = Signal(int)  # the state of this image changed (to do → segmented)

    def __init__(
        self,
        controller: ShownReview,
        session: Session,
        client: WorkerClient,
        models: ModelController,
        cache: ResultCache,
        drafts: ReviewDrafts,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._session = session
        self._client = client
        self._models = models
        self._cache = cache
        self._drafts = drafts
        self.base: BaseMask | None = None  # the shown image's (None while being segmented)
        self.waiting = False  # a segmentation of the shown image is on its way

    def key(self, index: int, model_sha256: str, device_id: str) -> CacheKey:
        item = self._controller.review.items[index]
        return CacheKey.of(item.source, item.frame, model_sha256, device_id)

    def cached(self, index: int) -> SegmentResult | None:
        """The loaded model's result for image `index` if the result cache still has it."""
        loaded = self._models.loaded
        if loaded is None:
            return None
        return self._cache.get(self.key(index, loaded.package.sha256, loaded.device.id))

    def show(self, index: int, image: np.ndarray, prefetching: bool) -> None:
        """Show image `index`'s starting mask, or ask for it (`prefetching`: it is already
        being segmented ahead)."""
        review = self._controller.review
        assert review is not None
        item = review.items[index]
        draft = review.draft(index)
        if draft is not None:  # edits left here earlier: show them again
            self.show_base(draft.base, self._result_for(draft, index))
            self._drafts.restore_mask(draft.mask)
            return
        cached = self.cached(index)
        existing = None if cached is not None else review.starting_mask(index, image.shape[:2])
        if cached is not None:
            self.show_model_result(cached)
        elif existing is not None:
            self.show_base(existing, result_from_base(item.source, existing))
        elif self._models.loaded is None or prefetching:
            # Segmented as soon as the model is loaded, or already being segmented ahead.
            self.waiting = True
            self.base_changed.emit()
        else:
            self.waiting = True
            self._client.segment(item.source, image)
            self.base_changed.emit()

    def _result_for(self, draft: Draft, index: int) -> SegmentResult:
        cached = None
        if draft.base.origin != FILE and draft.prediction is not None and draft.package is not None:
            key = self.key(index, draft.package.sha256, draft.prediction.device)
            cached = self._cache.get(key)
        return draft_result(draft, self._controller.review.items[index].source, cached)

    def show_model_result(self, result: SegmentResult) -> None:
        override = self._session.threshold_override
        prediction = (
            result.prediction if override is None else result.prediction.with_threshold(override)
        )
        self.show_base(BaseMask.from_prediction(prediction, result.package), result)

    def show_base(self, base: BaseMask, result: SegmentResult) -> None:
        review, index = self._controller.review, self._controller.index
        assert review is not None
        self.base = base
        self.waiting = False
        self._session.set_result(result)
        if review.states[index] == TO_DO:
            review.set_state(index, SEGMENTED)
            self.item_changed.emit(index)
        self.base_changed.emit()
        if review.draft(index) is None:  # not visited in this session: a saved draft?
            saved = review.saved_draft_mask(index, base.mask.shape)
            if saved is not None:
                self._drafts.restore_mask(saved)
                self._drafts.mark_edited()

    @Slot(object)
    def on_session_threshold_override_changed(self, _threshold) -> None:
        """A new threshold re-cuts a model's starting mask (a file's mask stays as it is)."""
        result = self._session.result
        review, base = self._controller.review, self.base
        if review is None or base is None or base.origin == FILE or result is None:
            return
        if self._session.prediction is not None:
            self.base = BaseMask.from_prediction(self._session.prediction, result.package)
            self.base_changed.emit()
