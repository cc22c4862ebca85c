"""What the main window builds for evaluation: opens the compare window (and the evaluate
dialog), keeps them fed with the open image and the installed models, owns their worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QWidget

from desktop.ui.error_reporting import ErrorReporter
from desktop.ui.evaluation.compare_window import CompareWindow
from desktop.ui.evaluation.worker import EvaluationClient
from desktop.ui.jobs import Services
from desktop.ui.model_controller import ModelController
from desktop.ui.session import Session


class EvaluationController(QObject):
    def __init__(
        self,
        services: Services | None,
        session: Session,
        models: ModelController,
        reporter: ErrorReporter,
        window: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = EvaluationClient(services, self)
        self._session = session
        self._models = models
        self._reporter = reporter
        self._window = window
        self.compare_window: CompareWindow | None = None
        session.image_opened.connect(self._on_session_image_opened)
        models.packages_changed.connect(self._on_models_packages_changed)

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

    def shutdown(self) -> None:
        if self.compare_window is not None:
            self.compare_window.close()
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
