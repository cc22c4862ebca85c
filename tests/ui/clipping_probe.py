"""Measure clipped text in the default main window; run as a script (one scale per process).

    QT_SCALE_FACTOR=2 python tests/ui/clipping_probe.py SCRATCH [LANG QM_FOLDER]

Prints one JSON object: for each checked widget, the room it has and the room its text needs.
Used by test_clipping.py at 100 % and 200 %; not collected by pytest.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[2])]

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QStyle, QStyleOptionComboBox  # noqa: E402

from desktop.core.package import PackageListing  # noqa: E402
from desktop.ui.i18n.language import install_language  # noqa: E402
from desktop.ui.shell.app import create_application  # noqa: E402
from desktop.ui.shell.error_reporting import ErrorReporter  # noqa: E402
from desktop.ui.shell.main_window import MainWindow  # noqa: E402
from desktop.ui.shell.settings import AppSettings  # noqa: E402
from desktop.ui.worker.jobs import Services  # noqa: E402
from tests.ui.conftest import CPU, FAKE_GPU, FakeLab, FakeSegmenter, fake_package  # noqa: E402


def combo_text_room(combo) -> int:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    rect = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return rect.width()


def main() -> None:
    scratch = Path(sys.argv[1])
    app = create_application()
    if len(sys.argv) > 3:  # the UI language and the folder of its compiled .qm
        install_language(sys.argv[2], Path(sys.argv[3]))
    lab = FakeLab()
    services = Services(
        make_segmenter=lambda package, device_id: FakeSegmenter(lab, package, device_id),
        list_devices=lambda: (CPU, FAKE_GPU),
    )
    packages = (
        fake_package("demo-unet-resnet34"),
        fake_package("demo-unetplusplus-resnet34", "UnetPlusPlus"),
        replace(fake_package("my-imported-unet18-model", bundled=False), encoder="resnet18"),
    )
    settings = AppSettings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, ErrorReporter(interactive=False), services,
                       lambda: PackageListing(packages, ()))  # fmt: skip
    window.show()
    result: dict = {}

    def measure() -> None:
        # The state the user reported: a user model chosen (after an import), override on.
        window.models.select_package(packages[2])
        window.session.set_threshold_override(0.4)
        for _ in range(5):
            app.processEvents()
        panel = window.panel
        content = panel.widget()
        result["panel"] = {
            "viewport": panel.viewport().height(),
            "needed": content.sizeHint().height(),
            "scroll_max": panel.verticalScrollBar().maximum(),
        }
        combo = window.model_picker.combo
        room = combo_text_room(combo)
        result["combo"] = [
            {"text": combo.itemText(i), "needed": combo.fontMetrics().horizontalAdvance(
                combo.itemText(i)), "room": room}
            for i in range(combo.count())
        ]  # fmt: skip
        labels = {
            "details": window.model_picker.details,
            "notice": window.threshold_controls.notice,
            "training": window.threshold_controls.training_label,
        }
        result["labels"] = {}
        for name, label in labels.items():
            width = label.width()
            needed = (label.heightForWidth(width) if label.wordWrap()
                      else label.sizeHint().height())  # fmt: skip
            result["labels"][name] = {
                "text": label.text(),
                "height": label.height(),
                "needed_height": needed,
                "width": width,
                "needed_width": label.sizeHint().width() if not label.wordWrap() else 0,
                "visible": label.isVisible(),
            }
        result["screen"] = window.screen().availableGeometry().getRect()
        result["window"] = window.geometry().getRect()
        result["ratio"] = window.devicePixelRatioF()
        window.close()
        app.quit()

    window.models.model_loaded.connect(lambda _: QTimer.singleShot(200, measure))
    window.start()
    QTimer.singleShot(20000, app.quit)
    app.exec()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
