"""File › Export… and Copy Overlay: the shown prediction, at the image's original size.

Export runs on the worker thread (PNG encoding of a large image takes a while) and always
writes the provenance record, which states any threshold override. With a mask editor, the
mask as shown (corrected or not) is exported and recorded as such (DESIGN §7).
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.export import OUTPUT_KINDS, SEG_KIND, render_overlay
from desktop.ui.document.session import Session
from desktop.ui.editing.mask_editor import MaskEditor
from desktop.ui.folders.proposals import proposed_export_folder
from desktop.ui.i18n import numbers
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.viewer.overlay_render import OUTLINE
from desktop.ui.viewer.qimage_bridge import rgb_to_qimage
from desktop.ui.widgets.warning_label import warning_label
from desktop.ui.worker import tasks
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import ExportRequest

OUTPUT_LABELS = {  # English source texts; show them with output_label()
    "mask": QT_TRANSLATE_NOOP("OutputKind", "Mask (8-bit PNG, 0/255)"),
    "overlay": QT_TRANSLATE_NOOP("OutputKind", "Overlay (RGB PNG)"),
    "prob": QT_TRANSLATE_NOOP("OutputKind", "Probability (16-bit PNG)"),
}


def output_label(kind: str) -> str:
    """The output kind's check-box label in the UI language."""
    return QCoreApplication.translate("OutputKind", OUTPUT_LABELS[kind])


