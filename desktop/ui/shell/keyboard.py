"""Buttons work from the keyboard: Space and Return/Enter act on the focused control.

Two app-wide shortcuts would otherwise take those keys first: Space shows or hides the overlay
and Return/Enter accepts a review mask. Qt asks the focused widget before firing a shortcut
(a ShortcutOverride event); answering "mine" for a button, check box, combo box or list makes
Space press that control instead of toggling the overlay. Outside a dialog a QPushButton or
QToolButton ignores Return, so the filter clicks it: keyboard users need not know that only
Space presses buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox

_SPACE_USERS = (QAbstractButton, QComboBox, QAbstractItemView)
_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _plain(event) -> bool:
    # Keypad Enter carries KeypadModifier; anything else (Ctrl+Return…) stays a shortcut.
    extra = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return extra == Qt.KeyboardModifier.NoModifier


class FocusedControlKeys(QObject):
    """Install on the QApplication: the focused control gets Space and Return/Enter."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not _plain(event):
            return False
        key = event.key()
        if kind == QEvent.Type.ShortcutOverride:
            space = key == Qt.Key.Key_Space and isinstance(watched, _SPACE_USERS)
            enter = key in _RETURN_KEYS and isinstance(watched, QAbstractButton)
            if space or enter:
                event.accept()  # the key goes to the control, not to a shortcut
                return True
            return False
        if key in _RETURN_KEYS and isinstance(watched, QAbstractButton) and watched.isEnabled():
            watched.animateClick()  # pressed look for a moment, then clicked
            return True
        return False
