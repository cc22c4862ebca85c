"""File › Export… and Copy Overlay: the shown prediction, at the image's original size.

Export runs on the worker thread (PNG encoding of a large image takes a while) and always
writes the provenance record, which states any threshold override.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
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

from desktop.core.export import OUTPUT_KINDS, render_overlay
from desktop.ui import segment_worker as tasks
from desktop.ui.error_reporting import ErrorReporter
from desktop.ui.jobs import ExportRequest
from desktop.ui.overlay_render import OUTLINE
from desktop.ui.qimage_bridge import rgb_to_qimage
from desktop.ui.session import Session
from desktop.ui.settings import AppSettings
from desktop.ui.warning_label import warning_label
from desktop.ui.worker_client import WorkerClient

OUTPUT_LABELS = {
    "mask": "Mask (8-bit PNG, 0/255)",
    "overlay": "Overlay (RGB PNG)",
    "prob": "Probability (16-bit PNG)",
}


class ExportDialog(QDialog):
    """Where to export, and which files; the provenance record is always written."""

    def __init__(self, stem: str, folder: str, outputs: set[str], note: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Export Segmentation")
        self._stem = stem
        self.folder_edit = QLineEdit(folder)
        browse = QPushButton("Browse…")
        self.boxes = {kind: QCheckBox(OUTPUT_LABELS[kind]) for kind in OUTPUT_KINDS}
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
        form.addRow("Folder", row)
        form.addRow("Files", outputs_box)
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
        names.append(f"{self._stem}_provenance.json")
        existing = [n for n in names if (self.folder() / n).exists()]
        text = "Writes " + ", ".join(names) + " at the image's original size."
        if existing:
            text += f"\nReplaces {len(existing)} existing file(s)."
        self.files_label.setText(text)
        ok = bool(self.outputs()) and bool(self.folder_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    @Slot()
    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export to folder", self.folder_edit.text())
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
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._client = client
        self._settings = settings
        self._reporter = reporter
        self._window = window
        client.exported.connect(self._on_client_exported)
        client.failed.connect(self._on_client_failed)

    def can_export(self) -> bool:
        return self._session.prediction is not None and self._session.result is not None

    def export_with_dialog(self) -> None:
        if not self.can_export():
            self._reporter.show_error("Nothing to export", "Segment an image first (F5).")
            return
        choices = self._settings.choices("export")
        folder = self._settings.last_folder("export") or str(self._session.image_path.parent)
        outputs = set(choices.get("outputs", OUTPUT_KINDS)) & set(OUTPUT_KINDS)
        prediction = self._session.prediction
        note = ""
        if prediction.threshold_overridden:
            note = (
                f"Threshold override {prediction.threshold:g} (model: "
                f"{prediction.training_threshold:g}) is applied and recorded in the provenance."
            )
        dialog = ExportDialog(self._session.image_path.stem, folder, outputs, note, self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._settings.set_choices("export", {"outputs": sorted(dialog.outputs())})
        self.export_to(dialog.folder(), dialog.outputs())

    def export_to(self, folder: Path, outputs: set[str]) -> None:
        """Export the shown prediction (with its threshold) and the overlay style in use."""
        if not self.can_export():
            return
        style = self._session.overlay_style
        result = self._session.result
        self._settings.set_last_folder("export", str(folder))
        self._client.export(
            ExportRequest(
                image=self._session.image,
                prediction=self._session.prediction,
                package=result.package,
                input_path=self._session.image_path,
                out_dir=Path(folder),
                outputs=frozenset(outputs),
                color=style.color,
                opacity=style.opacity,
                outline=style.mode == OUTLINE,
                exact_disagreement_ppm=self._session.exact_disagreement_ppm,
            )
        )

    def copy_overlay(self) -> None:
        if not self.can_export():
            self.status_message.emit("Nothing to copy: segment an image first.")
            return
        style = self._session.overlay_style
        rgb = render_overlay(
            self._session.image, self._session.prediction.mask, style.color, style.opacity,
            style.mode == OUTLINE,
        )  # fmt: skip
        QGuiApplication.clipboard().setImage(rgb_to_qimage(rgb))
        self.status_message.emit("Overlay copied to the clipboard.")

    @Slot(object)
    def _on_client_exported(self, paths: list[Path]) -> None:
        folder = paths[0].parent if paths else ""
        self.status_message.emit(f"Exported {len(paths)} files to {folder}")
        self.exported.emit(paths)

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if task == tasks.EXPORT:
            self._reporter.show_error("Export failed", message)
