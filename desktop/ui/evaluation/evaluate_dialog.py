"""Model › Evaluate Against Ground Truth…: choose folders and models, then follow the run.

The setup dialog only collects choices (no logic beyond "is this usable?"); the progress dialog
shows rows as they arrive and has Cancel, which stops the run between images — the outputs
then describe what was done.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.package import ModelPackage
from desktop.ui.batch.eta import EtaEstimator, format_duration
from desktop.ui.evaluation.jobs import EvaluationPlan, EvaluationProgress
from desktop.ui.folders.folder_row import folder_row
from desktop.ui.i18n import numbers
from desktop.ui.widgets.warning_label import show_problem, warning_label

SUFFIXES = ("_mask", "_seg", "_gt")


class EvaluateSetupDialog(QDialog):
    def __init__(
        self,
        choices: dict,
        packages: tuple[ModelPackage, ...],
        current: ModelPackage | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Evaluate Against Ground Truth"))
        self._packages = tuple(packages)
        self.images_edit = QLineEdit(choices.get("images_dir", ""))
        self.masks_edit = QLineEdit(choices.get("masks_dir", ""))
        self.output_edit = QLineEdit(choices.get("output_dir", ""))
        browse = [QPushButton(self.tr("Browse…")) for _ in range(3)]
        self.images_browse, self.masks_browse, self.output_browse = browse
        self.recursive_box = QCheckBox(self.tr("Include subfolders"))
        self.recursive_box.setChecked(bool(choices.get("recursive", False)))
        self.suffix_combo = QComboBox()
        self.suffix_combo.setEditable(True)
        self.suffix_combo.addItems(["", *SUFFIXES])
        placeholder = self.tr("automatic: the first of '', _mask, _seg, _gt that exists")
        self.suffix_combo.lineEdit().setPlaceholderText(placeholder)
        # The whole placeholder must show (it is the only explanation of "automatic"), in any
        # language: room for its text plus the frame and the drop-down arrow.
        metrics = self.fontMetrics()
        self.suffix_combo.setMinimumWidth(
            metrics.horizontalAdvance(placeholder) + metrics.height() * 3
        )
        self.suffix_combo.setCurrentText(choices.get("mask_suffix", "") or "")
        self.models_list = QListWidget()
        checked = set(choices.get("models", []))
        if not checked and current is not None:
            checked = {str(current.folder)}
        for package in self._packages:
            item = QListWidgetItem(package.name)
            item.setToolTip(package.summary)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = str(package.folder) in checked
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)
            self.models_list.addItem(item)
        rows = max(2, min(6, len(self._packages)))
        self.models_list.setMaximumHeight(self.models_list.sizeHintForRow(0) * rows + 8)
        self.problem = warning_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Evaluate"))

        form = QFormLayout(self)
        form.addRow(self.tr("Images folder"), folder_row(self.images_edit, self.images_browse))
        form.addRow("", self.recursive_box)
        form.addRow(self.tr("Ground-truth folder"), folder_row(self.masks_edit, self.masks_browse))
        form.addRow(self.tr("Mask name suffix"), self.suffix_combo)
        form.addRow(self.tr("Output folder"), folder_row(self.output_edit, self.output_browse))
        form.addRow(self.tr("Models"), self.models_list)
        note = QLabel(self.tr(
            "Each image is paired with the mask of the same name (plus the suffix) in the "
            "ground-truth folder; mask foreground is grey ≥ 128. Writes metrics.csv, "
            "summary.json and report.html in the output folder; your images and masks are "
            "never changed."
        ))  # fmt: skip
        note.setWordWrap(True)
        form.addRow(note)
        # The main window's threshold override is not carried over: say so before the run.
        self.threshold_note = QLabel(self.tr(
            "Each model is evaluated at its own threshold (from its training); the threshold "
            "override in the main window does not apply."
        ))  # fmt: skip
        self.threshold_note.setWordWrap(True)
        form.addRow(self.threshold_note)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 46)

        self.images_browse.clicked.connect(self._on_images_browse_clicked)
        self.masks_browse.clicked.connect(self._on_masks_browse_clicked)
        self.output_browse.clicked.connect(self._on_output_browse_clicked)
        for edit in (self.images_edit, self.masks_edit, self.output_edit):
            edit.textChanged.connect(self._on_fields_changed)
        self.models_list.itemChanged.connect(self._on_fields_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._on_fields_changed()

    # -- what was chosen --------------------------------------------------------------------
    def packages(self) -> tuple[ModelPackage, ...]:
        return tuple(
            package
            for index, package in enumerate(self._packages)
            if self.models_list.item(index).checkState() == Qt.CheckState.Checked
        )

    def mask_suffix(self) -> str | None:
        """None means automatic."""
        return self.suffix_combo.currentText().strip() or None

    def options(self):
        from desktop.core.evaluation.runner import EvaluationOptions

        return EvaluationOptions(
            images_dir=Path(self.images_edit.text().strip()).expanduser(),
            masks_dir=Path(self.masks_edit.text().strip()).expanduser(),
            output_dir=Path(self.output_edit.text().strip()).expanduser(),
            recursive=self.recursive_box.isChecked(),
            mask_suffix=self.mask_suffix(),
        )

    def choices(self) -> dict:
        return {
            "images_dir": self.images_edit.text().strip(),
            "masks_dir": self.masks_edit.text().strip(),
            "output_dir": self.output_edit.text().strip(),
            "recursive": self.recursive_box.isChecked(),
            "mask_suffix": self.mask_suffix() or "",
            "models": [str(package.folder) for package in self.packages()],
        }

    def problem_text(self) -> str:
        images, masks = self.images_edit.text().strip(), self.masks_edit.text().strip()
        output = self.output_edit.text().strip()
        if not images:
            return self.tr("Choose the folder of images.")
        if not Path(images).expanduser().is_dir():
            return self.tr("Images folder '{0}' does not exist.").format(images)
        if not masks:
            return self.tr("Choose the folder of ground-truth masks.")
        if not Path(masks).expanduser().is_dir():
            return self.tr("Ground-truth folder '{0}' does not exist.").format(masks)
        if not output:
            return self.tr("Choose where to write the results.")
        if not self.packages():
            return self.tr("Tick at least one model to evaluate.")
        return ""

    # -- slots ------------------------------------------------------------------------------
    @Slot()
    def _on_fields_changed(self) -> None:
        show_problem(self.problem, self.buttons, self.problem_text())

    def _choose_folder(self, edit: QLineEdit, title: str) -> str:
        folder = QFileDialog.getExistingDirectory(self, title, edit.text())
        if folder:
            edit.setText(folder)
        return folder

    @Slot()
    def _on_images_browse_clicked(self) -> None:
        folder = self._choose_folder(self.images_edit, self.tr("Images folder"))
        if folder and not self.output_edit.text().strip():
            self.output_edit.setText(str(Path(folder).parent / f"{Path(folder).name}-evaluation"))

    @Slot()
    def _on_masks_browse_clicked(self) -> None:
        self._choose_folder(self.masks_edit, self.tr("Ground-truth folder"))

    @Slot()
    def _on_output_browse_clicked(self) -> None:
        self._choose_folder(self.output_edit, self.tr("Output folder"))


class EvaluateProgressDialog(QDialog):
    """Rows done, the current image, time left and Cancel, while the run goes on."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Evaluating"))
        self.setModal(False)
        self.headline = QLabel(self.tr("Loading the models…"))
        self.headline.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the plan is known
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.eta = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        for widget in (self.headline, self.bar, self.current, self.eta):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 44)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self._plan: EvaluationPlan | None = None
        self._eta: EtaEstimator | None = None
        self._failed = 0
        self.running = True

    def start(self, plan: EvaluationPlan) -> None:
        self._plan = plan
        self._eta = EtaEstimator(plan.total, time.monotonic())
        self.bar.setRange(0, max(1, plan.total))
        self.bar.setValue(0)
        self.headline.setText(
            self.tr("Evaluating {0} model(s) on {1} image(s)…").format(
                len(plan.models), plan.images
            )
        )

    def progress(self, progress: EvaluationProgress) -> None:
        row = progress.row
        if row.status != "ok":
            self._failed += 1
        if self._eta is not None:
            self._eta.record(skipped=False)
        self.bar.setValue(progress.done)
        if row.status == "ok":
            self.current.setText(
                self.tr("{0} — {1}: Dice {2}").format(
                    row.file, row.model, numbers.fixed(row.dice, 4)
                )
            )
        else:
            self.current.setText(self.tr("{0} — {1}: failed").format(row.file, row.model))
        remaining = self._eta.remaining_seconds(time.monotonic()) if self._eta else None
        left = format_duration(remaining)
        if self._failed:
            text = self.tr("{0} of {1} image–model pairs done, {2} failed. Time left: {3}")
            self.eta.setText(text.format(progress.done, progress.total, self._failed, left))
        else:
            text = self.tr("{0} of {1} image–model pairs done. Time left: {2}")
            self.eta.setText(text.format(progress.done, progress.total, left))
        if progress.done == progress.total:
            self.current.setText(self.tr("Writing metrics.csv, summary.json and report.html…"))

    def stop(self) -> None:
        self.running = False
        self.done(QDialog.DialogCode.Accepted)

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()

    def reject(self) -> None:  # Esc or the close button while running means Cancel
        if self.running:
            if self.cancel_button.isEnabled():
                self._on_cancel_button_clicked()
            return
        super().reject()
