"""Model › Fine-tune from Reviewed Folder…: what to learn from, from which model, under which
name. It counts the accepted (and hand-corrected) masks as the folders are typed, says what is
missing, and enables Start only when the fine-tune can run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.package import ModelPackage
from desktop.ui.finetune import status_text
from desktop.ui.finetune.choices import MIN_ACCEPTED, folder_problem, name_problem, suggested_name
from desktop.ui.folders.folder_row import folder_row
from desktop.ui.widgets.warning_label import grow_to_fit, set_role, show_problem, warning_label


def core_scan(reviewed: Path, images: Path):
    from desktop.core.finetune import scan_reviewed

    return scan_reviewed(reviewed, images)


def core_keep_split(images: Path, masks: Path, seed: int) -> tuple[int, int, int, object]:
    """(replayed, held out, left out, weak-check note or None) of the original site's folders,
    split as the run will split them (core's split_keep_folders and weak_keep_note)."""
    from desktop.core.finetune.data import split_keep_folders
    from desktop.core.finetune.run import weak_keep_note

    replayed, held_out, problems = split_keep_folders(images, masks, seed)
    return len(replayed), len(held_out), len(problems), weak_keep_note(len(held_out))


def _scan_error_types() -> tuple[type[BaseException], ...]:
    from desktop.core.errors import SegDeskError

    try:
        from desktop.core.finetune import FinetuneError
    except ImportError:  # pragma: no cover - core not there: only file-system errors then
        return (SegDeskError, OSError, ValueError)
    return (FinetuneError, SegDeskError, OSError, ValueError)


class FinetuneSetupDialog(QDialog):
    def __init__(
        self,
        choices: dict,
        packages: tuple[ModelPackage, ...],
        current: ModelPackage | None,
        devices: tuple[tuple[str, str], ...],
        models_dir: Path | None,
        scan: Callable | None = None,
        parent: QWidget | None = None,
        *,
        keep_split: Callable | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fine-tune from Reviewed Folder"))
        self._packages = tuple(packages)
        self._taken = frozenset(p.name for p in packages)
        self._models_dir = models_dir
        self._scan = scan or core_scan
        self._keep_split = keep_split or core_keep_split
        self.keep_counts = None  # (replayed, held out, left out, note) of the keep folders shown
        self._keep_scan_problem = ""
        self.scanned = None  # core ReviewedSet of the folders shown, or None
        self._scan_problem = ""
        self._suggested = ""  # the name last filled in; it follows the base until typed over

        self.reviewed_edit = QLineEdit(choices.get("reviewed_dir", ""))
        self.images_edit = QLineEdit(choices.get("images_dir", ""))
        self.keep_images_edit = QLineEdit(choices.get("keep_images_dir", ""))
        self.keep_masks_edit = QLineEdit(choices.get("keep_masks_dir", ""))
        self.keep_images_edit.setPlaceholderText(self.tr("optional"))
        self.keep_masks_edit.setPlaceholderText(self.tr("optional"))
        self.reviewed_browse, self.images_browse = QPushButton(), QPushButton()
        self.keep_images_browse, self.keep_masks_browse = QPushButton(), QPushButton()
        for button in (self.reviewed_browse, self.images_browse, self.keep_images_browse,
                       self.keep_masks_browse):  # fmt: skip
            button.setText(self.tr("Browse…"))
        self.base_combo = QComboBox()
        for package in self._packages:
            self.base_combo.addItem(package.name, package)
            self.base_combo.setItemData(self.base_combo.count() - 1, package.summary,
                                        Qt.ItemDataRole.ToolTipRole)  # fmt: skip
        wanted = choices.get("base") or (str(current.folder) if current else "")
        index = next((i for i, p in enumerate(self._packages) if str(p.folder) == wanted), 0)
        self.base_combo.setCurrentIndex(index)
        self.name_edit = QLineEdit(choices.get("name", ""))
        self.name_edit.setPlaceholderText(self.tr("letters, digits, '.', '_' or '-'"))
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.skipped = warning_label()
        self._no_keep_text = self.tr(
            "Without images and masks of the site the base model was made for, forgetting of "
            "the original site will not be checked."
        )  # fmt: skip
        self.keep_note = QLabel(self._no_keep_text)
        self.keep_note.setWordWrap(True)
        self.keep_note.setProperty("role", "detail")
        self.keep_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        # Advanced: hidden until asked for; the defaults are the measured ones.
        self.advanced_button = QToolButton()
        self.advanced_button.setText(self.tr("Advanced"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced = QWidget()
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(0, 500)
        self.epochs_spin.setSpecialValueText(self.tr("automatic"))
        self.epochs_spin.setValue(int(choices.get("epochs", 0) or 0))
        self.holdout_spin = QSpinBox()
        self.holdout_spin.setRange(5, 50)
        self.holdout_spin.setSingleStep(5)
        self.holdout_spin.setSuffix(" %")
        self.holdout_spin.setValue(int(choices.get("holdout_percent", 20)))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setValue(int(choices.get("seed", 0)))
        spins = (self.epochs_spin, self.holdout_spin, self.seed_spin)
        width = max(spin.sizeHint().width() for spin in spins)
        for spin in spins:
            spin.setMinimumWidth(width)  # one column of equal fields, not three ragged ones
        advanced_form = QFormLayout(self.advanced)
        advanced_form.setContentsMargins(0, 0, 0, 0)
        # Small numbers: the fields keep their own width instead of running across the dialog.
        advanced_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        advanced_form.addRow(self.tr("Epochs"), self.epochs_spin)
        advanced_form.addRow(self.tr("Held-out share"), self.holdout_spin)
        advanced_form.addRow(self.tr("Random seed"), self.seed_spin)
        self.advanced.hide()
        self.device_combo = QComboBox()
        for device_id, label in devices:
            self.device_combo.addItem(label, device_id)
        wanted_device = self.device_combo.findData(choices.get("device", ""))
        if wanted_device >= 0:
            self.device_combo.setCurrentIndex(wanted_device)

        self.problem = warning_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.start_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText(self.tr("Start"))

        form = QFormLayout()
        form.addRow(self.tr("Review output folder"),
                    folder_row(self.reviewed_edit, self.reviewed_browse))  # fmt: skip
        form.addRow(self.tr("Images folder"), folder_row(self.images_edit, self.images_browse))
        form.addRow("", self.counts)
        form.addRow("", self.skipped)
        form.addRow(self.tr("Base model"), self.base_combo)
        form.addRow(self.tr("New model name"), self.name_edit)
        form.addRow(self.tr("Original site images"),
                    folder_row(self.keep_images_edit, self.keep_images_browse))  # fmt: skip
        form.addRow(self.tr("Original site masks"),
                    folder_row(self.keep_masks_edit, self.keep_masks_browse))  # fmt: skip
        form.addRow("", self.keep_note)
        form.addRow(self.tr("Device"), self.device_combo)
        form.addRow(self.advanced_button)
        form.addRow(self.advanced)
        note = QLabel(self.tr(
            "Training starts from the base model's weights every time. Part of the accepted "
            "images is held out and never trained on; the new model is written to your models "
            "only if it is not worse than the base model on them. Your images and masks are "
            "never changed."
        ))  # fmt: skip
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addStretch(1)  # room left over goes here, not between the rows
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 50)

        # Scanning reads review.csv and looks for every file: wait for typing to pause.
        self._scan_timer = QTimer(self)
        self._scan_timer.setSingleShot(True)
        self._scan_timer.setInterval(250)
        self._scan_timer.timeout.connect(self.rescan)
        self._keep_timer = QTimer(self)  # the original site's folders, on their own pause
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(250)
        self._keep_timer.timeout.connect(self.rescan_keep)
        for edit in (self.reviewed_edit, self.images_edit):
            edit.textChanged.connect(self._on_folder_edited)
        for edit in (self.keep_images_edit, self.keep_masks_edit):
            edit.textChanged.connect(self._on_keep_folder_edited)
        self.name_edit.textChanged.connect(self._on_fields_changed)
        self.base_combo.currentIndexChanged.connect(self._on_base_combo_changed)
        self.advanced_button.toggled.connect(self._on_advanced_button_toggled)
        self.reviewed_browse.clicked.connect(self._on_reviewed_browse_clicked)
        self.images_browse.clicked.connect(self._on_images_browse_clicked)
        self.keep_images_browse.clicked.connect(self._on_keep_images_browse_clicked)
        self.keep_masks_browse.clicked.connect(self._on_keep_masks_browse_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if not self.name_edit.text().strip():
            self._follow_base()
        self.rescan()
        self.rescan_keep()

    # -- what was chosen --------------------------------------------------------------------
    def base(self) -> ModelPackage | None:
        return self.base_combo.currentData()

    def keep(self) -> tuple[Path, Path] | None:
        images, masks = self.keep_images_edit.text().strip(), self.keep_masks_edit.text().strip()
        if not images and not masks:
            return None
        return Path(images).expanduser(), Path(masks).expanduser()

    def request(self):
        from desktop.core.finetune import FinetuneRequest

        return FinetuneRequest(
            reviewed=Path(self.reviewed_edit.text().strip()).expanduser(),
            images=Path(self.images_edit.text().strip()).expanduser(),
            base=str(self.base().folder),  # exact: a folder, never a look-up by name
            name=self.name_edit.text().strip(),
            keep=self.keep(),
            epochs=self.epochs_spin.value() or None,
            holdout=self.holdout_spin.value() / 100.0,
            seed=self.seed_spin.value(),
            device=self.device_combo.currentData() or "cpu",
            models_dir=self._models_dir,
        )

    def choices(self) -> dict:
        base = self.base()
        return {
            "reviewed_dir": self.reviewed_edit.text().strip(),
            "images_dir": self.images_edit.text().strip(),
            "base": str(base.folder) if base else "",
            "keep_images_dir": self.keep_images_edit.text().strip(),
            "keep_masks_dir": self.keep_masks_edit.text().strip(),
            "epochs": self.epochs_spin.value(),
            "holdout_percent": self.holdout_spin.value(),
            "seed": self.seed_spin.value(),
            "device": self.device_combo.currentData() or "cpu",
        }

    def problem_text(self) -> str:
        reviewed, images = self.reviewed_edit.text().strip(), self.images_edit.text().strip()
        problem = folder_problem(
            reviewed, self.tr("Choose the review output folder (where review.csv is)."),
            self.tr("Review output folder '{0}' does not exist."),
        ) or folder_problem(
            images, self.tr("Choose the folder of the reviewed images."),
            self.tr("Images folder '{0}' does not exist."),
        )  # fmt: skip
        if problem:
            return problem
        if self._scan_problem:
            return self._scan_problem
        if self.scanned is None:
            return self.tr("Counting the accepted masks…")
        if self.scanned.accepted < MIN_ACCEPTED:
            return self.tr(
                "{0} accepted image(s) found; at least {1} are needed (3 are held out to prove "
                "the new model). Accept more masks in review mode first."
            ).format(self.scanned.accepted, MIN_ACCEPTED)
        if self.base() is None:
            return self.tr("No model is installed to start from.")
        problem = name_problem(self.name_edit.text().strip(), self._taken, self._models_dir)
        if problem:
            return problem
        return self._keep_problem()

    def _keep_problem(self) -> str:
        images, masks = self.keep_images_edit.text().strip(), self.keep_masks_edit.text().strip()
        if not images and not masks:
            return ""
        problem = folder_problem(
            images, self.tr("Choose the original site's images folder too (or clear both)."),
            self.tr("Original site images folder '{0}' does not exist."),
        ) or folder_problem(
            masks, self.tr("Choose the original site's masks folder too (or clear both)."),
            self.tr("Original site masks folder '{0}' does not exist."),
        )  # fmt: skip
        if problem or self._keep_scan_problem:
            return problem or self._keep_scan_problem
        if self.keep_counts is None:
            return self.tr("Counting the original site's images and masks…")
        return ""

    # -- scanning ---------------------------------------------------------------------------
    @Slot()
    def rescan(self) -> None:
        """Count the accepted masks of the folders shown (core's scan_reviewed)."""
        self._scan_timer.stop()
        reviewed, images = self.reviewed_edit.text().strip(), self.images_edit.text().strip()
        self.scanned, self._scan_problem = None, ""
        if reviewed and images and Path(reviewed).expanduser().is_dir() \
                and Path(images).expanduser().is_dir():  # fmt: skip
            try:
                self.scanned = self._scan(Path(reviewed).expanduser(), Path(images).expanduser())
            except _scan_error_types() as exc:
                self._scan_problem = str(exc)
        self._show_counts()
        self._on_fields_changed()

    @Slot()
    def rescan_keep(self) -> None:
        """Split the original site's folders as the run will: how many are replayed and held
        out is known before Start, and so is a forgetting check too small to trust."""
        self._keep_timer.stop()
        self.keep_counts, self._keep_scan_problem = None, ""
        keep = self.keep()
        if keep is not None and all(folder.is_dir() for folder in keep):
            try:
                self.keep_counts = self._keep_split(*keep, self.seed_spin.value())
            except _scan_error_types() as exc:
                self._keep_scan_problem = str(exc)
        self._on_fields_changed()

    def _show_counts(self) -> None:
        found = self.scanned
        if found is None:
            self.counts.setText(self.tr("No accepted masks counted yet."))
            self.skipped.hide()
            return
        self.counts.setText(
            self.tr("{0} accepted image(s) to learn from, {1} of them corrected by hand.").format(
                found.accepted, found.edited
            )
        )
        problems = list(found.problems)
        if problems:
            self.skipped.setText(status_text.listed(self.tr("Skipped:"), problems))
        self.skipped.setVisible(bool(problems))

    # -- slots ------------------------------------------------------------------------------
    @Slot()
    def _on_folder_edited(self) -> None:
        self.scanned = None
        self._scan_timer.start()
        self._on_fields_changed()

    @Slot()
    def _on_keep_folder_edited(self) -> None:
        self.keep_counts, self._keep_scan_problem = None, ""
        self._keep_timer.start()
        self._on_fields_changed()

    @Slot()
    def _on_fields_changed(self) -> None:
        self._show_keep_note()
        show_problem(self.problem, self.buttons, self.problem_text())
        grow_to_fit(self)

    def _show_keep_note(self) -> None:
        """Without keep folders: that forgetting goes unchecked. With them, once counted: how
        they are split, and, in warning colour, when the check is too small to trust."""
        if self.keep() is None:
            text, role = self._no_keep_text, "detail"
        elif self.keep_counts is None:
            text, role = "", "detail"
        else:
            replayed, held_out, left_out, weak = self.keep_counts
            text = self.tr(
                "{0} replayed in training, {1} held out to check that the original site is not "
                "forgotten."
            ).format(replayed, held_out)
            if left_out:
                left = self.tr("{0} image(s) without a usable mask left out.")
                text += " " + left.format(left_out)
            if weak is not None:
                text += "\n" + status_text.translated(weak)
            role = "detail" if weak is None else "warning"
        self.keep_note.setText(text)
        set_role(self.keep_note, role)
        self.keep_note.setVisible(bool(text))

    @Slot()
    def _on_base_combo_changed(self) -> None:
        if self.name_edit.text().strip() in ("", self._suggested):
            self._follow_base()

    def _follow_base(self) -> None:
        base = self.base()
        if base is not None:
            self._suggested = suggested_name(base.name, self._taken)
            self.name_edit.setText(self._suggested)

    @Slot(bool)
    def _on_advanced_button_toggled(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.advanced_button.setArrowType(arrow)
        grow_to_fit(self)

    def _choose_folder(self, edit: QLineEdit, title: str) -> None:
        folder = QFileDialog.getExistingDirectory(self, title, edit.text())
        if folder:
            edit.setText(folder)

    @Slot()
    def _on_reviewed_browse_clicked(self) -> None:
        self._choose_folder(self.reviewed_edit, self.tr("Review output folder"))

    @Slot()
    def _on_images_browse_clicked(self) -> None:
        self._choose_folder(self.images_edit, self.tr("Images folder"))

    @Slot()
    def _on_keep_images_browse_clicked(self) -> None:
        self._choose_folder(self.keep_images_edit, self.tr("Original site images"))

    @Slot()
    def _on_keep_masks_browse_clicked(self) -> None:
        self._choose_folder(self.keep_masks_edit, self.tr("Original site masks"))
