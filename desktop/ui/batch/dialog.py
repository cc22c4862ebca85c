"""File › Batch Segment Folder…: choose folders and outputs, follow progress, read the summary.

The batch runs on the worker thread through core `BatchRun`; the progress dialog is not modal,
so the rest of the window stays usable. Cancel stops between images; what was done is kept
and reported, and a later run with the same model, device and threshold resumes where this one
stopped; the setup dialog counts the images that run will really segment (core plan_resume).
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.batch import BatchOptions, BatchSummary, count_inputs, plan_batch
from desktop.core.batch_resume import RunSettings, plan_resume
from desktop.core.errors import BatchError
from desktop.core.export import OUTPUT_KINDS, SEG_KIND, OverlaySpec
from desktop.ui.batch.eta import EtaEstimator, format_duration
from desktop.ui.exact_check.audit_text import audit_summary
from desktop.ui.export.actions import output_label
from desktop.ui.folders.folder_row import folder_row
from desktop.ui.folders.proposals import proposed_batch_output
from desktop.ui.folders.reveal import launch_file_manager, reveal_folder
from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import device_label, translate_core_text
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.viewer.overlay_render import OUTLINE
from desktop.ui.widgets.warning_label import grow_to_fit, show_problem, warning_label
from desktop.ui.worker import segment_worker as tasks
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import BatchProgress


def open_folder(folder: Path) -> bool:
    """Show a folder in the platform's file manager; False if none started (tests replace
    this)."""
    return launch_file_manager(folder)


def short_reason(message: str) -> str:
    """The reason without the "Cannot open image '<full path>': " prefix (the row names the file);
    the full message stays in the tooltip and in report.csv."""
    head, separator, tail = message.partition("': ")
    return tail if separator and head.lower().startswith(("cannot ", "'")) else message


def failures_html(failures: tuple[tuple[str, str], ...]) -> str:
    title = QCoreApplication.translate("BatchProgressDialog", "Failed ({0}):")
    return _file_table(title, [(file, short_reason(reason)) for file, reason in failures])


def warnings_html(warnings: tuple[tuple[str, str], ...]) -> str:
    """Images segmented with a warning (a grey image given to a colour model, …): their masks
    were written, but may be unreliable."""
    title = QCoreApplication.translate("BatchProgressDialog", "Done with a warning ({0}):")
    return _file_table(title, list(warnings))


def _file_table(title: str, rows: list[tuple[str, str]]) -> str:
    if not rows:
        return ""
    cells = "".join(
        f"<tr><td style='padding-right:1em'><b>{html.escape(file)}</b></td>"
        f"<td>{html.escape(translate_core_text(text))}</td></tr>"
        for file, text in rows
    )
    heading = html.escape(title.format(numbers.integer(len(rows))))
    return f"<p>{heading}</p><table cellspacing='2'>{cells}</table>"


@dataclass(frozen=True)
class BatchRunInfo:
    """What a GUI batch will run with, shown before it starts: the loaded model and the device
    it really runs on, the threshold in force (an override is kept, never dropped) and the
    overlay look chosen in the window; with the model's sha256 and the device's id and precision,
    the dialog plans the resume as the run will."""

    model_text: str
    device_text: str = ""
    threshold: float | None = None  # the override; None: the model's own
    training_threshold: float | None = None
    overlay: OverlaySpec | None = None
    model_sha256: str = ""  # empty: no model loaded yet
    device_id: str = ""
    precision: str = "fp32"

    @property
    def overridden(self) -> bool:
        return self.threshold is not None and self.threshold != self.training_threshold


def batch_run_info(models, session) -> BatchRunInfo:
    """From the window's state: the loaded model, its device, the threshold and overlay style."""
    loaded = models.loaded
    style = session.overlay_style
    overlay = OverlaySpec(style.color, style.opacity, style.mode == OUTLINE)
    if loaded is None:
        return BatchRunInfo(
            QCoreApplication.translate("BatchSetupDialog", "not loaded yet"),
            "",
            session.threshold_override,
            None,
            overlay,
        )
    device = device_label(loaded.device.label)
    if loaded.fallback_reason:
        device = QCoreApplication.translate("BatchSetupDialog", "{0} (fallback: {1})").format(
            device, translate_core_text(loaded.fallback_reason)
        )
    return BatchRunInfo(
        loaded.package.name, device, session.threshold_override, loaded.package.threshold, overlay,
        loaded.package.sha256, loaded.device.id, loaded.device.precision,
    )  # fmt: skip


