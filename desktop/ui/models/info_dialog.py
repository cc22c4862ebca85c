"""Model information: manifest facts, training provenance and the self-test on this device."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.package import ModelPackage
from desktop.ui.i18n.core_text import device_label
from desktop.ui.models.controller import ModelController
from desktop.ui.models.info_text import manifest_html, self_test_text
from desktop.ui.widgets.warning_label import set_role


class ModelInfoDialog(QDialog):
    def __init__(
        self, models: ModelController, package: ModelPackage, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._models = models
        self._package = package
        self.setWindowTitle(self.tr("Model — {0}").format(package.name))
        self.facts = QTextBrowser()
        self.facts.setHtml(manifest_html(package))
        self.facts.setOpenLinks(False)
        self.self_test_label = QLabel()
        self.self_test_label.setWordWrap(True)
        self.self_test_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.run_button = QPushButton(self.tr("Run self-test"))
        self.run_button.setToolTip(
            self.tr("Re-run the package's reference cases on the current device and compare")
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        row = QHBoxLayout()
        row.addWidget(self.self_test_label, 1)
        row.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("M") * 56, metrics.height() * 34)

        buttons.rejected.connect(self.reject)
        self.run_button.clicked.connect(self._on_run_button_clicked)
        models.self_test_started.connect(self._on_models_self_test_started)
        models.self_test_finished.connect(self._on_models_self_test_finished)
        self._show_status()

    def _is_loaded(self) -> bool:
        loaded = self._models.loaded
        return loaded is not None and loaded.package.folder == self._package.folder

    def _show_status(self) -> None:
        if not self._is_loaded():
            self.self_test_label.setText(self.tr("Self-test: available once this model is loaded."))
            self.run_button.setEnabled(False)
            return
        report = self._models.self_test_for(self._package)
        device = device_label(self._models.loaded.device.label)
        self.self_test_label.setText(
            self.tr("{result}\n(device: {device})").format(
                result=self_test_text(report), device=device
            )
        )
        self._set_status_role(report)
        self.run_button.setEnabled(True)

    def _set_status_role(self, report) -> None:
        role = "" if report is None else ("ok" if report.passed else "error")
        set_role(self.self_test_label, role)

    @Slot()
    def _on_run_button_clicked(self) -> None:
        self._models.run_self_test()

    @Slot()
    def _on_models_self_test_started(self) -> None:
        self.run_button.setEnabled(False)
        self.self_test_label.setText(self.tr("Self-test running on the worker…"))

    @Slot(object)
    def _on_models_self_test_finished(self, _report) -> None:
        self._show_status()
