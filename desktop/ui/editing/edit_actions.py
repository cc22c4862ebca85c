"""The correction commands with their keys (DESIGN §8), and the Edit menu that holds them.

B brush, E eraser, H pan, [ / ] brush size, Ctrl+Z / Ctrl+Shift+Z undo / redo, R reset to the
model's mask; Fill Holes has no key. Enabled only while there is a mask to correct.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from desktop.ui.editing.mask_editor import BRUSH, ERASER, PAN, MaskEditor, bigger, smaller


class EditActions(QObject):
    def __init__(self, editor: MaskEditor, parent: QWidget) -> None:
        super().__init__(parent)
        self._editor = editor
        self.undo = editor.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo = editor.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.pan = self._make(
            self.tr("&Pan"), "H", self.tr("Drag to pan the image (H)."), checkable=True
        )
        self.brush = self._make(
            self.tr("&Brush"), "B",
            self.tr(
                "Paint foreground (B). Drag with the middle mouse button to pan; Shift+click a "
                "region to delete it, Ctrl+click it to fill its holes."
            ),
            checkable=True,
        )  # fmt: skip
        self.eraser = self._make(
            self.tr("&Eraser"), "E",
            self.tr(
                "Erase foreground (E). Drag with the middle mouse button to pan; Shift+click a "
                "region to delete it, Ctrl+click it to fill its holes."
            ),
            checkable=True,
        )  # fmt: skip
        self.tools = QActionGroup(self)
        for action, tool in ((self.pan, PAN), (self.brush, BRUSH), (self.eraser, ERASER)):
            action.setData(tool)
            self.tools.addAction(action)
        self.smaller = self._make(self.tr("Smaller Brush"), "[", self.tr("Brush size down ([)."))
        self.bigger = self._make(self.tr("Bigger Brush"), "]", self.tr("Brush size up (])."))
        self.fill_holes = self._make(
            self.tr("&Fill Holes"), None,
            self.tr("Fill every hole inside the mask's regions (Ctrl+click: one region's)."),
        )  # fmt: skip
        self.fill_holes.setIconText(self.tr("Fill"))
        self.reset = self._make(
            self.tr("Re&set to Model Mask"), "R",
            self.tr("Undo all corrections at once (R); this step can itself be undone."),
        )  # fmt: skip
        self.reset.setIconText(self.tr("Reset"))
        self.delete_hint = self.tr(
            "Shift+click a region to delete it; Ctrl+click it to fill its holes."
        )
        self._mask_actions = (self.pan, self.brush, self.eraser, self.smaller, self.bigger,
                              self.fill_holes, self.reset)  # fmt: skip

        self.tools.triggered.connect(self._on_tools_triggered)
        self.smaller.triggered.connect(self._on_smaller_triggered)
        self.bigger.triggered.connect(self._on_bigger_triggered)
        self.fill_holes.triggered.connect(self._on_fill_holes_triggered)
        self.reset.triggered.connect(editor.reset_to_base)
        editor.tool_changed.connect(self._on_editor_tool_changed)
        editor.mask_replaced.connect(self._on_editor_mask_replaced)
        self._on_editor_tool_changed(editor.tool)
        self._on_editor_mask_replaced()

    def _make(self, text: str, key: str | None, tip: str, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setCheckable(checkable)
        return action

    def all(self) -> list[QAction]:
        return [self.undo, self.redo, *self._mask_actions]

    @Slot(QAction)
    def _on_tools_triggered(self, action: QAction) -> None:
        self._editor.set_tool(action.data())

    @Slot()
    def _on_fill_holes_triggered(self) -> None:
        self._editor.fill_holes()

    @Slot()
    def _on_smaller_triggered(self) -> None:
        self._editor.set_size(smaller(self._editor.size))

    @Slot()
    def _on_bigger_triggered(self) -> None:
        self._editor.set_size(bigger(self._editor.size))

    @Slot(str)
    def _on_editor_tool_changed(self, tool: str) -> None:
        {PAN: self.pan, BRUSH: self.brush, ERASER: self.eraser}[tool].setChecked(True)

    @Slot()
    def _on_editor_mask_replaced(self) -> None:
        has_mask = self._editor.shown_mask() is not None
        for action in self._mask_actions:
            action.setEnabled(has_mask)


def add_edit_menu(bar: QMenuBar, actions: EditActions) -> QMenu:
    """An Edit menu, placed second (after File) as usual."""
    menu = QMenu(QCoreApplication.translate("EditActions", "&Edit"), bar)
    menu.addAction(actions.undo)
    menu.addAction(actions.redo)
    menu.addSeparator()
    for action in (actions.pan, actions.brush, actions.eraser, actions.smaller, actions.bigger):
        menu.addAction(action)
    menu.addSeparator()
    menu.addAction(actions.fill_holes)
    menu.addAction(actions.reset)
    existing = bar.actions()
    if len(existing) > 1:
        bar.insertMenu(existing[1], menu)
    else:
        bar.addMenu(menu)
    return menu
