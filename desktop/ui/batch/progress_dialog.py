"""The batch progress dialog: count, current file, ETA and Cancel while running, then the
summary. It is not modal, so the rest of the window stays usable."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.batch import BatchSummary
from desktop.ui.batch.eta import EtaEstimator, format_duration
from desktop.ui.batch.summary import failures_html, warnings_html
from desktop.ui.exact_check.audit_text import audit_summary
from desktop.ui.folders.reveal import launch_file_manager, reveal_folder
from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import translate_core_text
from desktop.ui.widgets.warning_label import grow_to_fit
from desktop.ui.worker.jobs import BatchProgress


def open_folder(folder: Path) -> bool:
    """Show a folder in the platform's file manager; False if none started (tests replace
    this)."""
    return launch_file_manager(folder)


class BatchProgressDialog(QDialog):
    """Progress while running (count, current file, ETA, Cancel), then the summary."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Batch Segmentation"))
        self.setModal(False)
        self.summary: BatchSummary | None = None
        self.headline = QLabel(self.tr("Preparing…"))
        self.headline.setWordWrap(True)
        self.bar = QProgressBar()
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.eta = QLabel()
        self.audit = QLabel()  # approximate engines: the audit's mean and max ppm
        self.audit.setWordWrap(True)
        self.audit.hide()
        self.failures = QTextBrowser()  # wraps long reasons; the text can be selected and copied
        self.failures.setOpenLinks(False)
        # Room for several failures at once, not a three-line peephole.
        self.failures.setMinimumHeight(self.fontMetrics().lineSpacing() * 10)
        self.failures.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.open_button = QPushButton(self.tr("Open Output Folder"))
        self.open_button.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.open_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.bar)
        layout.addWidget(self.current)
        layout.addWidget(self.eta)
        layout.addWidget(self.audit)
        layout.addWidget(self.failures, 1)
        layout.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 48)

        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.close_button.clicked.connect(self.accept)
        self._files: tuple[str, ...] = ()
        self._finished: set[str] = set()
        self._next = 0
        self._failed = 0
        self._already = 0  # resumed: done by an earlier run
        self._eta: EtaEstimator | None = None
        self._started: float | None = None

    def start(self, files: tuple[str, ...]) -> None:
        self._files = tuple(files)
        self._started = time.monotonic()
        self._eta = EtaEstimator(len(files), self._started)
        self.bar.setRange(0, max(1, len(files)))
        self.bar.setValue(0)
        self.headline.setText(self.tr("Segmenting {0} images…").format(numbers.integer(len(files))))
        self._show_current()

    def progress(self, progress: BatchProgress) -> None:
        item = progress.item
        self._finished.add(item.file)
        if item.status == "failed":
            self._failed += 1
        elif item.status == "skipped":
            self._already += 1
        if self._eta is not None:
            self._eta.record(skipped=item.status == "skipped")
        self.bar.setValue(progress.done)
        if self._already:  # resumed: an earlier run did these
            text = self.tr("{done} of {total} images, {failed} failed, {already} already done")
        elif self._failed:
            text = self.tr("{done} of {total} images, {failed} failed")
        else:
            text = self.tr("{done} of {total} images")
        self.headline.setText(
            text.format(
                done=numbers.integer(progress.done),
                total=numbers.integer(progress.total),
                failed=numbers.integer(self._failed),
                already=numbers.integer(self._already),
            )
        )
        self._show_current()

    def _show_current(self) -> None:
        while self._next < len(self._files) and self._files[self._next] in self._finished:
            self._next += 1
        if self._next < len(self._files):
            self.current.setText(self.tr("Current: {0}").format(self._files[self._next]))
        else:
            self.current.setText(self.tr("Writing the report…"))
        remaining = self._eta.remaining_seconds(time.monotonic()) if self._eta else None
        self.eta.setText(self.tr("Time left: {0}").format(format_duration(remaining)))

    def finish(self, summary: BatchSummary) -> None:
        self.summary = summary
        self.setWindowTitle(
            self.tr("Batch Finished") if not summary.cancelled else self.tr("Batch Cancelled")
        )
        not_run = summary.total - summary.done - summary.failed - summary.skipped
        # "already done": images an earlier run into this folder did (the run resumed).
        if summary.cancelled and not_run:
            text = self.tr(
                "<b>Cancelled</b>: {done} done, {failed} failed, {skipped} already done, "
                "{not_run} not run (of {total})."
            )
        elif summary.cancelled:
            text = self.tr(
                "<b>Cancelled</b>: {done} done, {failed} failed, {skipped} already done "
                "(of {total})."
            )
        elif not_run:
            text = self.tr(
                "<b>Finished</b>: {done} done, {failed} failed, {skipped} already done, "
                "{not_run} not run (of {total})."
            )
        else:
            text = self.tr(
                "<b>Finished</b>: {done} done, {failed} failed, {skipped} already done "
                "(of {total})."
            )
        self.headline.setText(
            text.format(
                done=numbers.integer(summary.done),
                failed=numbers.integer(summary.failed),
                skipped=numbers.integer(summary.skipped),
                not_run=numbers.integer(not_run),
                total=numbers.integer(summary.total),
            )  # fmt: skip
        )
        self.bar.setValue(self.bar.maximum() if not summary.cancelled else self.bar.value())
        self.current.setText(self.tr("Report: {0}").format(summary.report_path))
        took = format_duration(time.monotonic() - self._started) if self._started else "—"
        self.eta.setText(
            self.tr("Output folder: {folder}\nTook {took}").format(
                folder=summary.output_dir, took=took
            )
        )
        # The audit's sentence, and where report.csv / run.json went when another program held
        # them open (Windows).
        notes = [audit_summary(summary.audit), *map(translate_core_text, summary.notes)]
        if summary.threshold_overridden:  # every mask differs from the model's own cut
            model = summary.training_threshold
            notes.insert(0, self.tr("Threshold {0} (overridden; the model's is {1}).").format(
                numbers.general(summary.threshold),
                "—" if model is None else numbers.general(model),
            ))  # fmt: skip
        if summary.mixed:  # e.g. a resume on another device was cancelled: say what run.json says
            notes.insert(0, self.tr(
                "The masks in the output folder were made by runs with different settings ({0}); "
                "run.json lists which run made which."
            ).format(", ".join(summary.mixed)))  # fmt: skip
        self.audit.setText("\n\n".join(note for note in notes if note))
        self.audit.setVisible(bool(self.audit.text()))
        self.failures.setHtml(failures_html(summary.failures) + warnings_html(summary.warnings))
        self.failures.setVisible(bool(summary.failures or summary.warnings))
        self.cancel_button.hide()
        self.open_button.show()
        self.close_button.show()
        self.close_button.setDefault(True)
        grow_to_fit(self)  # the summary and the audit sentence are longer than the progress

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()

    @Slot()
    def _on_open_button_clicked(self) -> None:
        if self.summary is not None:
            # No file manager (openUrl fails): say so and show the path to copy.
            self.path_dialog = reveal_folder(self.summary.output_dir, self, open_folder)

    def reject(self) -> None:  # Esc or the window's close button while running means Cancel
        if self.summary is None and self.cancel_button.isVisible():
            self._on_cancel_button_clicked()
            return
        super().reject()
