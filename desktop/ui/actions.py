"""Every menu command with its shortcut, built in one place; and the menus that hold them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from desktop.core.image_io import is_image_file
from desktop.core.paths import samples_dir
from desktop.ui.overlay_render import MODE_LABELS, MODES


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowActions", text)


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


class WindowActions:
    """The window's QActions. Wiring them to controllers is the main window's job."""

    def __init__(self, parent: QWidget) -> None:
        Key = QKeySequence.StandardKey
        self.open = _action(parent, "&Open…", Key.Open, "Open an image")
        self.previous_image = _action(
            parent, "&Previous Image", "PgUp", "Previous image in this folder"
        )
        self.next_image = _action(parent, "&Next Image", "PgDown", "Next image in this folder")
        self.export = _action(parent, "&Export…", "Ctrl+S", "Save mask, overlay and probability")
        self.copy_overlay = _action(
            parent, "&Copy Overlay", "Ctrl+Shift+C", "Copy the overlay image"
        )
        self.batch = _action(
            parent, "&Batch Segment Folder…", "Ctrl+B", "Segment every image in a folder"
        )
        self.import_model = _action(parent, "&Import Model…", None, "Import a trained checkpoint")
        self.quit = _action(parent, "&Quit", Key.Quit)

        self.show_overlay = _action(
            parent, "Show &Overlay", "Space", "Show or hide the overlay", True
        )
        self.mode_group = QActionGroup(parent)
        self.modes: dict[str, QAction] = {}
        for index, mode in enumerate(MODES, start=1):
            action = _action(parent, MODE_LABELS[mode], f"Ctrl+Shift+{index}", checkable=True)
            action.setData(mode)
            self.mode_group.addAction(action)
            self.modes[mode] = action
        self.fit = _action(parent, "&Fit to Window", "Ctrl+0", "Show the whole image")
        self.actual_size = _action(
            parent, "&Actual Size (100 %)", "Ctrl+1", "One image pixel per screen pixel"
        )
        self.zoom_in = _action(parent, "Zoom &In", [Key.ZoomIn, "Ctrl+="])
        self.zoom_out = _action(parent, "Zoom O&ut", Key.ZoomOut)

        self.segment = _action(parent, "&Segment", "F5", "Segment the image with the chosen model")
        self.cancel = _action(parent, "&Cancel Segmentation", "Esc")
        self.auto_segment = _action(parent, "&Auto-Segment on Open", None, checkable=True,
                                    tip="Segment every image as soon as it is opened")  # fmt: skip
        self.model_info = _action(
            parent, "Model &Info…", "Ctrl+I", "Manifest, training and self-test"
        )
        self.self_test = _action(parent, "Run Self-&Test", None, "Compare with the reference cases")
        self.compare_models = _action(
            parent, _tr("&Compare Models…"), None, _tr("Run two models on the open image")
        )
        self.evaluate = _action(
            parent, _tr("&Evaluate Against Ground Truth…"), None,
            _tr("Score models on images with ground-truth masks"),
        )  # fmt: skip

        self.about = _action(parent, "&About SegDesk")
        self.open_log_folder = _action(parent, "Open &Log Folder")
        self.open_models_folder = _action(parent, "Open &Models Folder")
        for action in (self.cancel,):
            action.setEnabled(False)


class RecentFilesMenu(QMenu):
    file_chosen = Signal(str)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Open &Recent", parent)
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
        clear = self.addAction("Clear List")
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
        super().__init__("Open &Sample", parent)
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
    file_menu = bar.addMenu("&File")
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
    file_menu.addAction(actions.import_model)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    view_menu = bar.addMenu("&View")
    view_menu.addAction(actions.show_overlay)
    view_menu.addSection("Overlay")
    for action in actions.modes.values():
        view_menu.addAction(action)
    view_menu.addSeparator()
    for action in (actions.fit, actions.actual_size, actions.zoom_in, actions.zoom_out):
        view_menu.addAction(action)
    if extra_view:
        view_menu.addSeparator()
        for action in extra_view:
            view_menu.addAction(action)

    model_menu = bar.addMenu("&Model")
    for action in (actions.segment, actions.cancel, actions.auto_segment):
        model_menu.addAction(action)
    model_menu.addSeparator()
    for action in (actions.model_info, actions.self_test, actions.import_model):
        model_menu.addAction(action)
    model_menu.addSeparator()
    model_menu.addAction(actions.compare_models)
    model_menu.addAction(actions.evaluate)

    help_menu = bar.addMenu("&Help")
    for action in (actions.about, actions.open_log_folder, actions.open_models_folder):
        help_menu.addAction(action)
