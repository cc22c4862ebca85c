"""Review mode (DESIGN §8): walks a folder's images, one shown at a time, and accepts masks.

The core `ReviewSession` holds the plan, the states and writes accepted masks; this controller
shows images in the window's `Session`, gets their results (the result cache, a mask already
in OUT, or the worker thread), pre-segments the image Enter goes to next, keeps unaccepted
edits when moving on, and survives a model or device change: a shown starting mask keeps
saying which model made it, the next images are segmented by the new one.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.devices import Device, label_for_id
from desktop.core.errors import ImageLoadError, SegDeskError
from desktop.core.image_source import ImageSource, open_source
from desktop.core.result_cache import CacheKey, ResultCache
from desktop.core.review import (
    ACCEPTED,
    EDITED,
    FAILED,
    SEGMENTED,
    TO_DO,
    BaseMask,
    ReviewOptions,
    ReviewSession,
)
from desktop.core.review.session import Draft
from desktop.core.review.starting_mask import FILE
from desktop.ui.document.session import Session
from desktop.ui.editing.mask_editor import MaskEditor
from desktop.ui.i18n.core_text import translate_core_text
from desktop.ui.models.controller import ModelController
from desktop.ui.review.starting_result import result_from_base
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.worker import segment_worker as tasks
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import LoadedModel, SegmentResult

SETTINGS_KEY = "review"


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
        self.base: BaseMask | None = None  # its starting mask (None while being segmented)
        self._waiting = False  # a segmentation of the shown image is on its way
        self._just_accepted = False  # the shown mask is the one just written
        self._ahead: tuple[int, np.ndarray, ImageSource] | None = None  # next image, decoded
        self._ahead_target: int | None = None  # what the pending prefetch is for
        # Corrections reach their draft file shortly after each edit (core/review/session.py),
        # so a crash loses at most the last half second of work.
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(500)
        self._draft_timer.timeout.connect(self._on_draft_timer_timeout)
        # After End Review the shown image's corrections stay on screen and in their draft file;
        # (draft file, the editor's mask generation) until that mask is replaced, so that
        # discarding those corrections deletes the draft too (`discard_left_draft`).
        self._left_draft: tuple[Path, int] | None = None
        client.predicted.connect(self._on_client_predicted)
        client.prefetched.connect(self._on_client_prefetched)
        client.failed.connect(self._on_client_failed)
        models.model_loaded.connect(self._on_models_model_loaded)
        editor.edits_changed.connect(self._on_editor_edits_changed)
        session.threshold_override_changed.connect(self._on_session_threshold_override_changed)
        session.image_opened.connect(self._on_session_image_opened)

    # -- starting and ending ----------------------------------------------------------------
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
            self._keep_draft()
        self.review = review
        self._left_draft = None
        self.index = -1
        self._ahead = None
        self._ahead_target = None
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
        self._left_draft = self._shown_draft_file()
        self._client.cancel_prefetch()
        self._client.cancel_segment()
        options = self.review.options
        self.review = None
        self.index = -1
        self.base = None
        self._ahead = None
        self._ahead_target = None
        self._document.paused = False
        self._remember(options, active=False)
        self.ended.emit()

    def _shown_draft_file(self) -> tuple[Path, int] | None:
        review = self.review
        if review is None or not 0 <= self.index < review.total:
            return None
        path = review.draft_path(self.index)
        return (path, self._editor.generation) if path.is_file() else None

    @Slot()
    def discard_left_draft(self) -> None:
        """The user chose to discard the corrections on screen (asked on closing, opening
        another image, segmenting again...). If they are the ones End Review left as a draft,
        the draft goes too: the question said they would be discarded, and the next review
        would otherwise bring them back as "edited". Other images' drafts were not asked about
        and stay."""
        left, self._left_draft = self._left_draft, None
        if left is None or self.review is not None:
            return
        path, generation = left
        if generation != self._editor.generation:
            return  # another mask is on screen now: the draft is not what was discarded
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            self.status_message.emit(
                self.tr("The discarded corrections' draft could not be removed: %1")
                .replace("%1", translate_core_text(exc.strerror or str(exc)))
            )

    def remembered(self) -> tuple[ReviewOptions | None, bool]:
        """The last review's folders and whether it was still open when the app closed."""
        data = self._settings.choices(SETTINGS_KEY)
        if not data.get("input_dir") or not data.get("output_dir"):
            return None, False
        threshold = data.get("threshold")
        options = ReviewOptions(
            Path(data["input_dir"]), Path(data["output_dir"]), bool(data.get("recursive")),
            float(threshold) if isinstance(threshold, (int, float)) else None,
        )  # fmt: skip
        return options, bool(data.get("active"))

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
        self._settings.set_choices(SETTINGS_KEY, {
            "input_dir": str(options.input_dir), "output_dir": str(options.output_dir),
            "recursive": options.recursive, "threshold": options.threshold, "active": active,
        })  # fmt: skip

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
        self._draft_timer.stop()  # _keep_draft writes (or removes) the draft file now
        if index != self.index:
            self._keep_draft()
        self._just_accepted = False
        self.index = index
        review.index = index
        self.base = None
        self._waiting = False
        self._client.cancel_segment()
        item = review.items[index]
        ahead = self._take_ahead(index)
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
        self._show_starting_mask(index, image)
        # Decode (and segment) the one after once this one is on screen.
        QTimer.singleShot(0, self._prefetch_next)

    def _show_starting_mask(self, index: int, image: np.ndarray) -> None:
        review = self.review
        assert review is not None
        item = review.items[index]
        draft = review.draft(index)
        if draft is not None:  # edits left here earlier: show them again
            self._show_base(draft.base, self._result_for(draft, index))
            self.restore_mask(draft.mask)
            return
        cached = self._cached(index)
        existing = None if cached is not None else review.starting_mask(index, image.shape[:2])
        if cached is not None:
            self._show_model_result(cached)
        elif existing is not None:
            self._show_base(existing, result_from_base(item.source, existing))
        elif self._models.loaded is None or self._ahead_target == index:
            # Segmented as soon as the model is loaded, or already being segmented ahead.
            self._waiting = True
            self.base_changed.emit()
        else:
            self._waiting = True
            self._client.segment(item.source, image)
            self.base_changed.emit()

    def _result_for(self, draft: Draft, index: int) -> SegmentResult:
        path = self._items()[index].source
        if draft.base.origin == FILE or draft.prediction is None or draft.package is None:
            return result_from_base(path, draft.base)
        device_id = draft.prediction.device
        cached = self._cache.get(self._key(index, draft.package.sha256, device_id))
        if cached is not None:
            return cached
        # The id is recorded; the label is what the result panel and status bar show.
        device = Device(device_id, label_for_id(device_id), "torch")
        return SegmentResult(path, draft.prediction, draft.package, device, None, 0.0)

    def _show_model_result(self, result: SegmentResult) -> None:
        prediction = self._session_prediction(result)
        self._show_base(BaseMask.from_prediction(prediction, result.package), result)

    def _show_base(self, base: BaseMask, result: SegmentResult) -> None:
        review = self.review
        assert review is not None
        self.base = base
        self._waiting = False
        self._session.set_result(result)
        if review.states[self.index] == TO_DO:
            review.set_state(self.index, SEGMENTED)
            self.item_changed.emit(self.index)
        self.base_changed.emit()
        if review.draft(self.index) is None:  # not visited in this session: a saved draft?
            saved = review.saved_draft_mask(self.index, base.mask.shape)
            if saved is not None:
                self.restore_mask(saved)
                self.mark_edited()

    def _session_prediction(self, result: SegmentResult):
        override = self._session.threshold_override
        return result.prediction if override is None else result.prediction.with_threshold(override)

    def _items(self):
        assert self.review is not None
        return self.review.items

    def _key(self, index: int, model_sha256: str, device_id: str) -> CacheKey:
        item = self._items()[index]
        return CacheKey.of(item.source, item.frame, model_sha256, device_id)

    def _cached(self, index: int) -> SegmentResult | None:
        loaded = self._models.loaded
        if loaded is None:
            return None
        return self._cache.get(self._key(index, loaded.package.sha256, loaded.device.id))

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
        self._waiting = True
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
        review = self.review
        target = self.next_target()
        if review is None or target is None or self._ahead_target is not None:
            return  # one prefetch at a time: the next starts when this one is answered
        if self._ahead is not None and self._ahead[0] == target:
            return
        item = review.items[target]
        try:
            image, source = open_source(item.source, item.frame)
        except ImageLoadError as exc:
            self._fail(target, str(exc))
            return
        self._ahead = (target, image, source)
        if self._models.loaded is None or self._cached(target) is not None:
            return
        if review.draft(target) is not None or review.starting_mask(target, image.shape[:2]):
            return
        self._ahead_target = target
        self._client.prefetch(item.source, image)

    def _take_ahead(self, index: int) -> tuple[np.ndarray, ImageSource] | None:
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == index:
            return ahead[1], ahead[2]
        return None

    # -- editing and accepting --------------------------------------------------------------
    def current_mask(self) -> np.ndarray | None:
        """The mask as shown (edits included)."""
        shown = self._editor.shown_mask()
        if shown is not None:
            return shown
        prediction = self._session.prediction
        return None if prediction is None else prediction.mask

    def restore_mask(self, mask: np.ndarray) -> None:
        """Show `mask` (edits kept from an earlier visit) over the current starting mask; undo
        history starts afresh, R still goes back to the starting mask."""
        if self.base is not None:
            self._editor.set_base(self.base.mask, self.base.model_name or "unknown", mask)

    def current_draft(self) -> Draft | None:
        if self.review is None or self.base is None or self._session.result is None:
            return None
        mask = self.current_mask()
        if mask is None:
            return None
        result = self._session.result
        if self.base.origin == FILE:
            return Draft(self.base, np.array(mask, dtype=bool))
        return Draft(
            self.base, np.array(mask, dtype=bool), self._session.prediction, result.package
        )

    def mark_edited(self) -> None:
        """The editing layer changed the shown mask: edited (or back to segmented)."""
        review, editable = self.review, self._editor.editable
        if review is None or editable is None or not 0 <= self.index < review.total:
            return
        state = EDITED if editable.is_edited else SEGMENTED
        if review.states[self.index] != state and not (
            review.states[self.index] == ACCEPTED and not editable.is_edited
        ):
            review.set_state(self.index, state)
            self.item_changed.emit(self.index)

    def flush_draft(self) -> bool:
        """Write the shown image's corrections to its draft file now (leaving the review,
        closing the app); False when they could not be written."""
        self._draft_timer.stop()
        return self._save_draft() is None

    def _save_draft(self) -> OSError | None:
        """Make the shown image's draft file match the mask on screen: written when corrected,
        removed when undone back to the starting mask; the error if the disk refused."""
        review, draft = self.review, self.current_draft()
        if review is None or draft is None or self._just_accepted:
            return None
        try:
            if draft.edited:
                review.save_draft_mask(self.index, draft.mask)
            else:
                review.forget_saved_draft(self.index)
        except OSError as exc:
            return exc
        return None

    def accept(self) -> bool:
        """Enter: write the shown mask and its record, then go to the next image not accepted."""
        review = self.review
        if review is None:
            return False
        self._draft_timer.stop()  # accepting writes the mask itself and removes the draft
        draft = self.current_draft()
        ppm = self._session.exact_disagreement_ppm  # "Check against exact" on this result
        if draft is not None and ppm is not None and draft.prediction is not None:
            extra = {**draft.base.extra, "exact_disagreement_ppm": ppm}
            draft = replace(draft, base=replace(draft.base, extra=extra))
        if draft is None:
            text = (
                self.tr("This image could not be read; it cannot be accepted.")
                if review.states[self.index] == FAILED
                else self.tr("The mask is not ready yet.")
            )
            self.status_message.emit(text)
            return False
        try:
            review.accept(self.index, draft)
        except OSError as exc:
            self._reporter.show_error(
                self.tr("Cannot write the accepted mask"),
                self.tr("The mask for '%1' could not be written: %2")
                .replace("%1", review.items[self.index].relative)
                .replace("%2", translate_core_text(exc.strerror or str(exc))),
            )
            return False
        self._just_accepted = True
        self._editor.mark_saved(self._editor.saved_marker())  # written: nothing to lose now
        self.item_changed.emit(self.index)
        self.status_message.emit(
            self.tr("Accepted %1 (%2 of %3 done).")
            .replace("%1", review.items[self.index].relative)
            .replace("%2", str(review.accepted))
            .replace("%3", str(review.total))
        )
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

    def _keep_draft(self) -> None:
        if self._just_accepted:
            return  # written already: nothing to keep
        review, draft = self.review, self.current_draft()
        if review is None or draft is None or not 0 <= self.index < review.total:
            return
        if draft.edited:
            review.keep_draft(self.index, draft)
            self.item_changed.emit(self.index)
        else:
            review.drop_draft(self.index)

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
    def _on_session_threshold_override_changed(self, _threshold) -> None:
        """A new threshold re-cuts a model's starting mask (a file's mask stays as it is)."""
        result = self._session.result
        if self.review is None or self.base is None or self.base.origin == FILE or result is None:
            return
        if self._session.prediction is not None:
            self.base = BaseMask.from_prediction(self._session.prediction, result.package)
            self.base_changed.emit()

    @Slot()
    def _on_editor_edits_changed(self) -> None:
        if self.review is not None and self.base is not None and not self._editor.stroking:
            # A real edit, not a new base mask (QUndoStack.push applies the first edit before
            # it counts it, so the mask itself says so then).
            if self._editor.undo_stack.count() or self._editor.has_edits:
                self._just_accepted = False
                self._draft_timer.start()
            self.mark_edited()

    @Slot()
    def _on_draft_timer_timeout(self) -> None:
        exc = self._save_draft()
        if exc is not None:
            self.status_message.emit(
                self.tr("Corrections could not be saved as a draft: %1")
                .replace("%1", translate_core_text(exc.strerror or str(exc)))
            )

    @Slot(object)
    def _on_client_predicted(self, result: SegmentResult) -> None:
        if self.review is None or not self._waiting:
            return
        if result.image_path != self.review.items[self.index].source:
            return
        self._show_model_result(result)

    @Slot(object)
    def _on_client_prefetched(self, result: SegmentResult) -> None:
        target, self._ahead_target = self._ahead_target, None
        if self.review is None or target is None:
            return
        self._cache.put(self._key(target, result.package.sha256, result.device.id), result)
        if self._waiting and target == self.index:
            self._show_model_result(result)  # Enter came before the prefetch was done
        self._prefetch_next()

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if self.review is None:
            return
        if task == tasks.SEGMENT and self._waiting:
            self._waiting = False
            self._fail(self.index, message)
            self.base_changed.emit()
        elif task == tasks.PREFETCH and self._ahead_target is not None:
            target, self._ahead_target = self._ahead_target, None
            self._fail(target, message)
            if target == self.index and self._waiting:
                self._waiting = False
                self.base_changed.emit()
            self._prefetch_next()

    @Slot(object)
    def _on_models_model_loaded(self, loaded: LoadedModel) -> None:
        """A new model or device: what is shown stays (its base names its model); an image
        still waiting is segmented by the new model, and so is the next one."""
        self._ahead_target = None  # loading forgets a pending prefetch: it is not answered
        if self.review is None or not 0 <= self.index < self.review.total:
            return
        failed = self.review.states[self.index] == FAILED
        if self._waiting or (self.base is None and self._session.image is not None and not failed):
            self._waiting = True
            item = self.review.items[self.index]
            cached = self._cached(self.index)
            if cached is not None:
                self._show_model_result(cached)
            elif self._session.image is not None:
                self._client.segment(item.source, self._session.image)
        self._ahead = None
        self._prefetch_next()
