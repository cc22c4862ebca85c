"""The one way SegDesk shows a warning line in a dialog or panel (styled by `role=warning`)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def warning_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "warning")  # resources/style.qss colours it
    return label
