"""Screenshot of a corrected mask for docs/screenshots/editing.png, on a real display (Xvfb).

    xvfb-run -a -s "-screen 0 1600x1000x24" python tests/ui/make_editing_screenshot.py \
        docs/screenshots/editing.png resources/samples/sample-04-1024x768.jpg

Segments the image with the first bundled model, paints one brush stroke and one eraser stroke
(into a model region) with real mouse events, turns on the model's outline and leaves the
brush cursor over the image. Not collected by pytest.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.ui.editing.mask_editor import BRUSH, ERASER
from desktop.ui.shell.app import create_application
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.shell.settings import AppSettings

sys.path.insert(0, str(Path(__file__).parent))
from make_screenshots import save_png, settle, wait_for  # noqa: E402


def drag(window: MainWindow, points: list[tuple[float, float]]) -> None:
    viewport = window.view.viewport()
    positions = [window.view.mapFromScene(QPointF(x, y)) for x, y in points]
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     positions[0])  # fmt: skip
    for pos in positions[1:]:
        QTest.mouseMove(viewport, pos)
        QApplication.processEvents()
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       positions[-1])  # fmt: skip


def main(out: Path, image: Path) -> None:
    app = create_application()
    scratch = Path(tempfile.mkdtemp(prefix="segdesk-shots-"))
    settings = AppSettings(QSettings(str(scratch / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, ErrorReporter(interactive=False))
    window.resize(1400, 900)
    window.show()
    window.start()
    wait_for(window.models.model_loaded)
    window.document.open_image(image)
    window.commands.segment.trigger()
    wait_for(window.client.predicted)
    settle()

    editor = window.editor
    height, width = window.session.image.shape[:2]
    editor.set_tool(BRUSH)
    editor.set_size(max(8, width // 40))
    # A curved stroke across the image, added to the mask.
    points = [(width * (0.15 + 0.5 * t / 40), height * (0.78 - 0.25 * (t / 40) ** 2))
              for t in range(41)]  # fmt: skip
    drag(window, points)
    editor.set_tool(ERASER)
    editor.set_size(max(8, width // 30))
    drag(window, [(width * 0.62, height * 0.52), (width * 0.7, height * 0.95)])
    window.edit_panel.outline_box.setChecked(True)
    window.edit_panel.regions.refresh()
    editor.set_tool(BRUSH)
    QTest.mouseMove(window.view.viewport(),
                    window.view.mapFromScene(QPointF(width * 0.72, height * 0.35)))  # fmt: skip
    settle(500)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_png(window.grab(), out)
    print(window.result_panel.mask_state.text())
    window.close()
    shutil.rmtree(scratch, ignore_errors=True)
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
