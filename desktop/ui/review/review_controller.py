"""Review mode (DESIGN §8): walks a folder's images, one shown at a time, and accepts masks.

The core `ReviewSession` holds the plan, the states and writes accepted masks; this controller
shows images in the window's `Session`, gets their results (the result cache, a mask already
in OUT, or the worker thread), pre-segments the image Enter goes to next, keeps unaccepted
edits when moving on, and survives a model or device change: a shown starting mask keeps
saying which model made it, the next images are segmented by the new one.

Its collaborators, one job each: `starting.py` (the shown image's starting mask), `drafts.py`
(corrections not accepted yet, and accepting), `prefetch.py` (the next image, read ahead) and
`remembered.py` (the last review, reopened on start).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.errors import ImageLoadError, SegDeskError
from desktop.core.image_source import open_source
from desktop.core.result_cache import ResultCache
from desktop.core.review import (
    ACCEPTED,
    FAILED,
    TO_DO,
    BaseMask,
    ReviewOptions,
    ReviewSession,
)
from desktop.ui.document.session import Session
from desktop.ui.editing.mask_editor import MaskEditor
from desktop.ui.models.controller import ModelController
from desktop.ui.review.drafts import ReviewDrafts
from desktop.ui.review.prefetch import ReviewPrefetch
from desktop.ui.review.remembered import remember_review, remembered_review
from desktop.ui.review.starting import StartingMasks
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.worker import tasks
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import LoadedModel, SegmentResult


class ReviewController(QObject):
    started = Signal()  # review mode on (read `review`)
    ended = Signal()
    item_changed = Signal(int)  # the state of this image changed
    moved = Signal(int)  # now showing this image
    base_changed = Signal()  # the starting mask of the shown image changed
    status_message = Signal(str)

    def __init__(
        self,
        session: Session,
        client: WorkerClient,
        models: ModelController,
        document,
        cache: ResultCache,
        editor: MaskEditor,
        settings: AppSettings,
        reporter: ErrorReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._client = client
        self._models = models
        self._document = document
        self._cache = cache
        self._editor = editor
        self._settings = settings
        self._reporter = reporter
        self.review: ReviewSession | None = None
        self.index = -1  # the image shown
        self._prefetch = ReviewPrefetch(client)  # the image Enter goes to next, read ahead
        # Corrections not accepted yet, and where the shown image's starting mask comes from.
        self._drafts = ReviewDrafts(self, session, editor, reporter, self)
        self._drafts.item_changed.connect(self.item_changed)
        self._drafts.status_message.connect(self.status_message)
        self._start = StartingMasks(self, session, client, models, cache, self._drafts, self)
        self._start.item_changed.connect(self.item_changed)
        self._start.base_changed.connect(self.base_changed)
        client.predicted.connect(self._on_client_predicted)
        client.prefetched.connect(self._on_client_prefetched)
        client.failed.connect(self._on_client_failed)
        models.model_loaded.connect(self._on_models_model_loaded)
        editor.edits_changed.connect(self._drafts.on_editor_edits_changed)
        session.threshold_override_changed.connect(
            self._start.on_session_threshold_override_changed
        )
        session.image_opened.connect(self._on_session_image_opened)

    # -- starting and ending ----------------------------------------------------------------
    @property
    def base(self) -> BaseMask | None:
        """The shown image's starting mask (None while it is being segmented)."""
        return self._start.base

    @property
    def active(self) -> bool:
        return self.review is not None

    def start(self, options: ReviewOptions) -> bool:
        """Open review mode on IN/OUT (resuming what review.csv and OUT say); False if it
        cannot start (the reason is shown)."""
        review = self._open(options)
        return review is not None and self._begin(review)

    def _open(self, options: ReviewOptions) -> ReviewSession | None:
        """The review of IN/OUT as review.csv and OUT say; None (the reason shown) if none."""
        try:
            review = ReviewSession(options)
        except SegDeskError as exc:
            self._reporter.show_error(self.tr("Cannot start the review"), str(exc))
            return None
        except OSError as exc:
            self._reporter.show_error(self.tr("Cannot start the review"), str(exc))
            return None
        if not review.total:
            self._reporter.show_error(
                self.tr("Cannot start the review"),
                self.tr("There are no images in '%1'.").replace("%1", str(options.input_dir)),
            )
            return None
        return review

    def _begin(self, review: ReviewSession) -> bool:
        options = review.options
        if self.review is not None:
            self._drafts.keep()
        self.review = review
        self._drafts.forget_left()
        self.index = -1
        self._prefetch.reset()
        self._client.cancel_prefetch()
        self._document.paused = True
        self._client.cancel_segment()
        if options.threshold is not None:
            self._session.set_threshold_override(options.threshold)
        self._remember(options, active=True)
        self.started.emit()
        for index in range(review.total):
            self.item_changed.emit(index)
        self.go_to(review.index)
        if review.finished:
            self.status_message.emit(self.tr("Every image in this folder is already accepted."))
        return True

    def end(self) -> None:
        """Leave review mode (unaccepted edits are not written); the images stay on disk."""
        if self.review is None:
            return
        self.flush_draft()  # corrections not accepted stay in OUT/.segdesk-drafts for later
        self._drafts.leave()
        self._client.cancel_prefetch()
        self._client.cancel_segment()
        options = self.review.options
        self.review = None
        self.index = -1
        self._start.base = None
        self._prefetch.reset()
        self._document.paused = False
        self._remember(options, active=False)
        self.ended.emit()

    @Slot()
    def discard_left_draft(self) -> None:
        """The corrections on screen were discarded: so is the draft End Review left of them."""
        self._drafts.discard_left()

    def remembered(self) -> tuple[ReviewOptions | None, bool]:
        """The last review's folders and whether it was still open when the app closed."""
        return remembered_review(self._settings)

    def resume_remembered(self) -> bool:
        options, active = self.remembered()
        if options is None or not active or not Path(options.input_dir).is_dir():
            return False
        review = self._open(options)
        if review is None:
            return False
        if review.finished:
            # Left open with every image accepted: the work is done, and taking over every
            # plain start at "1 / n" would hide the app's ordinary use. File › Review Folder…
            # (or `desktop review IN OUT`) still reopens it.
            self._remember(options, active=False)
            return False
        return self._begin(review)

    def _remember(self, options: ReviewOptions, active: bool) -> None:
        remember_review(self._settings, options, active)

    # -- moving -----------------------------------------------------------------------------
    def step(self, step: int) -> None:
        """PgDown / PgUp: the next or previous image, whatever its state."""
        if self.review is None:
            return
        target = self.review.neighbour(self.index, step)
        if target is None:
            self.status_message.emit(
                self.tr("This is the last image.")
                if step > 0
                else self.tr("This is the first image.")
            )
            return
        self.go_to(target)

    def go_to(self, index: int) -> None:
        review = self.review
        if review is None or not 0 <= index < review.total:
            return
        self._drafts.stop_timer()  # keeping the draft writes (or removes) its file now
        if index != self.index:
            self._drafts.keep()
        self._drafts.just_accepted = False
        self.index = index
        review.index = index
        self._start.base = None
        self._start.waiting = False
        self._client.cancel_segment()
        item = review.items[index]
        ahead = self._prefetch.take(index)
        if ahead is not None:
            image, source = ahead
        else:
            try:
                image, source = open_source(item.source, item.frame)
            except ImageLoadError as exc:
                self._fail(index, str(exc))
                # A blank image, so nothing of the previous one can be taken for this one.
                self._session.set_image(item.source, np.full((64, 64, 3), 38, np.uint8))
                self.moved.emit(index)
                self.base_changed.emit()
                self._prefetch_next()
                return
        if review.states[index] == FAILED:
            review.set_state(index, TO_DO)
            self.item_changed.emit(index)
        self._session.set_image(item.source, image, source)
        self.moved.emit(index)
        self._start.show(index, image, prefetching=self._prefetch.target == index)
        # Decode (and segment) the one after once this one is on screen.
        QTimer.singleShot(0, self._prefetch_next)

    def _fail(self, index: int, message: str) -> None:
        assert self.review is not None
        self.review.set_state(index, FAILED, message)
        self.item_changed.emit(index)

    def segment_again(self) -> None:
        """F5 in review mode: run the loaded model on the shown image; its mask becomes the
        starting mask (edits of the old one are dropped)."""
        review = self.review
        if review is None or self._session.image is None or review.states[self.index] == FAILED:
            return
        if self._models.loaded is None:
            self.status_message.emit(self.tr("The model is still loading."))
            return
        review.drop_draft(self.index)
        self._start.waiting = True
        self._client.segment(review.items[self.index].source, self._session.image)

    # -- ahead of the reviewer --------------------------------------------------------------
    def next_target(self) -> int | None:
        """Where Enter goes from the shown image: the next one not accepted (or failed)."""
        review = self.review
        if review is None:
            return None
        for offset in range(1, review.total):
            index = (self.index + offset) % review.total
            if review.states[index] not in (ACCEPTED, FAILED):
                return index
        return None

    def _prefetch_next(self) -> None:
        """Decode the image Enter goes to and, unless OUT or the cache has its mask, segment it
        on the worker thread while this one is being reviewed."""
        review, target = self.review, self.next_target()
        if review is None or target is None:
            return
        failure = self._prefetch.start(review, target, self._needs_model)
        if failure is not None:
            self._fail(target, failure)

    def _needs_model(self, index: int) -> bool:
        return self._models.loaded is not None and self._start.cached(index) is None

    # -- editing and accepting --------------------------------------------------------------
    def flush_draft(self) -> bool:
        """Write the shown image's corrections to its draft file now (leaving the review,
        closing the app); False when they could not be written."""
        return self._drafts.flush()

    def accept(self) -> bool:
        """Enter: write the shown mask and its record, then go to the next image not accepted."""
        review = self.review
        if review is None or not self._drafts.accept():
            return False
        target = self.next_target()
        if target is None:
            self.moved.emit(self.index)
            self.status_message.emit(
                self.tr("All %1 images are accepted. The masks are in %2.")
                .replace("%1", str(review.total))
                .replace("%2", str(review.output_dir))
            )
            return True
        self.go_to(target)
        return True

    # -- answers ----------------------------------------------------------------------------
    @Slot(object)
    def _on_session_image_opened(self, path: Path) -> None:
        """Another image opened by hand (File › Open, a drop, a recent file) leaves review
        mode; the review itself is on disk and File › Review Folder… resumes it."""
        review = self.review
        if review is None or not 0 <= self.index < review.total:
            return
        item = review.items[self.index]
        if Path(path) != item.source:
            self.end()
            self.status_message.emit(
                self.tr("Review mode ended; File › Review Folder… continues the review.")
            )
            return
        source = self._session.source
        frame = None if source is None else source.frame
        if frame != item.frame:  # the frame slider showed another frame: go to its own item
            same = (i for i, other in enumerate(review.items)
                    if other.source == item.source and other.frame == frame)  # fmt: skip
            target = next(same, None)
            if target is not None:
                QTimer.singleShot(0, lambda: self.go_to(target))

    @Slot(object)
    def _on_client_predicted(self, result: SegmentResult) -> None:
        if self.review is None or not self._start.waiting:
            return
        if result.image_path != self.review.items[self.index].source:
            return
        self._start.show_model_result(result)

    @Slot(object)
    def _on_client_prefetched(self, result: SegmentResult) -> None:
        target, self._prefetch.target = self._prefetch.target, None
        if self.review is None or target is None:
            return
        self._cache.put(self._start.key(target, result.package.sha256, result.device.id), result)
        if self._start.waiting and target == self.index:
            self._start.show_model_result(result)  # Enter came before the prefetch was done
        self._prefetch_next()

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if self.review is None:
            return
        if task == tasks.SEGMENT and self._start.waiting:
            self._start.waiting = False
            self._fail(self.index, message)
            self.base_changed.emit()
        elif task == tasks.PREFETCH and self._prefetch.target is not None:
            target, self._prefetch.target = self._prefetch.target, None
            self._fail(target, message)
            if target == self.index and self._start.waiting:
                self._start.waiting = False
                self.base_changed.emit()
            self._prefetch_next()

    @Slot(object)
    def _on_models_model_loaded(self, loaded: LoadedModel) -> None:
        """A new model or device: what is shown stays (its base names its model); an image
        still waiting is segmented by the new model, and so is the next one."""
        self._prefetch.target = None  # loading forgets a pending prefetch: it is not answered
        if self.review is None or not 0 <= self.index < self.review.total:
            return
        failed = self.review.states[self.index] == FAILED
        if self._start.waiting or (
            self.base is None and self._session.image is not None and not failed
        ):
            self._start.waiting = True
            item = self.review.items[self.index]
            cached = self._start.cached(self.index)
            if cached is not None:
                self._start.show_model_result(cached)
            elif self._session.image is not None:
                self._client.segment(item.source, self._session.image)
        self._prefetch.ahead = None
        self._prefetch_next()
