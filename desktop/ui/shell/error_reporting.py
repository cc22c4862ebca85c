"""Errors the person must see, and unexpected ones that must not be swallowed.

Expected problems (a bad image, a bad model, a failing device) become one message naming the
file and the reason. Unexpected exceptions — on the GUI thread via `sys.excepthook`, on the
worker via its `failed` signal — are written with their traceback to the log file in
`paths.log_dir()` and shown once. Message boxes are opened window-modal and non-blocking
(`open()`, never `exec()`), so the worker's answers keep arriving while one is up.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core import paths
from desktop.ui.i18n.core_text import translate_core_text

LOG_NAME = "segdesk.log"
log = logging.getLogger("desktop.ui")


def setup_logging(folder: Path | None = None) -> Path | None:
    """Send SegDesk's log records to `<log dir>/segdesk.log`; returns the file, or None."""
    folder = folder or paths.log_dir()
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / LOG_NAME, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        print(f"SegDesk: cannot write a log file in '{folder}': {exc}", file=sys.stderr)
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    return folder / LOG_NAME


def present_message(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str = ""
) -> QMessageBox:
    """Open a non-blocking message box (tests replace this function to capture messages)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
    box.open()
    return box


class ErrorReporter(QObject):
    """The one place that shows errors. `interactive=False` (smoke runs) prints instead."""

    reported = Signal(str, str)  # title, message — every message shown (or printed)

    def __init__(self, interactive: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interactive = interactive
        self._window: QWidget | None = None
        self._seen_unexpected: set[str] = set()
        self._previous_hooks: tuple | None = None

    def set_window(self, window: QWidget) -> None:
        self._window = window

    def show_error(self, title: str, message: str) -> None:
        log.warning("%s: %s", title, message)
        self._present(QMessageBox.Icon.Warning, title, message)

    def show_info(self, title: str, message: str) -> None:
        self._present(QMessageBox.Icon.Information, title, message)

    def _present(self, icon: QMessageBox.Icon, title: str, message: str, details: str = "") -> None:
        message = translate_core_text(message)  # core's English messages, in the UI language
        self.reported.emit(title, message)
        if self._interactive:
            present_message(self._window, icon, title, message, details)
        else:
            print(f"SegDesk: {title}: {message}", file=sys.stderr)

    def report_unexpected(self, exc_type, exc, tb) -> None:
        """Log with traceback; show the first occurrence of each distinct error only."""
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("Unexpected error\n%s", text)
        key = f"{exc_type.__name__}: {exc}"
        if key in self._seen_unexpected:
            return
        self._seen_unexpected.add(key)
        self._present(
            QMessageBox.Icon.Critical,
            self.tr("Unexpected error"),
            self.tr(
                "SegDesk hit an unexpected error and carried on:\n\n{error}\n\n"
                "The details were written to the log in '{folder}'."
            ).format(error=key, folder=paths.log_dir()),
            text,
        )

    def install_excepthook(self) -> None:
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._on_python_exception
        threading.excepthook = self._on_thread_exception

    def uninstall_excepthook(self) -> None:
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = None

    def _on_python_exception(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report_unexpected(exc_type, exc, tb)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        # Only logged: Qt widgets must not be touched from another thread.
        log.error(
            "Unexpected error in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
