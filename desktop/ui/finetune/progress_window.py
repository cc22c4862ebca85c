"""The window that follows a fine-tune: epoch x of N, time left, a live plot, Cancel; at the end
the held-out comparison, the verdict, Open Report and (when written) Use This Model.

It shows what it is told (`epoch_finished`, `status_changed`, `finish`, `fail`) and says what
the user asked for by signals; the controller runs the worker and acts on them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.batch.eta import format_duration
from desktop.ui.finetune import outcome_text, status_text
from desktop.ui.finetune.training_plot import TrainingPlot
from desktop.ui.i18n import numbers
from desktop.ui.widgets.warning_label import grow_to_fit, set_role, warning_label

REPORT = "report.html"


def ask_to_stop(parent: QWidget) -> bool:
    """Closing while it runs: stop it (the best checkpoint is kept) or keep it running."""
    title = QCoreApplication.translate("FinetuneProgressWindow", "Stop the fine-tune?")
    text = QCoreApplication.translate(
        "FinetuneProgressWindow",
        "The fine-tune is still running. If you stop it, the best checkpoint so far is kept "
        "and starting the same fine-tune again resumes it.",
    )
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    stop = box.addButton(
        QCoreApplication.translate("FinetuneProgressWindow", "Stop"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(
        QCoreApplication.translate("FinetuneProgressWindow", "Keep Running"),
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(stop)
    box.exec()
    return box.clickedButton() is stop


class FinetuneProgressWindow(QDialog):
    cancel_requested = Signal()
    use_requested = Signal(object)  # Path of the new package

    def __init__(self, name: str, base: str, epochs: int | None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fine-tuning {0}").format(name))
        self.setModal(False)
        self.name = name
        # Asked before a running fine-tune is stopped by closing the window; tests replace it.
        self.confirm_stop: Callable[[QWidget], bool] = ask_to_stop
        self.outcome = None
        self.running = True
        self._close_when_stopped = False
        self.headline = QLabel(self.tr("Fine-tuning '{0}' from '{1}'.").format(name, base))
        self.headline.setWordWrap(True)
        self.status = QLabel(self.tr("Preparing…"))
        self.status.setWordWrap(True)
        # Notes qualify the result (a weak forgetting check, files left out): unlike the
        # passing phases in `status`, they stay in view for the whole run and after it.
        self.notes = warning_label()
        self.notes.hide()
        self._notes: list[str] = []
        self._left_out: list[str] = []
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first epoch says how many there are
        self.bar.setTextVisible(False)  # the line below says "Epoch x of N"
        self.epoch_label = QLabel(
            self.tr("Epoch 0 of {0}").format(epochs) if epochs else self.tr("Starting…")
        )
        self.plot = TrainingPlot()
        self.plot.clear(epochs or 1)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        font = self.verdict.font()
        font.setBold(True)
        self.verdict.setFont(font)
        self.verdict.hide()
        self.comparison = QFormLayout()
        self.error = warning_label()
        self.error.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.report_button = QPushButton(self.tr("Open Report"))
        self.use_button = QPushButton(self.tr("Use This Model"))
        self.close_button = QPushButton(self.tr("Close"))
        self.buttons = QDialogButtonBox()
        Role = QDialogButtonBox.ButtonRole
        self.buttons.addButton(self.report_button, Role.ActionRole)
        self.buttons.addButton(self.use_button, Role.AcceptRole)
        self.buttons.addButton(self.close_button, Role.RejectRole)
        self.buttons.addButton(self.cancel_button, Role.RejectRole)
        for button in (self.report_button, self.use_button, self.close_button):
            button.hide()
        # Enter must not stop minutes of training by accident: Cancel is pressed, not defaulted.
        self.cancel_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        for widget in (self.headline, self.notes, self.status, self.bar, self.epoch_label):
            layout.addWidget(widget)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.verdict)
        layout.addLayout(self.comparison)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        self.setMinimumWidth(metrics.horizontalAdvance("M") * 46)
        self.resize(metrics.horizontalAdvance("M") * 62, metrics.height() * 30)  # room to plot

        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.use_button.clicked.connect(self._on_use_button_clicked)
        self.close_button.clicked.connect(self.close)

    # -- what the run says ------------------------------------------------------------------
    @Slot(object)
    def show_status(self, update) -> None:
        """Core's Status: a phase replaces the last one; a note is added to those in view."""
        if not update.is_note:
            self.status.setText(status_text.translated(update))
            return
        if update.key == "skipped":
            self._left_out.append(update.values[0])  # core's "<file>: <why> (skipped)"
        else:
            self._notes.append(status_text.translated(update))
        lines = list(self._notes)
        if self._left_out:  # the first few named here, every one of them on hover
            heading = self.tr("{0} file(s) left out:").format(len(self._left_out))
            lines.append(status_text.listed(heading, self._left_out))
        self.notes.setText("\n\n".join(lines))
        self.notes.setToolTip("\n".join(self._left_out))
        self.notes.show()
        grow_to_fit(self)

    @Slot(object)
    def add_epoch(self, report) -> None:
        if report.epoch == 1:
            self.status.setText(self.tr("Training…"))  # core's phase before the first epoch
        self.bar.setRange(0, max(1, report.epochs))
        self.bar.setValue(report.epoch)
        self.plot.add(report)
        parts = [
            self.tr("Epoch {0} of {1}").format(report.epoch, report.epochs),
            self.tr("held-out Dice {0} (best {1})").format(
                numbers.fixed(report.holdout_dice, 3), numbers.fixed(report.best_dice, 3)
            ),
        ]
        if report.epoch < report.epochs:
            parts.append(self.tr("time left {0}").format(format_duration(report.eta_seconds)))
        self.epoch_label.setText(" · ".join(parts))

    def finish(self, outcome) -> None:
        """The run ended (written, not better, or stopped by Cancel)."""
        self.outcome = outcome
        self._stopped()
        self.verdict.setText(outcome_text.verdict(outcome, self.name))
        set_role(self.verdict, "ok" if outcome.written else "")
        # Core's own summary (numbers, the rule applied, the report's folder) is long: it stays
        # one hover away instead of pushing the plot out of the window.
        self.verdict.setToolTip(outcome.message)
        self.verdict.show()
        self.status.setText(outcome_text.epochs_run(outcome))
        if not outcome.stopped_early:
            for label, value in outcome_text.comparison_rows(outcome):
                text = QLabel(value)
                text.setWordWrap(True)
                self.comparison.addRow(label, text)
        has_report = (Path(outcome.report_dir) / REPORT).is_file()
        self.report_button.setVisible(has_report)
        self.use_button.setVisible(bool(outcome.written and outcome.package_dir))
        default = self.use_button if self.use_button.isVisible() else self.close_button
        default.setDefault(True)
        default.setFocus()
        grow_to_fit(self)
        self._close_if_asked()

    def fail(self, message: str) -> None:
        """The run could not run: the reason (file and why) in the window, never a crash."""
        self._stopped()
        self.status.setText(self.tr("The fine-tune could not run."))
        self.error.setText(message)
        self.error.show()
        grow_to_fit(self)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self._close_if_asked()

    def _stopped(self) -> None:
        self.running = False
        self.bar.setRange(0, max(1, self.bar.maximum()))
        self.cancel_button.hide()
        self.close_button.show()

    def _close_if_asked(self) -> None:
        if self._close_when_stopped:
            self.close()

    # -- what the user asks -----------------------------------------------------------------
    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        if not self.running or not self.cancel_button.isEnabled():
            return
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Stopping…"))
        self.status.setText(self.tr(
            "Stopping after the current step; the best checkpoint so far is kept."
        ))  # fmt: skip
        self.cancel_requested.emit()

    @Slot()
    def _on_report_button_clicked(self) -> None:
        if self.outcome is not None:
            report = Path(self.outcome.report_dir) / REPORT
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(report)))

    @Slot()
    def _on_use_button_clicked(self) -> None:
        if self.outcome is not None and self.outcome.package_dir is not None:
            self.use_requested.emit(Path(self.outcome.package_dir))
            self.close()

    def reject(self) -> None:  # Esc: asks to stop while running, closes afterwards
        if self.running:
            self.close()
        else:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.running:
            event.ignore()
            if self._close_when_stopped:
                return  # already stopping; it closes when the run has stopped
            if self.cancel_button.isEnabled() and not self.confirm_stop(self):
                return
            self._close_when_stopped = True
            self._on_cancel_button_clicked()
            return
        super().closeEvent(event)
