"""What the main window builds for evaluation: opens the compare window and the evaluate
dialog, keeps them fed with the open image and the installed models, follows an evaluation
run to its results window and opens the cases asked for there. Owns their worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QWidget

from desktop.core import paths
from desktop.ui.document.session import Session
from desktop.ui.evaluation.case_window import CaseWindow
from desktop.ui.evaluation.compare_window import CompareWindow
from desktop.ui.evaluation.evaluate_dialog import EvaluateProgressDialog, EvaluateSetupDialog
from desktop.ui.evaluation.jobs import (
    CaseRequest,
    CaseResult,
    EvaluateRequest,
    EvaluationPlan,
    EvaluationProgress,
)
from desktop.ui.evaluation.results_window import ResultsWindow
from desktop.ui.evaluation.worker import EvaluationClient
from desktop.ui.models.controller import ModelController
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.worker.jobs import Services
from desktop.ui.worker.tasks import CASE, EVALUATE


class EvaluationController(QObject):
    results_shown = Signal(object)  # ResultsWindow
    case_shown = Signal(object)  # CaseWindow

    def __init__(
        self,
        services: Services | None,
        session: Session,
        models: ModelController,
        settings: AppSettings,
        reporter: ErrorReporter,
        window: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = EvaluationClient(services, self)
        self._session = session
        self._models = models
        self._settings = settings
        self._reporter = reporter
        self._window = window
        self.compare_window: CompareWindow | None = None
        self.progress: EvaluateProgressDialog | None = None
        self.results: list[ResultsWindow] = []
        self.cases: list[CaseWindow] = []
        self._running: tuple = ()  # packages of the evaluation being run
        session.image_opened.connect(self._on_session_image_opened)
        models.packages_changed.connect(self._on_models_packages_changed)
        self.client.evaluation_started.connect(self._on_client_evaluation_started)
        self.client.evaluation_progressed.connect(self._on_client_evaluation_progressed)
        self.client.evaluation_finished.connect(self._on_client_evaluation_finished)
        self.client.case_loaded.connect(self._on_client_case_loaded)
        self.client.failed.connect(self._on_client_failed)

    def device_id(self) -> str:
        """The device the main window's model actually runs on (or the one chosen)."""
        loaded = self._models.loaded
        return loaded.device.id if loaded is not None else (self._models.device_id or "cpu")

    # -- compare ----------------------------------------------------------------------------
    def open_compare(self) -> CompareWindow | None:
        title = self.tr("Compare Models")
        if self._session.image is None:
            self._reporter.show_error(title, self.tr("Open an image first: the two models are "
                                                     "compared on the image shown."))  # fmt: skip
            return None
        packages = self._models.listing.packages
        if len(packages) < 2:
            self._reporter.show_error(
                title,
                self.tr("Comparing needs two installed models; {0} is installed. Import another "
                        "with File › Import Model….").format(len(packages)),
            )  # fmt: skip
            return None
        if self.compare_window is None:
            self.compare_window = CompareWindow(
                self.client, packages, self._models.selected, self.device_id, self._window
            )
            self.compare_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.compare_window.closed.connect(self._on_compare_window_closed)
        else:
            self.compare_window.set_packages(packages, self._models.selected)
        self.compare_window.set_image(self._session.image_path, self._session.image)
        self.compare_window.show()
        self.compare_window.raise_()
        self.compare_window.activateWindow()
        return self.compare_window

    # -- evaluate ---------------------------------------------------------------------------
    def default_choices(self) -> dict:
        """The last choices, or the bundled validation set when there are none."""
        choices = self._settings.choices("evaluate")
        validation = paths.resources_dir() / "validation"
        if not choices.get("images_dir") and (validation / "images").is_dir():
            choices = {
                **choices,
                "images_dir": str(validation / "images"),
                "masks_dir": str(validation / "masks"),
                "output_dir": str(paths.user_data_dir() / "evaluation"),
            }
        return choices

    def open_evaluate(self) -> None:
        if self.progress is not None:
            self.progress.raise_()
            return
        packages = self._models.listing.packages
        if not packages:
            self._reporter.show_error(
                self.tr("Evaluate Against Ground Truth"),
                self.tr("No model is installed: import one with File › Import Model…."),
            )
            return
        setup = EvaluateSetupDialog(
            self.default_choices(), packages, self._models.selected, self._window
        )
        if setup.exec() != QDialog.DialogCode.Accepted:
            return
        self._settings.set_choices("evaluate", setup.choices())
        self.evaluate(EvaluateRequest(setup.options(), setup.packages(), self.device_id()))

    def evaluate(self, request: EvaluateRequest) -> None:
        """Start a run (no dialog): progress window now, results window at the end."""
        if self.progress is not None:
            return
        self._running = tuple(request.packages)
        self.progress = EvaluateProgressDialog(self._window)
        self.progress.cancel_requested.connect(self._on_progress_cancel_requested)
        self.progress.show()
        self.client.evaluate(request)

    def cancel_evaluation(self) -> None:
        self.client.cancel_evaluation()

    def open_case(self, results: ResultsWindow, file: str) -> None:
        rows = [row for row in results.result.rows if row.file == file]
        packages = results.packages
        wanted = [p for p in packages if any(r.model == p.name and r.ok for r in rows)]
        if not rows or rows[0].mask_path is None or not wanted:
            reason = rows[0].error if rows else self.tr("not in the results")
            self._reporter.show_error(self.tr("Cannot show this image"), f"{file}: {reason}")
            return
        self.client.open_case(CaseRequest(
            rows[0].image_path, rows[0].mask_path, file, tuple(wanted), self.device_id()
        ))  # fmt: skip

    def shutdown(self) -> None:
        if self.compare_window is not None:
            self.compare_window.close()
        for window in (*self.results, *self.cases):
            window.close()
        self.client.shutdown()

    # -- slots ------------------------------------------------------------------------------
    @Slot(object)
    def _on_session_image_opened(self, path: Path) -> None:
        if self.compare_window is not None and self._session.image is not None:
            self.compare_window.set_image(path, self._session.image)

    @Slot(object)
    def _on_models_packages_changed(self, listing) -> None:
        if self.compare_window is not None:
            self.compare_window.set_packages(listing.packages, None)

    @Slot()
    def _on_compare_window_closed(self) -> None:
        self.compare_window = None

    @Slot()
    def _on_progress_cancel_requested(self) -> None:
        self.cancel_evaluation()

    @Slot(object)
    def _on_client_evaluation_started(self, plan: EvaluationPlan) -> None:
        if self.progress is not None:
            self.progress.start(plan)

    @Slot(object)
    def _on_client_evaluation_progressed(self, progress: EvaluationProgress) -> None:
        if self.progress is not None:
            self.progress.progress(progress)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress.deleteLater()
            self.progress = None

    @Slot(object)
    def _on_client_evaluation_finished(self, result) -> None:
        self._close_progress()
        window = ResultsWindow(result, self._running, self._window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.case_requested.connect(self._on_results_case_requested)
        window.closed.connect(self._on_window_closed)
        self.results.append(window)
        window.show()
        self.results_shown.emit(window)

    @Slot(str)
    def _on_results_case_requested(self, file: str) -> None:
        window = self.sender()
        if isinstance(window, ResultsWindow):
            self.open_case(window, file)

    @Slot(object)
    def _on_client_case_loaded(self, case: CaseResult) -> None:
        window = CaseWindow(case, self._window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(self._on_window_closed)
        self.cases.append(window)
        window.show()
        self.case_shown.emit(window)

    @Slot()
    def _on_window_closed(self) -> None:
        window = self.sender()
        self.results = [w for w in self.results if w is not window]
        self.cases = [w for w in self.cases if w is not window]

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if task == EVALUATE:
            self._close_progress()
            self._reporter.show_error(self.tr("The evaluation could not run"), message)
        elif task == CASE:
            self._reporter.show_error(self.tr("Cannot show this image"), message)
