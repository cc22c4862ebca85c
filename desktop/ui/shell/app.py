"""Application start: QApplication, icon and style, the main window, then the given image.

torch is not imported here: the window is shown first and the worker thread imports torch
when it probes devices and loads the model.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop import __version__, torch_dlls
from desktop.core import paths
from desktop.core.review import ReviewOptions
from desktop.ui.i18n.language import (
    LanguageError,
    choose_language,
    install_language,
    split_language_argument,
    system_language,
)
from desktop.ui.shell.error_reporting import ErrorReporter, setup_logging
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.shell.settings import AppSettings
from desktop.ui.shell.smoke import SMOKE_ENV, SmokeRun, first_sample

log = logging.getLogger(__name__)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    icon = QIcon()
    folder = paths.resources_dir() / "icons"
    for size in ICON_SIZES:
        png = folder / f"segdesk-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    if icon.isNull() and (folder / "segdesk.svg").is_file():
        icon = QIcon(str(folder / "segdesk.svg"))
    return icon


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    qss = paths.resources_dir() / "style.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def create_application() -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("segdesk")
    app.setWindowIcon(app_icon())
    apply_style(app)
    return app


def run_app(
    image_paths: list[str],
    review: ReviewOptions | None = None,
    model: Path | None = None,
    device: str | None = None,
) -> int:
    """Run the desktop app; returns the exit status. `SEGDESK_SMOKE=1` runs the smoke check.

    With `review`, the app opens in review mode on those folders (`python -m desktop review`),
    with `model` / `device` chosen first; without it, a review left open last time resumes.

    `--lang en|id` among the arguments chooses the UI language for this run (DESIGN §11).
    """
    started = time.perf_counter()
    try:
        language, image_paths = split_language_argument(image_paths)
    except LanguageError as exc:
        print(f"SegDesk: {exc}", file=sys.stderr)
        return 2
    smoke = os.environ.get(SMOKE_ENV) == "1"
    app = create_application()
    setup_logging()
    # Logged only now that the log file is open (the preload ran before Qt was imported).
    log.info("torch DLL preload: %s", torch_dlls.outcome or "not run")
    reporter = ErrorReporter(interactive=not smoke)
    reporter.install_excepthook()
    if smoke:  # never read or change the user's settings in a scripted run
        scratch = tempfile.mkdtemp(prefix="segdesk-smoke-")
        settings = AppSettings(
            QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        )
    else:
        settings = AppSettings()
    if model is not None:
        settings.model = str(model)
    if device:
        settings.device = device
    install_language(choose_language(language, settings.language, system_language()))
    window = MainWindow(settings, reporter)
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    log.info(
        "SegDesk %s: window shown %.0f ms after start",
        __version__,
        (time.perf_counter() - started) * 1000,
    )
    if smoke:
        image = Path(image_paths[0]) if image_paths else first_sample()
        QTimer.singleShot(0, SmokeRun(window, image).start)
    else:
        window.start()
        if review is not None:
            window.review.start(review)
        elif image_paths:
            window.document.open_first(image_paths)
        else:
            window.review.resume_remembered()
    try:
        return app.exec()
    finally:
        reporter.uninstall_excepthook()
        if smoke:  # the scripted run's scratch settings go with it
            settings.sync()
            shutil.rmtree(scratch, ignore_errors=True)
