"""Asks before corrections are thrown away: a threshold change re-cuts the edited mask;
opening another image, segmenting again or closing the window replaces it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.ui.editing.mask_editor import MaskEditor
from desktop.ui.i18n import numbers


def ask_with_message_box(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Discard


class ThresholdGuard(QObject):
    """`allow(threshold)` is the session's threshold guard: True when there are no corrections
    or the user agrees to discard them."""

    # The user answered Discard: whatever keeps those corrections elsewhere (a review draft
    # left by End Review) must go too, or they would come back.
    discarded = Signal()

    def __init__(
        self,
        editor: MaskEditor,
        window: QWidget | None = None,
        ask: Callable[[QWidget | None, str, str], bool] | None = None,
    ) -> None:
        super().__init__(window)
        self._editor = editor
        self._window = window
        self._ask = ask

    def allow(self, threshold: float | None) -> bool:
        editable = self._editor.editable
        if editable is None or not editable.is_edited:
            return True
        self._editor.end_stroke()
        text = self.tr(
            "The mask has been corrected by hand ({added} pixels added, {removed} removed). "
            "A new threshold replaces it with the model's mask at that threshold and discards "
            "the corrections."
        ).format(
            added=numbers.integer(editable.pixels_added),
            removed=numbers.integer(editable.pixels_removed),
        )
        return self._question(text)

    def allow_leaving(self, action: str) -> bool:
        """True when nothing unsaved would be lost by `action` ("open", "segment", "model",
        "close", "end_review") or the user agrees to discard the corrections that no export
        has written."""
        if not self._editor.has_unsaved_edits:
            return True
        self._editor.end_stroke()
        editable = self._editor.editable
        consequence = {
            "open": self.tr("Opening another image discards them."),
            "segment": self.tr("Segmenting again replaces the mask and discards them."),
            "model": self.tr("Another model or device replaces the mask and discards them."),
            "close": self.tr("Closing SegDesk discards them."),
            "end_review": self.tr("Ending the review discards them."),
        }[action]
        text = self.tr(
            "The mask has been corrected by hand ({added} pixels added, {removed} removed) "
            "and the corrections have not been exported or accepted."
        ).format(
            added=numbers.integer(editable.pixels_added),
            removed=numbers.integer(editable.pixels_removed),
        )
        return self._question(f"{text} {consequence}")

    def _question(self, text: str) -> bool:
        ask = self._ask or ask_with_message_box  # looked up now: tests answer without a dialog
        if not ask(self._window, self.tr("Discard corrections?"), text):
            return False
        self.discarded.emit()
        return True
