"""The "Correct Mask" panel (a dock tabbed with Controls): tools and brush size, commands, the
model's outline, whether the mask is edited, and the region list.

`edit_summary` is the one sentence saying whether the shown mask is edited (and by how much);
the result panel shows it too. The Undo and Redo buttons keep fixed texts (the menu names the
step), so the dock never has to grow.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.editing.edit_actions import EditActions
from desktop.ui.editing.mask_editor import MAX_SIZE, MIN_SIZE, MaskEditor
from desktop.ui.editing.model_outline import ModelOutlineLayer
from desktop.ui.editing.region_list import RegionList
from desktop.ui.i18n import numbers


def _button(action) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


class _FixedTextButton(QToolButton):
    """A button for an action whose text changes (Undo "Brush stroke"): the text stays put."""

    def __init__(self, action, text: str) -> None:
        super().__init__()
        self._text = text
        self.setDefaultAction(action)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def actionEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().actionEvent(event)
        if self.text() != self._text:
            self.setText(self._text)


class EditPanel(QWidget):
    def __init__(
        self,
        editor: MaskEditor,
        actions: EditActions,
        outline: ModelOutlineLayer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._outline = outline
        tools = QHBoxLayout()
        for action in (actions.pan, actions.brush, actions.eraser):
            tools.addWidget(_button(action))
        self.size_spin = QSpinBox()
        self.size_spin.setRange(MIN_SIZE, MAX_SIZE)
        self.size_spin.setSuffix(self.tr(" px"))
        self.size_spin.setToolTip(self.tr("Brush diameter in image pixels ([ and ] change it)."))
        self.size_spin.setValue(editor.size)
        tools.addWidget(self.size_spin)
        commands = QHBoxLayout()
        commands.addWidget(_FixedTextButton(actions.undo, self.tr("Undo")))
        commands.addWidget(_FixedTextButton(actions.redo, self.tr("Redo")))
        commands.addWidget(_button(actions.fill_holes))
        commands.addWidget(_button(actions.reset))
        self.outline_box = QCheckBox(self.tr("Show the model's outline"))
        self.outline_box.setToolTip(
            self.tr("Draw the model's own mask as a cyan outline over the corrected mask.")
        )
        hint = QLabel(actions.delete_hint)
        hint.setWordWrap(True)
        # What the result panel says too (it sits in the other tab while one corrects).
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.regions = RegionList(editor)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(commands)
        layout.addWidget(hint)
        layout.addWidget(self.outline_box)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(self.tr("Regions")))
        layout.addWidget(self.regions, 1)

        self.size_spin.valueChanged.connect(editor.set_size)
        self.outline_box.toggled.connect(outline.set_wanted)
        editor.size_changed.connect(self._on_editor_size_changed)
        editor.edits_changed.connect(self._on_editor_edits_changed)
        self._on_editor_edits_changed()

    @Slot()
    def _on_editor_edits_changed(self) -> None:
        self.status.setText(edit_summary(self._editor))

    @Slot(int)
    def _on_editor_size_changed(self, size: int) -> None:
        self.size_spin.blockSignals(True)
        self.size_spin.setValue(size)
        self.size_spin.blockSignals(False)


def edit_summary(editor: MaskEditor) -> str:
    """One plain sentence: is the shown mask the model's, or corrected, and by how much."""
    editable = editor.editable
    if editable is None:
        return QCoreApplication.translate("EditSummary", "No mask yet: segment the image first.")
    if editable.is_edited:
        return QCoreApplication.translate(
            "EditSummary",
            "Edited by hand: {added} px added, {removed} px removed from the mask of model "
            "{model}.",
        ).format(
            added=numbers.integer(editable.pixels_added),
            removed=numbers.integer(editable.pixels_removed),
            model=editable.origin,
        )
    return QCoreApplication.translate(
        "EditSummary", "Not edited: the mask of model {model}."
    ).format(model=editable.origin)
