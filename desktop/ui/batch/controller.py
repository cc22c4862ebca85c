"""File › Batch Segment Folder…: choose folders and outputs, follow progress, read the summary.

The batch runs on the worker thread through core `BatchRun`; the progress dialog is not modal,
so the rest of the window stays usable. Cancel stops between images; what was done is kept
and reported, and a later run with the same model, device and threshold resumes where this one
stopped; the setup dialog counts the images that run will really segment (core plan_resume).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from desktop.core.batch import BatchOptions, BatchSummary
from desktop.ui.batch.progress_dialog import BatchProgressDialog
from desktop.ui.batch.setup_dialog import BatchRunInfo, BatchSetupDialog
from desktop.ui.folders.proposals import proposed_batch_output
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.worker import tasks
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import BatchProgress


class BatchController(QObject):
    running_changed = Signal()  # read `running`
    finished = Signal(object)  # BatchSummary

    def __init__(
        self,
        client: WorkerClient,
        settings: AppSettings,
        reporter: ErrorReporter,
        window: QWidget | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._settings = settings
        self._reporter = reporter
        self._window = window
        self.dialog: BatchProgressDialog | None = None
        self.setup_dialog: BatchSetupDialog | None = None
        self.running = False
        client.batch_started.connect(self._on_client_batch_started)
        client.batch_progressed.connect(self._on_client_batch_progressed)
        client.batch_finished.connect(self._on_client_batch_finished)
        client.failed.connect(self._on_client_failed)

    def start_with_dialog(self, run: BatchRunInfo | str, input_dir: Path | None = None) -> None:
        """The setup dialog (prefilled with `input_dir`, e.g. a dropped folder), then the run."""
        if self.running:
            self.dialog.raise_()
            return
        choices = dict(self._settings.choices("batch"))
        if input_dir is not None:
            choices["input_dir"] = str(input_dir)
            choices["output_dir"] = str(proposed_batch_output(Path(input_dir)))
        setup = BatchSetupDialog(choices, run, self._window)
        self.setup_dialog = setup
        if setup.exec() != QDialog.DialogCode.Accepted:
            return
        self._settings.set_choices("batch", setup.choices())
        self.start(setup.options())

    def start(self, options: BatchOptions) -> None:
        if self.running:
            return
        self.running = True
        self.dialog = BatchProgressDialog(self._window)
        self.dialog.cancel_requested.connect(self._on_dialog_cancel_requested)
        self.dialog.show()
        self.running_changed.emit()
        self._client.run_batch(options)

    def cancel(self) -> None:
        self._client.cancel_batch()

    @Slot()
    def _on_dialog_cancel_requested(self) -> None:
        self.cancel()

    @Slot(object)
    def _on_client_batch_started(self, files: tuple[str, ...]) -> None:
        if self.dialog is not None:
            self.dialog.start(files)

    @Slot(object)
    def _on_client_batch_progressed(self, progress: BatchProgress) -> None:
        if self.dialog is not None:
            self.dialog.progress(progress)

    @Slot(object)
    def _on_client_batch_finished(self, summary: BatchSummary) -> None:
        self.running = False
        if self.dialog is not None:
            self.dialog.finish(summary)
        self.running_changed.emit()
        self.finished.emit(summary)

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if task != tasks.BATCH:
            return
        self.running = False
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
            self.dialog = None
        self.running_changed.emit()
        self._reporter.show_error(self.tr("Batch could not run"), message)
