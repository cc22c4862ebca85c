"""Every menu command with its shortcut, built in one place; and the menus that hold them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from desktop.core.image_io import is_image_file
from desktop.core.paths import samples_dir
from desktop.ui.viewer.overlay_render import MODES, mode_label


def _action(parent: QObject, text: str, shortcut=None, tip: str = "", checkable=False) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        if isinstance(shortcut, (list, tuple)):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.setCheckable(checkable)
    return action


class WindowActions(QObject):
    """The window's QActions. Wiring them to controllers is the main window's job."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        Key = QKeySequence.StandardKey
        self.open = _action(parent, self.tr("&Open…"), Key.Open, self.tr("Open an image"))
        self.previous_image = _action(
            parent, self.tr("&Previous Image"), "PgUp", self.tr("Previous image in this folder")
        )
        self.next_image = _action(
            parent, self.tr("&Next Image"), "PgDown", self.tr("Next image in this folder")
        )
        self.export = _action(
            parent, self.tr("&Export…"), "Ctrl+S", self.tr("Save mask, overlay and probability")
        )
        self.copy_overlay = _action(
            parent, self.tr("&Copy Overlay"), "Ctrl+Shift+C", self.tr("Copy the overlay image")
        )
        self.batch = _action(
            parent,
            self.tr("&Batch Segment Folder…"),
            "Ctrl+B",
            self.tr("Segment every image in a folder"),
        )
        self.import_model = _action(
            parent, self.tr("&Import Model…"), None, self.tr("Import a trained checkpoint")
        )
        self.remove_model = _action(
            parent, self.tr("&Remove Model…"), None,
            self.tr("Delete the chosen model if you imported it (asks first)"),
        )  # fmt: skip
        self.review_folder = _action(
            parent, self.tr("Re&view Folder…"), "Ctrl+Shift+R",
            self.tr("Review, correct and accept a folder's masks"),
        )  # fmt: skip
        self.accept_review = _action(
            parent, self.tr("&Accept Mask and Next"), ["Return", "Enter"],
            self.tr("Write this mask, go to the next image not accepted"),
        )  # fmt: skip
        self.end_review = _action(parent, self.tr("En&d Review"), None,
                                  self.tr("Leave review mode"))  # fmt: skip
        self.quit = _action(parent, self.tr("&Quit"), Key.Quit)

        self.show_overlay = _action(
            parent, self.tr("Show &Overlay"), "Space", self.tr("Show or hide the overlay"), True
        )
        self.mode_group = QActionGroup(parent)
        self.modes: dict[str, QAction] = {}
        for index, mode in enumerate(MODES, start=1):
            action = _action(parent, mode_label(mode), f"Ctrl+Shift+{index}", checkable=True)
            action.setData(mode)
            self.mode_group.addAction(action)
            self.modes[mode] = action
        # The panel's Colour… button, for keyboard users: every command has a menu entry.
        self.overlay_colour = _action(
            parent, self.tr("Overlay &Colour…"), None, self.tr("Colour of the mask and outline")
        )
        self.fit = _action(
            parent, self.tr("&Fit to Window"), "Ctrl+0", self.tr("Show the whole image")
        )
        self.actual_size = _action(
            parent,
            self.tr("&Actual Size (100 %)"),
            "Ctrl+1",
            self.tr("One image pixel per screen pixel"),
        )
        self.zoom_in = _action(parent, self.tr("Zoom &In"), [Key.ZoomIn, "Ctrl+="])
        self.zoom_out = _action(parent, self.tr("Zoom O&ut"), Key.ZoomOut)

        self.segment = _action(
            parent, self.tr("&Segment"), "F5", self.tr("Segment the image with the chosen model")
        )
        self.cancel = _action(parent, self.tr("&Cancel Segmentation"), "Esc")
        # The same words as the panel's check box: one name for one thing.
        self.auto_segment = _action(
            parent, self.tr("Segment on &Open"), None, checkable=True,
            tip=self.tr("Segment every image as soon as it is opened"),
        )  # fmt: skip
        # The result panel's button; enabled only after a segmentation by an approximate engine.
        self.check_exact = _action(
            parent, self.tr("Check Against E&xact"), "Ctrl+E",
            self.tr("Run the exact engine on this image and show where its mask differs"),
        )  # fmt: skip
        self.model_info = _action(
            parent, self.tr("Model I&nfo…"), "Ctrl+I", self.tr("Manifest, training and self-test")
        )
        self.self_test = _action(
            parent, self.tr("Run Self-&Test"), None, self.tr("Compare with the reference cases")
        )
        self.compare_models = _action(
            parent, self.tr("Co&mpare Models…"), None, self.tr("Run two models on the open image")
        )
        self.evaluate = _action(
            parent, self.tr("&Evaluate Against Ground Truth…"), None,
            self.tr("Score models on images with ground-truth masks"),
        )  # fmt: skip
        self.finetune = _action(
            parent, self.tr("&Fine-tune from Reviewed Folder…"), None,
            self.tr("Train a new model from the masks accepted in a review, proven on held-out "
                    "images"),
        )  # fmt: skip

        self.about = _action(parent, self.tr("&About SegDesk"))
        self.open_log_folder = _action(parent, self.tr("Open &Log Folder"))
        self.open_models_folder = _action(parent, self.tr("Open &Models Folder"))
        for action in (self.cancel, self.accept_review, self.end_review, self.check_exact):
            action.setEnabled(False)