class BatchSetupDialog(QDialog):
    def __init__(
        self, choices: dict, run: BatchRunInfo | str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Batch Segment Folder"))
        self.run = run if isinstance(run, BatchRunInfo) else BatchRunInfo(run)
        self.input_edit = QLineEdit(choices.get("input_dir", ""))
        self.output_edit = QLineEdit(choices.get("output_dir", ""))
        input_browse, output_browse = (
            QPushButton(self.tr("Browse…")),
            QPushButton(self.tr("Browse…")),
        )
        self.recursive_box = QCheckBox(self.tr("Include subfolders"))
        self.recursive_box.setChecked(bool(choices.get("recursive", False)))
        saved = set(choices.get("save", ["mask"]))
        self.output_boxes = {kind: QCheckBox(output_label(kind)) for kind in OUTPUT_KINDS}
        self.output_boxes[SEG_KIND] = QCheckBox(self.tr("DICOM Segmentation per DICOM file (SEG)"))
        for kind, box in self.output_boxes.items():
            box.setChecked(kind in saved)
        self.overwrite_box = QCheckBox(self.tr("Redo images already done (otherwise resume)"))
        self.overwrite_box.setChecked(bool(choices.get("overwrite", False)))
        self.count_label = QLabel()  # how many images will run, and that a re-run resumes
        self.count_label.setWordWrap(True)
        self.threshold_label = QLabel(self._threshold_text())
        self.threshold_label.setWordWrap(True)
        if self.run.overridden:
            self.threshold_label.setProperty("role", "warning")
        self.device_label = QLabel(self.run.device_text or self.tr("not loaded yet"))
        self.device_label.setWordWrap(True)
        self.problem = warning_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))

        outputs = QVBoxLayout()
        for box in self.output_boxes.values():
            outputs.addWidget(box)
        form = QFormLayout(self)
        form.addRow(self.tr("Input folder"), folder_row(self.input_edit, input_browse))
        form.addRow("", self.recursive_box)
        form.addRow(self.tr("Output folder"), folder_row(self.output_edit, output_browse))
        form.addRow(self.tr("Save"), outputs)
        form.addRow("", self.overwrite_box)
        form.addRow(self.tr("Model"), QLabel(self.run.model_text))
        form.addRow(self.tr("Device"), self.device_label)
        form.addRow(self.tr("Threshold"), self.threshold_label)
        form.addRow(self.count_label)
        form.addRow(QLabel(self.tr("Writes report.csv and run.json in the output folder. "
                                   "Your input files are never changed.")))  # fmt: skip
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)

        input_browse.clicked.connect(self._on_input_browse_clicked)
        output_browse.clicked.connect(self._on_output_browse_clicked)
        for edit in (self.input_edit, self.output_edit):
            edit.textChanged.connect(self._on_fields_changed)
        for box in self.output_boxes.values():
            box.toggled.connect(self._on_fields_changed)
        self.recursive_box.toggled.connect(self._on_fields_changed)
        self.overwrite_box.toggled.connect(self._on_fields_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._on_fields_changed()

    def options(self) -> BatchOptions:
        return BatchOptions(
            input_dir=Path(self.input_edit.text().strip()).expanduser(),
            output_dir=Path(self.output_edit.text().strip()).expanduser(),
            recursive=self.recursive_box.isChecked(),
            save=frozenset(k for k, box in self.output_boxes.items() if box.isChecked()),
            overwrite=self.overwrite_box.isChecked(),
            threshold=self.run.threshold if self.run.overridden else None,
            overlay_style=self.run.overlay,
        )

    def _threshold_text(self) -> str:
        run = self.run
        if run.overridden:
            model = (
                numbers.general(run.training_threshold)
                if run.training_threshold is not None
                else "—"
            )
            return self.tr(
                "{0} — your override (the model's own is {1}); recorded in run.json"
            ).format(numbers.general(run.threshold), model)
        if run.training_threshold is not None:
            return self.tr("{0} (the model's own)").format(numbers.general(run.training_threshold))
        return self.tr("the model's own")

    def _count_text(self) -> str:
        text = self.input_edit.text().strip()
        folder = Path(text).expanduser()
        if not text or not folder.is_dir():
            return ""  # the problem line says what is wrong with the input folder
        try:
            count, todo = self._planned(folder)
        except OSError:
            return ""
        if self.overwrite_box.isChecked():
            return self.tr("{0} images will be segmented; images done before are redone.").format(
                count
            )
        if todo < count:
            return self.tr(
                "{0} of {1} images will be segmented; {2} already done with this model, device "
                "and threshold are kept."
            ).format(todo, count, count - todo)
        return self.tr(
            "{0} images will be segmented. Running again into the same output folder resumes: "
            "images an earlier run already did with this model, device and threshold are not "
            "redone."
        ).format(count)

    def _planned(self, folder: Path) -> tuple[int, int]:
        """(inputs, images the run will segment), from the run's own plan (plan_resume) when the
        model is loaded and the folders can run; otherwise (nothing to compare with yet) every
        input."""
        options = self.options()
        if self.run.model_sha256 and self.output_edit.text().strip():
            try:
                items = plan_batch(options)
            except BatchError:  # the problem line or the run says what is wrong
                items = None
            if items is not None:
                settings = RunSettings.for_run(
                    self.run.model_sha256, self.run.device_id, self.run.precision,
                    self.run.training_threshold, options,
                )  # fmt: skip
                return len(items), len(plan_resume(items, options, settings).todo)
        count = count_inputs(folder, self.recursive_box.isChecked())
        return count, count

    def choices(self) -> dict:
        options = self.options()
        return {
            "input_dir": self.input_edit.text().strip(),
            "output_dir": self.output_edit.text().strip(),
            "recursive": options.recursive,
            "save": sorted(options.save),
            "overwrite": options.overwrite,
        }

    def problem_text(self) -> str:
        input_text, output_text = self.input_edit.text().strip(), self.output_edit.text().strip()
        if not input_text:
            return self.tr("Choose the folder of images to segment.")
        if not Path(input_text).expanduser().is_dir():
            return self.tr("Input folder '{0}' does not exist.").format(input_text)
        if not output_text:
            return self.tr("Choose where to write the results.")
        if not any(box.isChecked() for box in self.output_boxes.values()):
            return self.tr("Choose at least one kind of file to save.")
        return ""

    @Slot()
    def _on_fields_changed(self) -> None:
        self.count_label.setText(self._count_text())
        self.count_label.setVisible(bool(self.count_label.text()))
        show_problem(self.problem, self.buttons, self.problem_text())
        grow_to_fit(self)

    @Slot()
    def _on_input_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Input folder"), self.input_edit.text()
        )
        if folder:
            self.input_edit.setText(folder)
            if not self.output_edit.text().strip():
                self.output_edit.setText(str(proposed_batch_output(Path(folder))))

    @Slot()
    def _on_output_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Output folder"), self.output_edit.text()
        )
        if folder:
            self.output_edit.setText(folder)


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
