"""The shown review image's corrections that are not accepted yet (DESIGN §8): what the mask on
screen is, when it counts as edited, and its draft file in OUT/.segdesk-drafts.

Corrections reach their draft file shortly after each edit (core/review/session.py), so a crash
loses at most the last half second of work; moving to another image keeps them in memory too,
and End Review leaves them on screen and on disk until the user discards them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from desktop.core.review import ACCEPTED, EDITED, FAILED, SEGMENTED
from desktop.core.review.session import Draft
from desktop.core.review.starting_mask import FILE
from desktop.ui.document.session import Session
from desktop.ui.editing.mask_editor import MaskEditor
from desktop.ui.i18n.core_text import translate_core_text
from desktop.ui.review.shown import ShownReview
from desktop.ui.shell.error_reporting import ErrorReporter


class ReviewDrafts(QObject):
    """Reads the review, the shown index and its starting mask from the controller it serves.
    Its texts keep the translation context "ReviewController": they were the controller's."""

    item_changed = Signal(int)  # the state of this image changed (edited / segmented)
    status_message = Signal(str)

    def __init__(
        self,
        controller: ShownReview,
        session: Session,
        editor: MaskEditor,
        reporter: ErrorReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._session = session
        self._editor = editor
        self._reporter = reporter
        self.just_accepted = False  # the shown mask is the one just written
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._on_timer_timeout)
        # After End Review the shown image's corrections stay on screen and in their draft file;
        # (draft file, the editor's mask generation) until that mask is replaced, so that
        # discarding those corrections deletes the draft too (`discard_left`).
        self._left: tuple[Path, int] | None = None

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
        base = self._controller.base
        if base is not None:
            self._editor.set_base(base.mask, base.model_name or "unknown", mask)

    def current(self) -> Draft | None:
        base, result = self._controller.base, self._session.result
        if self._controller.review is None or base is None or result is None:
            return None
        mask = self.current_mask()
        if mask is None:
            return None
        if base.origin == FILE:
            return Draft(base, np.array(mask, dtype=bool))
        return Draft(base, np.array(mask, dtype=bool), self._session.prediction, result.package)

    def mark_edited(self) -> None:
        """The editing layer changed the shown mask: edited (or back to segmented)."""
        review, index = self._controller.review, self._controller.index
        editable = self._editor.editable
        if review is None or editable is None or not 0 <= index < review.total:
            return
        state = EDITED if editable.is_edited else SEGMENTED
        if review.states[index] != state and not (
            review.states[index] == ACCEPTED and not editable.is_edited
        ):
            review.set_state(index, state)
            self.item_changed.emit(index)

    def stop_timer(self) -> None:
        self._timer.stop()

    def flush(self) -> bool:
        """Write the shown image's corrections to its draft file now (leaving the review,
        closing the app); False when they could not be written."""
        self._timer.stop()
        return self._save() is None

    def _save(self) -> OSError | None:
        """Make the shown image's draft file match the mask on screen: written when corrected,
        removed when undone back to the starting mask; the error if the disk refused."""
        review, draft = self._controller.review, self.current()
        if review is None or draft is None or self.just_accepted:
            return None
        try:
            if draft.edited:
                review.save_draft_mask(self._controller.index, draft.mask)
            else:
                review.forget_saved_draft(self._controller.index)
        except OSError as exc:
            return exc
        return None

    def keep(self) -> None:
        """Moving on: the shown image's corrections stay with it (in memory) for a later visit."""
        if self.just_accepted:
            return  # written already: nothing to keep
        review, draft, index = self._controller.review, self.current(), self._controller.index
        if review is None or draft is None or not 0 <= index < review.total:
            return
        if draft.edited:
            review.keep_draft(index, draft)
            self.item_changed.emit(index)
        else:
            review.drop_draft(index)

    def accept(self) -> bool:
        """Write the shown mask and its record (the draft goes); False, the reason shown, if
        there is none yet or the disk refused."""
        review, index = self._controller.review, self._controller.index
        if review is None:
            return False
        self._timer.stop()  # accepting writes the mask itself and removes the draft
        draft = self.current()
        ppm = self._session.exact_disagreement_ppm  # "Check against exact" on this result
        if draft is not None and ppm is not None and draft.prediction is not None:
            extra = {**draft.base.extra, "exact_disagreement_ppm": ppm}
            draft = replace(draft, base=replace(draft.base, extra=extra))
        if draft is None:
            text = (
                QCoreApplication.translate(
                    "ReviewController", "This image could not be read; it cannot be accepted."
                )
                if review.states[index] == FAILED
                else QCoreApplication.translate("ReviewController", "The mask is not ready yet.")
            )
            self.status_message.emit(text)
            return False
        try:
            review.accept(index, draft)
        except OSError as exc:
            self._reporter.show_error(
                QCoreApplication.translate("ReviewController", "Cannot write the accepted mask"),
                QCoreApplication.translate(
                    "ReviewController", "The mask for '%1' could not be written: %2"
                )
                .replace("%1", review.items[index].relative)
                .replace("%2", translate_core_text(exc.strerror or str(exc))),
            )
            return False
        self.just_accepted = True
        self._editor.mark_saved(self._editor.saved_marker())  # written: nothing to lose now
        self.item_changed.emit(index)
        self.status_message.emit(
            QCoreApplication.translate("ReviewController", "Accepted %1 (%2 of %3 done).")
            .replace("%1", review.items[index].relative)
            .replace("%2", str(review.accepted))
            .replace("%3", str(review.total))
        )
        return True

    def leave(self) -> None:
        """End Review: remember the draft file of the corrections left on screen."""
        review, index = self._controller.review, self._controller.index
        self._left = None
        if review is None or not 0 <= index < review.total:
            return
        path = review.draft_path(index)
        if path.is_file():
            self._left = (path, self._editor.generation)

    def forget_left(self) -> None:
        self._left = None

    def discard_left(self) -> None:
        """The user chose to discard the corrections on screen (asked on closing, opening
        another image, segmenting again...). If they are the ones End Review left as a draft,
        the draft goes too: the question said they would be discarded, and the next review
        would otherwise bring them back as "edited". Other images' drafts were not asked about
        and stay."""
        left, self._left = self._left, None
        if left is None or self._controller.review is not None:
            return
        path, generation = left
        if generation != self._editor.generation:
            return  # another mask is on screen now: the draft is not what was discarded
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            self.status_message.emit(
                QCoreApplication.translate(
                    "ReviewController", "The discarded corrections' draft could not be removed: %1"
                ).replace("%1", translate_core_text(exc.strerror or str(exc)))
            )

    @Slot()
    def on_editor_edits_changed(self) -> None:
        controller = self._controller
        if controller.review is not None and controller.base is not None:
            if self._editor.stroking:
                return
            # A real edit, not a new base mask (QUndoStack.push applies the first edit before
            # it counts it, so the mask itself says so then).
            if self._editor.undo_stack.count() or self._editor.has_edits:
                self.just_accepted = False
                self._timer.start()
            self.mark_edited()

    @Slot()
    def _on_timer_timeout(self) -> None:
        exc = self._save()
        if exc is not None:
            self.status_message.emit(
                QCoreApplication.translate(
                    "ReviewController", "Corrections could not be saved as a draft: %1"
                ).replace("%1", translate_core_text(exc.strerror or str(exc)))
            )
