"""The one way SegDesk shows a warning line in a dialog or panel (styled by `role=warning`),
and gives a label another style role."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget


def set_role(widget: QWidget, role: str) -> None:
    """Style `widget` by another `role` of resources/style.qss ("warning", "ok", "error",
    "detail", "" for none). Qt applies a changed dynamic property's style only once the widget
    is polished again."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def warning_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "warning")  # resources/style.qss colours it
    return label


def show_problem(label: QLabel, buttons: QDialogButtonBox, problem: str) -> None:
    """A setup dialog's one problem (what is missing before it can start) in its warning line,
    with OK enabled only when there is none."""
    label.setText(problem)
    label.setVisible(bool(problem))
    buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


def grow_to_fit(widget: QWidget) -> None:
    """Make a shown dialog tall enough for its wrapped text after a message got longer (Qt does
    not grow a dialog for a word-wrapped label by itself, so text would be cut)."""
    layout = widget.layout()
    if layout is None or not widget.isVisible():
        return
    layout.activate()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(widget.width())
    else:
        needed = layout.totalSizeHint().height()
    if needed > widget.height():
        widget.resize(widget.width(), needed)
