"""A fine-tune run from the app: the worker thread, the live plot, Cancel, the end states."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from desktop.core.package import PackageListing
from desktop.ui.finetune.controller import FinetuneController
from desktop.ui.shell.settings import AppSettings
from tests.ui.conftest import fake_package
from tests.ui.finetune.conftest import epoch, outcome


def request(tmp_path: Path, name: str = "demo-site-b", epochs: int | None = 3):
    from desktop.core.finetune import FinetuneRequest

    return FinetuneRequest(
        reviewed=tmp_path / "reviewed", images=tmp_path / "images",
        base="/nonexistent/models/demo-unet", name=name, epochs=epochs,
        models_dir=tmp_path / "models",
    )  # fmt: skip


class FakeModels:
    """The parts of ModelController the fine-tune uses."""

    def __init__(self, packages=()) -> None:
        self.listing = PackageListing(tuple(packages), ())
        self.selected = packages[0] if packages else None
        self.devices = ()
        self.refreshed = 0
        self.chosen = []

    def refresh_packages(self) -> None:
        self.refreshed += 1

    def find(self, folder: str):
        return next((p for p in self.listing.packages if str(p.folder) == folder), None)

    def select_package(self, package) -> None:
        self.chosen.append(package)


@pytest.fixture
def controller(qtbot, reporter, tmp_path, fake_run):
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    parent = QWidget()  # the main window in the app: the progress windows are its children
    qtbot.addWidget(parent)
    made = FinetuneController(FakeModels((fake_package("demo-unet"),)), settings, reporter,
                              parent, run=fake_run, parent=parent)  # fmt: skip
    yield made
    made.shutdown()


def test_each_epoch_updates_the_plot_the_bar_and_the_time_left(qtbot, controller, fake_run,
                                                               tmp_path):  # fmt: skip
    fake_run.reports = [epoch(1, dice=0.61), epoch(2, dice=0.74), epoch(3, dice=0.88)]
    fake_run.result = outcome(tmp_path, written=False)
    window = controller.start(request(tmp_path))
    assert window.epoch_label.text() == "Epoch 0 of 3"
    qtbot.waitUntil(
        lambda: window.status.text() == "Scoring the base model on the held-out images…"
    )  # core's phase, in the app's words; no notes were said, so none are shown
    assert window.notes.isHidden()
    fake_run.step.release()
    qtbot.waitUntil(lambda: window.plot.points() == 1)
    assert window.bar.value() == 1 and window.bar.maximum() == 3
    assert window.epoch_label.text() == (
        "Epoch 1 of 3 · held-out Dice 0.610 (best 0.610) · time left 4 s"
    )
    fake_run.step.release()
    qtbot.waitUntil(lambda: window.plot.points() == 2)
    assert [v for _, v in window.plot.dice[0].values] == [0.61, 0.74]
    assert [v for _, v in window.plot.loss[0].values] == [1.0, 0.5]
    assert window.cancel_button.isVisible() and not window.close_button.isVisible()
    fake_run.step.release()
    qtbot.waitUntil(lambda: not controller.running)
    assert window.plot.points() == 3
    assert "time left" not in window.epoch_label.text()
    assert fake_run.requests == [request(tmp_path)]
    window.grab()  # the plot paints with three points without error


def test_written_shows_the_comparison_and_use_this_model_selects_it(
    qtbot, controller, fake_run, tmp_path
):
    new = fake_package("demo-site-b", bundled=False)
    (tmp_path / "report.html").write_text("<html></html>")
    fake_run.result = outcome(tmp_path, written=True, package_dir=new.folder)
    window = controller.start(request(tmp_path))
    qtbot.waitUntil(lambda: not controller.running)
    assert window.verdict.text() == (
        "'demo-site-b' is better on the held-out images and was written to your models."
    )
    assert window.verdict.property("role") == "ok"  # style.qss: green
    rows = {window.comparison.itemAt(i, window.comparison.ItemRole.LabelRole).widget().text():
            window.comparison.itemAt(i, window.comparison.ItemRole.FieldRole).widget().text()
            for i in range(window.comparison.rowCount())}  # fmt: skip
    assert window.status.text() == (
        "Trained for 3 epoch(s); the best held-out Dice came at epoch 2."
    )
    assert window.verdict.toolTip() == "Core's own sentence."  # its details, one hover away
    assert rows["Held-out Dice"] == "base 0.412 → new 0.903"
    assert rows["Difference"] == "+0.491 (95 % interval +0.450 to +0.530), p = 0.0039"
    assert rows["Original site"] == "not checked (no keep images were given)"
    assert controller._models.refreshed == 1  # the picker lists it as soon as it is written
    assert window.report_button.isVisible() and window.use_button.isVisible()
    assert window.use_button.isDefault()
    controller._models.listing = PackageListing((fake_package("demo-unet"), new), ())
    window.use_button.click()
    assert controller._models.chosen == [new]
    qtbot.waitUntil(lambda: controller.progress is None)


def test_not_better_says_so_and_offers_no_model(qtbot, controller, fake_run, tmp_path):
    (tmp_path / "report.html").write_text("<html></html>")
    fake_run.result = outcome(tmp_path, written=False, keep=True)
    window = controller.start(request(tmp_path))
    qtbot.waitUntil(lambda: not controller.running)
    assert "not better than the base model" in window.verdict.text()
    assert "nothing was written" in window.verdict.text()
    assert window.verdict.property("role") == ""  # not styled as a success
    assert not window.use_button.isVisible()
    assert window.report_button.isVisible()  # the report is kept either way
    labels = [window.comparison.itemAt(i, window.comparison.ItemRole.LabelRole).widget().text()
              for i in range(window.comparison.rowCount())]  # fmt: skip
    assert "Original site Dice" in labels
    assert controller._models.refreshed == 0
    assert window.close_button.isDefault()  # Enter closes
    window.reject()  # Escape closes a finished run's window without asking
    qtbot.waitUntil(lambda: controller.progress is None)


def test_cancel_stops_cleanly_and_says_the_checkpoint_is_kept(qtbot, controller, fake_run,
                                                              tmp_path):  # fmt: skip
    fake_run.until_stopped = True
    fake_run.result = outcome(tmp_path, written=False, stopped=True)
    window = controller.start(request(tmp_path))
    assert not window.cancel_button.isDefault() and not window.cancel_button.autoDefault()
    window.cancel_button.click()
    assert window.cancel_button.text() == "Stopping…" and not window.cancel_button.isEnabled()
    assert "best checkpoint so far is kept" in window.status.text()
    qtbot.waitUntil(lambda: not controller.running)
    assert fake_run.stop_seen.is_set()  # core was asked through should_stop
    assert "start the same fine-tune again to resume" in window.verdict.text()
    assert window.status.text() == "Stopped by Cancel."
    assert not window.use_button.isVisible() and not window.report_button.isVisible()
    assert window.comparison.rowCount() == 0  # no comparison of a run that did not finish


def test_closing_while_running_asks_then_stops_and_closes(qtbot, controller, fake_run,
                                                          tmp_path):  # fmt: skip
    fake_run.until_stopped = True
    fake_run.result = outcome(tmp_path, written=False, stopped=True)
    window = controller.start(request(tmp_path))
    asked = []
    window.confirm_stop = lambda parent: asked.append(parent) or False  # "Keep Running"
    window.close()
    assert asked == [window] and window.isVisible() and controller.running
    window.confirm_stop = lambda parent: True  # "Stop"
    window.reject()  # Escape
    assert window.isVisible()  # until the run has really stopped
    qtbot.waitUntil(lambda: not controller.running)
    qtbot.waitUntil(lambda: controller.progress is None)
    # Closed, and deleted once Qt's deferred delete has run (qWait processes those; the check
    # right after `progress is None` raced it: CI saw the window still valid once in 924 runs).
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))


def test_closing_the_app_while_running_asks_and_stops_the_run(qtbot, controller, fake_run,
                                                              tmp_path):  # fmt: skip
    fake_run.until_stopped = True
    fake_run.result = outcome(tmp_path, written=False, stopped=True)
    window = controller.start(request(tmp_path))
    window.confirm_stop = lambda parent: False  # "Keep Running"
    assert not controller.may_close()
    assert controller.running and not fake_run.stop_seen.is_set()
    window.confirm_stop = lambda parent: True  # "Stop"
    assert controller.may_close()
    qtbot.waitUntil(lambda: not controller.running)
    assert fake_run.stop_seen.is_set()
    assert controller.may_close()  # nothing runs: no question


def test_an_error_is_shown_in_the_window_with_its_file_and_reason(qtbot, controller, fake_run,
                                                                  tmp_path):  # fmt: skip
    from desktop.core.finetune import FinetuneError

    fake_run.error = FinetuneError(f"'{tmp_path}/review.csv' holds no readable rows.")
    window = controller.start(request(tmp_path))
    qtbot.waitUntil(lambda: not controller.running)
    assert window.error.isVisible()
    assert window.error.text() == f"'{tmp_path}/review.csv' holds no readable rows."
    assert window.status.text() == "The fine-tune could not run."
    assert window.close_button.isVisible() and not window.use_button.isVisible()


def test_an_unexpected_error_points_at_the_log_not_a_traceback(qtbot, controller, fake_run,
                                                               tmp_path):  # fmt: skip
    fake_run.error = RuntimeError("CUDA kernel exploded at 0x1234")
    window = controller.start(request(tmp_path))
    qtbot.waitUntil(lambda: not controller.running)
    assert "unexpected internal problem" in window.error.text()
    assert "0x1234" not in window.error.text()


def test_menu_entry_opens_the_setup_from_the_main_window(qtbot, make_window, monkeypatch):
    window = make_window()
    action = window.commands.finetune
    assert action.text() == "&Fine-tune from Reviewed Folder…"
    model_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Model")
    assert action in model_menu.actions()
    opened = []
    monkeypatch.setattr(FinetuneController, "setup_dialog",
                        lambda self: opened.append(self) or _Rejected())  # fmt: skip
    action.trigger()
    assert opened == [window.finetune]


def test_use_this_model_in_the_real_picker(qtbot, settings, reporter, fake_services,
                                           tmp_path, fake_run):  # fmt: skip
    """The main window's own model controller and picker (on fake segmenters): the new model
    is listed when written and chosen, loaded and shown by Use This Model."""
    from desktop.ui.models.controller import ModelController
    from desktop.ui.models.picker import ModelPicker
    from desktop.ui.worker.client import WorkerClient

    base, new = fake_package("demo-unet"), fake_package("demo-site-b", bundled=False)
    listing = [PackageListing((base,), ())]
    client = WorkerClient(fake_services)
    models = ModelController(client, settings, reporter, lambda: listing[0])
    picker = ModelPicker(models)
    qtbot.addWidget(picker)
    parent = QWidget()
    qtbot.addWidget(parent)
    controller = FinetuneController(models, settings, reporter, parent, run=fake_run,
                                    parent=parent)  # fmt: skip
    try:
        with qtbot.waitSignal(models.model_loaded, timeout=10_000):
            models.start()

        def written(*args):
            listing[0] = PackageListing((base, new), ())  # core wrote the package
            return outcome(tmp_path, written=True, package_dir=new.folder)

        controller.client._run = written
        progress = controller.start(request(tmp_path))
        qtbot.waitUntil(lambda: progress.use_button.isVisible())
        combo = picker.combo
        assert [combo.itemText(i) for i in range(combo.count())] == [
            "demo-unet", "demo-site-b  (user)"
        ]  # fmt: skip
        assert combo.currentText() == "demo-unet"  # listed, not yet chosen
        with qtbot.waitSignal(models.model_loaded, timeout=10_000):
            progress.use_button.click()
        assert combo.currentText() == "demo-site-b  (user)"
        assert models.loaded.package.name == "demo-site-b"
    finally:
        controller.shutdown()
        client.shutdown()


class _Rejected:
    def exec(self):
        return 0


def test_notes_stay_in_view_through_the_phases_and_after_the_run(qtbot, controller, fake_run,
                                                                 tmp_path):  # fmt: skip
    from desktop.core.finetune import status
    from desktop.core.finetune.run import weak_keep_note

    fake_run.notes = [
        status.skipped("a/x.jpg: no mask file (skipped)"),
        weak_keep_note(8),
        status.skipped("b/y.jpg: mask is 10×10, image 20×20 (skipped)"),
    ]
    fake_run.reports = [epoch(1)]
    fake_run.result = outcome(tmp_path, written=False)
    window = controller.start(request(tmp_path))
    qtbot.waitUntil(
        lambda: window.status.text() == "Scoring the base model on the held-out images…"
    )
    # The weak check in the app's words (core's says "--keep"), then the files left out, named
    # in the window itself (readable without a mouse) and on hover.
    assert window.notes.isVisible()
    weak, left_out = window.notes.text().split("\n\n")
    assert weak.startswith("Forgetting is checked on only 8 held-out images of the original site")
    assert "give at least 60 labelled images" in weak and "--keep" not in weak
    assert left_out == (
        "2 file(s) left out:\n"
        "• a/x.jpg: no mask file (skipped)\n"
        "• b/y.jpg: mask is 10×10, image 20×20 (skipped)"
    )
    assert window.notes.toolTip() == (
        "a/x.jpg: no mask file (skipped)\nb/y.jpg: mask is 10×10, image 20×20 (skipped)"
    )
    fake_run.step.release()
    qtbot.waitUntil(lambda: not controller.running)
    assert window.status.text().startswith("Trained for")  # the phases moved on; notes did not
    assert window.notes.isVisible() and window.notes.text().startswith("Forgetting is checked")
