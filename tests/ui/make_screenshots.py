"""Screenshots for docs/screenshots and click-to-overlay timing, on a real display (Xvfb).

    xvfb-run -s "-screen 0 1600x1000x24" python tests/ui/make_screenshots.py docs/screenshots \
        IMAGE [BATCH_FOLDER] [--lang id]

With `--lang id` the UI is in Bahasa Indonesia and the files are named `*-id.png` (the .qm is
compiled first with tools/i18n.py release).

Uses temporary settings; models come from the usual places (bundled weights/, SEGDESK_MODELS).
Prints the measured times. Not collected by pytest.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop.core.batch import BatchOptions
from desktop.ui.i18n.language import install_language, split_language_argument
from desktop.ui.shell.app import create_application
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.shell.settings import AppSettings


def wait_for(signal, timeout_s: float = 300) -> list:
    loop = QEventLoop()
    received: list = []

    def done(*args) -> None:
        received.extend(args)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(done)
    if not received and signal is not None:
        raise TimeoutError("signal not received")
    return received


def save_png(pixmap, path: Path, limit: int = 300_000) -> None:
    """Save a grab as PNG; quantize to a 256-colour palette when it would exceed `limit` bytes."""
    pixmap.save(str(path))
    if path.stat().st_size > limit:
        from PIL import Image

        with Image.open(path) as image:
            rgb = image.convert("RGB")
        for method in (Image.Quantize.MEDIANCUT, Image.Quantize.FASTOCTREE):
            rgb.quantize(256, method=method).save(path, optimize=True)
            if path.stat().st_size <= limit:
                break
    print("saved", path, path.stat().st_size, "bytes")


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(out_dir: Path, image: Path, batch_folder: Path | None, language: str = "en") -> None:
    app = create_application()
    if language != "en":
        subprocess.run([sys.executable, "tools/i18n.py", "release"], check=True)
    install_language(language)
    suffix = "" if language == "en" else f"-{language}"
    scratch = Path(tempfile.mkdtemp(prefix="segdesk-shots-"))
    settings = AppSettings(QSettings(str(scratch / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, ErrorReporter(interactive=False))
    window.resize(1240, 780)
    window.show()
    window.start()
    wait_for(window.models.model_loaded)
    window.document.open_image(image)
    settle()

    # Click to overlay: from the Segment action to the overlay painted on screen.
    painted: list[float] = []
    window.session.result_changed.connect(
        lambda: (window.view.viewport().repaint(), painted.append(time.perf_counter()))
    )
    for _run in range(3):
        painted.clear()
        start = time.perf_counter()
        window.commands.segment.trigger()
        wait_for(window.client.predicted)
        result = window.session.result
        print(
            f"click-to-overlay {(painted[-1] - start) * 1000:.0f} ms; worker predict "
            f"{result.worker_ms:.0f} ms; forward {result.prediction.timings.forward_ms:.0f} ms; "
            f"transform {result.prediction.timings.transform_ms:.0f} ms; "
            f"image {result.prediction.image_size}"
        )
    settle(500)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_png(window.grab(), out_dir / f"main-window{suffix}.png")

    if batch_folder is not None:
        out = scratch / "batch-out"
        window.batch.start(BatchOptions(batch_folder, out, save=frozenset({"mask", "overlay"})))
        wait_for(window.batch.finished)
        dialog = window.batch.dialog
        dialog.adjustSize()
        settle(500)
        save_png(dialog.grab(), out_dir / f"batch-summary{suffix}.png")
    window.close()
    shutil.rmtree(scratch, ignore_errors=True)
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    lang, args = split_language_argument(sys.argv[1:])
    main(
        Path(args[0]),
        Path(args[1]),
        Path(args[2]) if len(args) > 2 else None,
        lang or "en",
    )
