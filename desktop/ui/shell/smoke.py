"""`SEGDESK_SMOKE=1`: open an image, segment it, print `SMOKE OK <pixels> <device>`, quit.

Exits 0 on success; 1 with `SMOKE FAILED <reason>` on stderr when anything is reported as an
error or no result arrives in time. Used by CI and packaging checks on a real window.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from desktop.core.image_io import is_image_file
from desktop.core.paths import samples_dir
from desktop.ui.shell.main_window import MainWindow

SMOKE_ENV = "SEGDESK_SMOKE"
TIMEOUT_MS = 300_000


def first_sample() -> Path | None:
    folder = samples_dir()
    if not folder.is_dir():
        return None
    return next(iter(sorted(p for p in folder.iterdir() if is_image_file(p))), None)


class SmokeRun(QObject):
    def __init__(self, window: MainWindow, image: Path | None) -> None:
        super().__init__(window)
        self._window = window
        self._image = image
        self._done = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        window.session.result_changed.connect(self._on_session_result_changed)
        window.reporter.reported.connect(self._on_reporter_reported)

    def start(self) -> None:
        """Open the image first (a bad one fails at once), then load the model and segment."""
        self._timer.start(TIMEOUT_MS)
        if self._image is None:
            self._fail("no image given and no bundled sample found")
            return
        if self._window.document.open_image(self._image):
            self._window.start()
            self._window.document.segment()

    def _finish(self, code: int) -> None:
        if self._done:
            return
        self._done = True
        self._timer.stop()
        QApplication.instance().exit(code)

    def _fail(self, reason: str) -> None:
        print(f"SMOKE FAILED {reason}", file=sys.stderr, flush=True)
        self._finish(1)

    @Slot()
    def _on_session_result_changed(self) -> None:
        result = self._window.session.result
        if result is not None and not self._done:
            print(f"SMOKE OK {result.prediction.foreground_pixels} {result.device.id}", flush=True)
            self._finish(0)

    @Slot(str, str)
    def _on_reporter_reported(self, title: str, message: str) -> None:
        self._fail(f"{title}: {message}")

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._fail(f"no result within {TIMEOUT_MS // 1000} s")
