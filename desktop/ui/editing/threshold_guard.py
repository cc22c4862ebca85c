"""Asks before a threshold change throws corrections away (the edited mask is re-cut)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.ui.editing.mask_editor import MaskEditor


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

    def __init__(
        self,
        editor: MaskEditor,
        window: QWidget | None = None,
        ask: Callable[[QWidget | None, str, str], bool] = ask_with_message_box,
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
        ).format(added=f"{editable.pixels_added:,}", removed=f"{editable.pixels_removed:,}")
        return self._ask(self._window, self.tr("Discard corrections?"), text)