class RecentFilesMenu(QMenu):
    file_chosen = Signal(str)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Open &Recent"), parent)
        self.set_files([])

    def set_files(self, files: list[str]) -> None:
        self.clear()
        for index, path in enumerate(files, start=1):
            label = f"&{index} {Path(path).name}" if index < 10 else Path(path).name
            action = self.addAction(label)
            action.setData(path)
            action.setToolTip(path)
            action.triggered.connect(self._on_action_triggered)
        if files:
            self.addSeparator()
        clear = self.addAction(self.tr("Clear List"))
        clear.setEnabled(bool(files))
        clear.triggered.connect(self.clear_requested)
        self.setEnabled(bool(files))

    @Slot()
    def _on_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.file_chosen.emit(action.data())


class SampleMenu(QMenu):
    file_chosen = Signal(str)

    def __init__(self, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Open &Sample"), parent)
        folder = folder or samples_dir()
        samples = sorted(p for p in folder.iterdir() if is_image_file(p)) if folder.is_dir() else []
        for path in samples:
            action = self.addAction(path.name)
            action.setData(str(path))
            action.triggered.connect(self._on_action_triggered)
        self.setEnabled(bool(samples))

    @Slot()
    def _on_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.file_chosen.emit(action.data())


def build_menus(
    bar: QMenuBar, actions: WindowActions, recent: QMenu, samples: QMenu, extra_view: list[QAction]
) -> None:
    file_menu = bar.addMenu(QCoreApplication.translate("Menus", "&File"))
    file_menu.addAction(actions.open)
    file_menu.addMenu(recent)
    file_menu.addMenu(samples)
    file_menu.addAction(actions.previous_image)
    file_menu.addAction(actions.next_image)
    file_menu.addSeparator()
    file_menu.addAction(actions.export)
    file_menu.addAction(actions.copy_overlay)
    file_menu.addSeparator()
    file_menu.addAction(actions.batch)
    file_menu.addAction(actions.review_folder)
    file_menu.addAction(actions.accept_review)
    file_menu.addAction(actions.end_review)
    file_menu.addAction(actions.import_model)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    view_menu = bar.addMenu(QCoreApplication.translate("Menus", "&View"))
    view_menu.addAction(actions.show_overlay)
    view_menu.addSection(QCoreApplication.translate("Menus", "Overlay"))
    for action in actions.modes.values():
        view_menu.addAction(action)
    view_menu.addAction(actions.overlay_colour)
    view_menu.addSeparator()
    for action in (actions.fit, actions.actual_size, actions.zoom_in, actions.zoom_out):
        view_menu.addAction(action)
    if extra_view:
        view_menu.addSeparator()
        for action in extra_view:
            view_menu.addAction(action)

    model_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Model"))
    for action in (actions.segment, actions.cancel, actions.auto_segment, actions.check_exact):
        model_menu.addAction(action)
    model_menu.addSeparator()
    for action in (actions.model_info, actions.self_test, actions.import_model):
        model_menu.addAction(action)
    model_menu.addAction(actions.remove_model)
    model_menu.addSeparator()
    model_menu.addAction(actions.compare_models)
    model_menu.addAction(actions.evaluate)
    model_menu.addSeparator()
    model_menu.addAction(actions.finetune)

    help_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Help"))
    for action in (actions.about, actions.open_log_folder, actions.open_models_folder):
        help_menu.addAction(action)
