"""File › Batch Segment Folder…, first step: choose folders and outputs; the dialog counts the
images the run will really segment (core plan_resume), so a resumed run says how many are left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.batch import BatchOptions, count_inputs, plan_batch
from desktop.core.batch.resume import RunSettings, plan_resume
from desktop.core.errors import BatchError
from desktop.core.export import OUTPUT_KINDS, SEG_KIND, OverlaySpec
from desktop.ui.export.actions import output_label
from desktop.ui.folders.folder_row import folder_row
from desktop.ui.folders.proposals import proposed_batch_output
from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import device_label, translate_core_text
from desktop.ui.viewer.overlay_render import OUTLINE
from desktop.ui.widgets.warning_label import grow_to_fit, show_problem, warning_label


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
