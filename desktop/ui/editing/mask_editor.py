"""The mask being corrected in the window: tool state, edits as QUndoCommands, change signals.

`MaskEditor` binds a core `EditableMask` to the session's shown prediction: a new image, a new
segmentation or a new threshold gives a new base mask (and a fresh undo history). It turns the
canvas's calls (image coordinates) into core edits, pushes each finished edit on its
`QUndoStack`, and says what changed:

- `mask_replaced` — a new base: redraw everything;
- `region_changed(Rect)` — only these pixels changed (a stroke segment, an undo, a redo);
- `edits_changed` — a finished edit, undo or redo: counts, regions and "edited" may differ.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.core.editing import (
    DELETE_REGION,
    ERASE,
    FILL_HOLES,
    PAINT,
    RESET,
    Edit,
    EditableMask,
    EditedMask,
    Region,
    Stroke,
    count_regions,
    list_regions,
)
from desktop.ui.document.session import Session

PAN = "pan"
BRUSH = "brush"
ERASER = "eraser"
TOOLS = (PAN, BRUSH, ERASER)
MIN_SIZE = 1
MAX_SIZE = 500
DEFAULT_SIZE = 24


def bigger(size: int) -> int:
    """The next brush size up (`]`): +1 for small brushes, +20 % for large ones."""
    return min(MAX_SIZE, max(size + 1, round(size * 1.2)))


def smaller(size: int) -> int:
    """The next brush size down (`[`)."""
    return max(MIN_SIZE, min(size - 1, round(size / 1.2)))


class EditCommand(QUndoCommand):
    """One core Edit on the undo stack. It is pushed already applied, so its first redo (the
    one `QUndoStack.push` calls) only announces it."""

    def __init__(self, editor: MaskEditor, editable: EditableMask, edit: Edit, text: str) -> None:
        super().__init__(text)
        self._editor = editor
        self._editable = editable
        self.edit = edit
        self._applied = True

    def redo(self) -> None:
        if not self._applied:
            self._editable.apply(self.edit)
            self._applied = True
            self._editor._announce(self.edit)
        else:
            self._editor._announce(None)

    def undo(self) -> None:
        self._editable.revert(self.edit)
        self._applied = False
        self._editor._announce(self.edit)


class MaskEditor(QObject):
    mask_replaced = Signal()
    region_changed = Signal(object)  # core Rect
    edits_changed = Signal()
    tool_changed = Signal(str)
    size_changed = Signal(int)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.undo_stack = QUndoStack(self)
        self.tool = PAN
        self.size = DEFAULT_SIZE
        self._editable: EditableMask | None = None
        self._source: object | None = None  # the Prediction the base mask came from
        self._stroke: Stroke | None = None
        self._regions: list[Region] | None = None
        self._region_count: int | None = None
        self._generation = 0  # counts replaced masks, so an old export's marker never matches
        self._saved_at: tuple[int, int] | None = None  # marker of the last exported state
        session.result_changed.connect(self._on_session_result_changed)

    # -- what is shown ----------------------------------------------------------------------
    @property
    def editable(self) -> EditableMask | None:
        self._sync()
        return self._editable

    def shown_mask(self) -> np.ndarray | None:
        """The mask as shown (read-only), or None without a segmentation."""
        editable = self.editable
        return None if editable is None else editable.mask

    def snapshot(self) -> EditedMask | None:
        """A frozen copy for export and records."""
        editable = self.editable
        return None if editable is None else editable.snapshot()

    @property
    def has_edits(self) -> bool:
        editable = self.editable
        return editable is not None and editable.is_edited

    @property
    def has_unsaved_edits(self) -> bool:
        """Corrections on screen that no export has written: closing or replacing the mask
        would lose work (a mask with no corrections can be made again by the model)."""
        return self.has_edits and self.saved_marker() != self._saved_at

    @property
    def generation(self) -> int:
        """Changes whenever the shown mask is replaced (another image, result or base mask), so
        what was noted about one mask's corrections is never applied to the next one's."""
        self._sync()
        return self._generation

    def saved_marker(self) -> tuple[int, int]:
        """Identifies the mask as it is now; give it to `mark_saved` once it is written."""
        return self._generation, self.undo_stack.index()

    def mark_saved(self, marker: tuple[int, int]) -> None:
        self._saved_at = marker  # the mask itself is unchanged: no signal

    def area_mm2(self, pixels: int) -> float | None:
        """`pixels` of the shown image in mm², when its DICOM file gives a pixel spacing."""
        source = self._session.source
        return None if source is None else source.area_mm2(pixels)

    def regions(self) -> list[Region]:
        """Connected regions of the shown mask, largest first (cached until the next edit)."""
        editable = self.editable
        if editable is None:
            return []
        if self._regions is None:
            self._regions = list_regions(editable.mask)
            self._region_count = len(self._regions)
        return self._regions

    def region_count(self) -> int:
        """How many regions the shown mask has (cheaper than `regions()`; cached too)."""
        editable = self.editable
        if editable is None:
            return 0
        if self._region_count is None:
            self._region_count = count_regions(editable.mask)
        return self._region_count

    def set_base(self, base: np.ndarray, origin: str, current: np.ndarray | None = None) -> None:
        """Start from another base mask for the current segmentation (e.g. a mask already saved
        for this image), optionally with `current` as the mask shown; clears the history."""
        self._sync()
        self._replace(EditableMask(base, origin, current))

    # -- tool state -------------------------------------------------------------------------
    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS:
            raise ValueError(f"unknown tool {tool!r}; use one of {TOOLS}")
        if tool != self.tool:
            self.end_stroke()
            self.tool = tool
            self.tool_changed.emit(tool)

    def set_size(self, size: int) -> None:
        size = min(MAX_SIZE, max(MIN_SIZE, int(size)))
        if size != self.size:
            self.size = size
            self.size_changed.emit(size)

    # -- edits (image coordinates) ----------------------------------------------------------
    def begin_stroke(self, x: float, y: float) -> bool:
        """Start a brush or eraser stroke at (x, y) with the current tool; False if no stroke
        can start (no mask, or the pan tool)."""
        editable = self.editable
        if editable is None or self.tool not in (BRUSH, ERASER):
            return False
        self.end_stroke()
        self._stroke = editable.begin_stroke(self.size, erase=self.tool == ERASER)
        self.continue_stroke(x, y)
        return True

    def continue_stroke(self, x: float, y: float) -> None:
        if self._stroke is None:
            return
        rect = self._stroke.add_point((x, y))
        if rect is not None:
            self._forget_regions()
            self.region_changed.emit(rect)

    def end_stroke(self) -> None:
        stroke, self._stroke = self._stroke, None
        if stroke is not None:
            self._push(stroke.finish())

    @property
    def stroking(self) -> bool:
        return self._stroke is not None

    def delete_region(self, x: float, y: float) -> bool:
        """Delete the region under image point (x, y); False if there is none."""
        editable = self.editable
        if editable is None:
            return False
        return self._push(editable.delete_region(math.floor(x), math.floor(y)))

    def fill_holes(self, x: float | None = None, y: float | None = None) -> bool:
        """Fill every hole in the mask, or (with a point) the holes of the region under it or
        the hole it is in; False if nothing was filled."""
        editable = self.editable
        if editable is None:
            return False
        if x is None or y is None:
            return self._push(editable.fill_holes())
        return self._push(editable.fill_holes(math.floor(x), math.floor(y)))

    def reset_to_base(self) -> bool:
        """Back to the model's (base) mask, as one undoable step."""
        self.end_stroke()
        editable = self.editable
        return editable is not None and self._push(editable.reset())

    def undo(self) -> None:
        self.end_stroke()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.end_stroke()
        self.undo_stack.redo()

    # -- internals --------------------------------------------------------------------------
    def _push(self, edit: Edit | None) -> bool:
        if edit is None or self._editable is None:
            return False
        if edit.kind != PAINT and edit.kind != ERASE:
            self.region_changed.emit(edit.rect)  # strokes were drawn while they were painted
        self.undo_stack.push(EditCommand(self, self._editable, edit, self._command_text(edit)))
        return True

    def _command_text(self, edit: Edit) -> str:
        texts = {
            PAINT: self.tr("Brush stroke"),
            ERASE: self.tr("Eraser stroke"),
            DELETE_REGION: self.tr("Delete region"),
            FILL_HOLES: self.tr("Fill holes"),
            RESET: self.tr("Reset to model mask"),
        }
        return texts.get(edit.kind, edit.kind)

    def _announce(self, edit: Edit | None) -> None:
        """Called by the commands: `edit`'s pixels were just written (None: already drawn)."""
        self._forget_regions()
        if edit is not None:
            self.region_changed.emit(edit.rect)
        self.edits_changed.emit()

    def _sync(self) -> None:
        """Follow the session: a new shown prediction is a new base mask."""
        prediction = self._session.prediction
        if prediction is self._source:
            return
        self._source = prediction
        result = self._session.result
        if prediction is None or result is None:
            self._replace(None)
        else:
            self._replace(EditableMask(prediction.mask, origin=result.package.name))

    def _replace(self, editable: EditableMask | None) -> None:
        self._stroke = None
        self._editable = editable
        self._generation += 1
        self._forget_regions()
        self.undo_stack.clear()
        self.mask_replaced.emit()
        self.edits_changed.emit()

    def _forget_regions(self) -> None:
        self._regions = None
        self._region_count = None

    @Slot()
    def _on_session_result_changed(self) -> None:
        self._sync()
