"""What the main window builds for fine-tuning: the setup dialog (filled in from the review and
the last fine-tune), the run on its worker, its progress window, and Use This Model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QWidget

from desktop.core import paths
from desktop.core.fast.cpu import native_bf16
from desktop.ui.finetune.choices import initial_choices
from desktop.ui.finetune.progress_window import FinetuneProgressWindow
from desktop.ui.finetune.setup_dialog import FinetuneSetupDialog
from desktop.ui.finetune.worker import FinetuneClient, RunFinetune
from desktop.ui.models.controller import ModelController
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings

SETTINGS_KEY = "finetune"
REVIEW_SETTINGS_KEY = "review"  # the review controller's record (review/remembered.py)


def training_devices(devices, bf16_native: bool) -> tuple[tuple[str, str], ...]:
    """(id, label) of the devices a fine-tune can train on: the CPU in fp32, the CPU in bf16
    autocast only where the CPU computes bf16 natively (emulated it is ~100× slower), and a
    GPU that the main window's device probe found working."""
    from desktop.core.devices import BF16_CPU
    from desktop.ui.i18n.core_text import device_label

    choices = []
    if bf16_native:  # first: the fastest on this CPU (the measurement)
        label = QCoreApplication.translate(
            "FinetuneController", "CPU, bf16 autocast (native on this CPU)"
        )
        choices.append((BF16_CPU, label))
    choices.append(("cpu", QCoreApplication.translate("FinetuneController", "CPU, fp32")))
    ids = [device.id for device in devices]
    if any(i.startswith("cuda") for i in ids):
        gpu = next(d for d in devices if d.id.startswith("cuda"))
        choices.append(("cuda", device_label(gpu.label)))
    if "mps" in ids:
        choices.append(("mps", device_label("Apple GPU (MPS)")))
    return tuple(choices)


class FinetuneController(QObject):
    progress_shown = Signal(object)  # FinetuneProgressWindow

    def __init__(
        self,
        models: ModelController,
        settings: AppSettings,
        reporter: ErrorReporter,
        window: QWidget,
        run: RunFinetune | None = None,
        scan=None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._models = models
        self._settings = settings
        self._reporter = reporter
        self._window = window
        self._scan = scan
        self.client = FinetuneClient(run, self)
        self.progress: FinetuneProgressWindow | None = None
        self.client.epoch_finished.connect(self._on_client_epoch_finished)
        self.client.status_changed.connect(self._on_client_status_changed)
        self.client.finished.connect(self._on_client_finished)
        self.client.failed.connect(self._on_client_failed)

    @property
    def running(self) -> bool:
        return self.client.running

    def setup_dialog(self) -> FinetuneSetupDialog:
        choices = initial_choices(
            self._settings.choices(SETTINGS_KEY), self._settings.choices(REVIEW_SETTINGS_KEY)
        )
        return FinetuneSetupDialog(
            choices, self._models.listing.packages, self._models.selected,
            training_devices(self._models.devices, native_bf16()), paths.user_models_dir(),
            self._scan, self._window,
        )  # fmt: skip

    def open_setup(self) -> None:
        if self.progress is not None:
            self.progress.show()
            self.progress.raise_()
            self.progress.activateWindow()
            return
        if not self._models.listing.packages:
            self._reporter.show_error(
                self.tr("Fine-tune from Reviewed Folder"),
                self.tr("No model is installed to start from: import one with File › Import "
                        "Model…."),
            )  # fmt: skip
            return
        dialog = self.setup_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._settings.set_choices(SETTINGS_KEY, dialog.choices())
        self.start(dialog.request(), dialog.base().name)

    def start(self, request, base_name: str = "") -> FinetuneProgressWindow | None:
        """Run `request` (core FinetuneRequest) and show its progress window."""
        if self.running:
            return None
        base_name = base_name or Path(request.base).name
        window = FinetuneProgressWindow(request.name, base_name, request.epochs, self._window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.cancel_requested.connect(self._on_progress_cancel_requested)
        window.use_requested.connect(self._on_progress_use_requested)
        window.finished.connect(self._on_progress_finished)
        self.progress = window
        window.show()
        self.progress_shown.emit(window)
        self.client.start(request)
        return window

    def use_package(self, folder: Path) -> None:
        """List the packages again (the new one is there now) and switch to `folder`'s."""
        self._models.refresh_packages()
        package = self._models.find(str(folder))
        if package is None:
            self._reporter.show_error(
                self.tr("Cannot use the new model"),
                self.tr("No model package was found in '{0}'.").format(folder),
            )
            return
        self._models.select_package(package)

    def may_close(self) -> bool:
        """The main window is about to close: while a fine-tune runs, ask whether to stop it
        (its best checkpoint is kept); False keeps the window open and the run going."""
        if not self.running:
            return True
        if self.progress is not None and not self.progress.confirm_stop(self._window):
            return False
        self.client.cancel()
        return True

    def shutdown(self) -> None:
        """The main window is closing: stop the run (the checkpoint is kept) and its thread."""
        self.client.shutdown()
        if self.progress is not None:
            self.progress.running = False
            self.progress.close()

    # -- slots ------------------------------------------------------------------------------
    @Slot()
    def _on_progress_cancel_requested(self) -> None:
        self.client.cancel()

    @Slot(object)
    def _on_progress_use_requested(self, folder: Path) -> None:
        self.use_package(folder)

    @Slot()
    def _on_progress_finished(self) -> None:
        if self.sender() is self.progress:
            self.progress = None

    @Slot(object)
    def _on_client_epoch_finished(self, report) -> None:
        if self.progress is not None:
            self.progress.add_epoch(report)

    @Slot(object)
    def _on_client_status_changed(self, update) -> None:
        if self.progress is not None:
            self.progress.show_status(update)

    @Slot(object)
    def _on_client_finished(self, outcome) -> None:
        if outcome.written:
            self._models.refresh_packages()  # the new model is in the picker at once
        if self.progress is not None:
            self.progress.finish(outcome)

    @Slot(str)
    def _on_client_failed(self, message: str) -> None:
        if self.progress is not None:
            self.progress.fail(message)
        else:
            self._reporter.show_error(self.tr("The fine-tune could not run"), message)