class ExportDialog(QDialog):
    """Where to export, and which files; the provenance record is always written."""

    def __init__(
        self, stem: str, folder: str, outputs: set[str], note: str, parent=None,
        source: str = "", seg_available: bool = False,
    ):  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export Segmentation"))
        self.source_label = QLabel(source)  # which model's result is exported
        self.source_label.setWordWrap(True)
        self.source_label.setVisible(bool(source))
        self._stem = stem
        self.folder_edit = QLineEdit(folder)
        browse = QPushButton(self.tr("Browse…"))
        self.boxes = {kind: QCheckBox(output_label(kind)) for kind in OUTPUT_KINDS}
        if seg_available:  # the image came from a DICOM file (DESIGN §10)
            self.boxes[SEG_KIND] = QCheckBox(self.tr("DICOM Segmentation (SEG, .dcm)"))
        for kind, box in self.boxes.items():
            box.setChecked(kind in outputs)
        self.files_label = QLabel()
        self.files_label.setWordWrap(True)
        self.note = warning_label(note)
        self.note.setVisible(bool(note))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        outputs_box = QVBoxLayout()
        for box in self.boxes.values():
            outputs_box.addWidget(box)
        form = QFormLayout(self)
        form.addRow(self.source_label)
        form.addRow(self.tr("Folder"), row)
        form.addRow(self.tr("Files"), outputs_box)
        form.addRow(self.files_label)
        form.addRow(self.note)
        form.addRow(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)

        browse.clicked.connect(self._on_browse_clicked)
        for box in self.boxes.values():
            box.toggled.connect(self._on_choice_changed)
        self.folder_edit.textChanged.connect(self._on_choice_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._on_choice_changed()

    def outputs(self) -> set[str]:
        return {kind for kind, box in self.boxes.items() if box.isChecked()}

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    @Slot()
    def _on_choice_changed(self) -> None:
        names = [f"{self._stem}_{kind}.png" for kind in OUTPUT_KINDS if kind in self.outputs()]
        if SEG_KIND in self.outputs():
            names.append(f"{self._stem}_seg.dcm")
        names.append(f"{self._stem}_provenance.json")
        existing = [n for n in names if (self.folder() / n).exists()]
        text = self.tr("Writes {0} at the image's original size.").format(", ".join(names))
        if existing:
            text += "\n" + self.tr("Replaces {0} existing file(s).").format(len(existing))
        self.files_label.setText(text)
        ok = bool(self.outputs()) and bool(self.folder_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    @Slot()
    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export to folder"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)


class ExportActions(QObject):
    status_message = Signal(str)
    exported = Signal(object)  # list[Path]

    def __init__(
        self,
        session: Session,
        client: WorkerClient,
        settings: AppSettings,
        reporter: ErrorReporter,
        window: QWidget | None = None,
        parent: QObject | None = None,
        editor: MaskEditor | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._editor = editor
        self._export_markers: deque[tuple[int, int]] = deque()  # exports sent, in order
        self._client = client
        self._settings = settings
        self._reporter = reporter
        self._window = window
        client.exported.connect(self._on_client_exported)
        client.failed.connect(self._on_client_failed)

    def can_export(self) -> bool:
        return self._session.prediction is not None and self._session.result is not None

    def shown(self) -> ExportRequest | None:
        """What is on screen now, frozen: the dialog describes it and exactly it is written,
        whatever arrives (another model's result, another threshold) while the dialog is up."""
        if not self.can_export():
            return None
        style = self._session.overlay_style
        package = self._session.result.package
        prediction = self._session.prediction
        source = self._session.source
        edited = None if self._editor is None else self._editor.snapshot()
        # Areas describe the mask that is written: the corrected one when there is one.
        foreground = (
            prediction.foreground_pixels if edited is None else int(np.count_nonzero(edited.mask))
        )
        return ExportRequest(
            image=self._session.image,
            prediction=prediction,
            package=package,
            input_path=self._session.image_path,
            out_dir=Path(),
            outputs=frozenset(),
            color=style.color,
            opacity=style.opacity,
            outline=style.mode == OUTLINE,
            frame=source.frame if source else None,
            dicom=source.provenance_record() if source else None,
            warnings=tuple(source.warnings(package)) if source else (),
            foreground_mm2=source.area_mm2(foreground) if source else None,
            edited=edited,
            exact_disagreement_ppm=self._session.exact_disagreement_ppm,
        )

    def export_with_dialog(self) -> None:
        shown = self.shown()
        if shown is None:
            self._reporter.show_error(
                self.tr("Nothing to export"), self.tr("Segment an image first (F5).")
            )
            return
        choices = self._settings.choices("export")
        folder = proposed_export_folder(
            self._settings.last_folder("export"), shown.input_path.parent
        )
        outputs = set(choices.get("outputs", OUTPUT_KINDS)) & {*OUTPUT_KINDS, SEG_KIND}
        prediction = shown.prediction
        made_by = self.tr("Result of {0}, threshold {1}.").format(
            shown.package.name, numbers.general(prediction.threshold)
        )
        image_source = self._session.source
        seg_available = shown.dicom is not None
        stem = image_source.export_stem if image_source is not None else shown.input_path.stem
        note = ""
        if prediction.threshold_overridden:
            note = self.tr(
                "Threshold override {override} (model: {model}) is applied and recorded in "
                "the provenance."
            ).format(
                override=numbers.general(prediction.threshold),
                model=numbers.general(prediction.training_threshold),
            )
        if shown.edited is not None and shown.edited.is_edited:
            edited_note = self.tr(
                "The mask was corrected by hand: the corrected mask is exported, and the "
                "model's own mask is kept as {0}_mask_model.png."
            ).format(stem)
            note = f"{note}\n{edited_note}" if note else edited_note
        dialog = ExportDialog(
            stem, folder, outputs, note, self._window, source=made_by, seg_available=seg_available
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._settings.set_choices("export", {"outputs": sorted(dialog.outputs())})
        self.export_to(dialog.folder(), dialog.outputs(), shown)

    def export_to(
        self, folder: Path, outputs: set[str], shown: ExportRequest | None = None
    ) -> None:
        """Export `shown` (default: the prediction on screen now, with its threshold, and the
        overlay style in use)."""
        shown = shown or self.shown()
        if shown is None:
            return
        if shown.dicom is None:
            outputs = set(outputs) - {SEG_KIND}  # a SEG only for DICOM sources
        self._settings.set_last_folder("export", str(folder))
        if self._editor is not None:  # the corrections count as saved once this export lands
            self._export_markers.append(self._editor.saved_marker())
        self._client.export(replace(shown, out_dir=Path(folder), outputs=frozenset(outputs)))

    def copy_overlay(self) -> None:
        if not self.can_export():
            self.status_message.emit(self.tr("Nothing to copy: segment an image first."))
            return
        style = self._session.overlay_style
        shown = None if self._editor is None else self._editor.shown_mask()
        rgb = render_overlay(
            self._session.image,
            self._session.prediction.mask if shown is None else shown,
            style.color, style.opacity, style.mode == OUTLINE,
        )  # fmt: skip
        QGuiApplication.clipboard().setImage(rgb_to_qimage(rgb))
        self.status_message.emit(self.tr("Overlay copied to the clipboard."))

    @Slot(object)
    def _on_client_exported(self, paths: list[Path]) -> None:
        if self._export_markers:
            self._editor.mark_saved(self._export_markers.popleft())
        folder = paths[0].parent if paths else ""
        self.status_message.emit(
            self.tr("Exported {count} files to {folder}").format(count=len(paths), folder=folder)
        )
        self.exported.emit(paths)

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if task == tasks.EXPORT:
            if self._export_markers:
                self._export_markers.popleft()  # nothing was saved by that one
            self._reporter.show_error(self.tr("Export failed"), message)
