"""The mask being corrected: the model's base mask (read-only) beside the current mask.

Every change goes through an `Edit`: the rectangle it touched with the pixels before and after.
Applying or reverting an edit writes exactly those pixels back, so undo/redo restore the mask
bit for bit, and an undo history costs only the touched rectangles, kept as packed bits (2 bits
per pixel of each: before and after), never a whole copy of a 4000×3000 mask per step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.core.editing.brush import Point, capsule_footprint, radius_for_size
from desktop.core.editing.geometry import Rect
from desktop.core.editing.regions import bounds_of, enclosed_background, region_at

PAINT = "paint"
ERASE = "erase"
DELETE_REGION = "delete region"
FILL_HOLES = "fill holes"
RESET = "reset"


@dataclass(frozen=True, eq=False)
class Edit:
    """One undoable change: `mask[rect] == before` turns into `mask[rect] == after`.

    Build it with `Edit.of(kind, rect, before, after)`; the blocks are kept bit-packed and
    `before` / `after` unpack them (read-only bool (rect.height, rect.width) arrays)."""

    kind: str  # PAINT, ERASE, DELETE_REGION, FILL_HOLES or RESET
    rect: Rect
    packed_before: np.ndarray  # uint8, np.packbits of the block
    packed_after: np.ndarray

    @classmethod
    def of(cls, kind: str, rect: Rect, before: np.ndarray, after: np.ndarray) -> Edit:
        shape = (rect.height, rect.width)
        if before.shape != shape or after.shape != shape:
            raise ValueError(f"blocks {before.shape}/{after.shape} do not fit rect {rect}")
        return cls(kind, rect, _frozen(np.packbits(before)), _frozen(np.packbits(after)))

    @property
    def before(self) -> np.ndarray:
        return self._unpack(self.packed_before)

    @property
    def after(self) -> np.ndarray:
        return self._unpack(self.packed_after)

    def _unpack(self, bits: np.ndarray) -> np.ndarray:
        block = np.unpackbits(bits, count=self.rect.area).view(bool)
        return _frozen(block.reshape(self.rect.height, self.rect.width))

    @property
    def nbytes(self) -> int:
        return int(self.packed_before.nbytes + self.packed_after.nbytes)

    @property
    def changed_pixels(self) -> int:
        return int(np.count_nonzero(self.before != self.after))


@dataclass(frozen=True, eq=False)
class EditedMask:
    """A frozen snapshot for export and review records: the mask as shown and its base."""

    mask: np.ndarray  # bool (H, W), read-only
    base: np.ndarray  # bool (H, W), read-only: the mask the edits started from
    pixels_added: int  # foreground in `mask`, background in `base`
    pixels_removed: int  # background in `mask`, foreground in `base`
    origin: str  # what made the base mask (e.g. the model's name)

    @property
    def is_edited(self) -> bool:
        return self.pixels_added > 0 or self.pixels_removed > 0


class EditableMask:
    """A bool (H, W) mask under correction, with its untouched base kept beside it.

    `mask` and `base` are read-only views; only the methods below change `mask`. Each method
    that changes something returns the `Edit` it made (None when nothing changed), which the
    caller keeps for undo (`revert`) and redo (`apply`).
    """

    def __init__(self, base: np.ndarray, origin: str = "", current: np.ndarray | None = None):
        base = np.asarray(base)
        if base.ndim != 2:
            raise ValueError(f"a mask is a 2-D array, not shape {tuple(base.shape)}")
        self._base = np.array(base, dtype=bool, copy=True)
        self._base.flags.writeable = False
        start = self._base if current is None else np.asarray(current)
        if start.shape != self._base.shape:
            raise ValueError(f"mask shape {start.shape} differs from base {self._base.shape}")
        self._mask = np.array(start, dtype=bool, copy=True)
        self.origin = origin
        self._added = int(np.count_nonzero(self._mask & ~self._base))
        self._removed = int(np.count_nonzero(~self._mask & self._base))
        self._foreground = int(np.count_nonzero(self._mask))

    # -- state ------------------------------------------------------------------------------
    @property
    def mask(self) -> np.ndarray:
        view = self._mask.view()
        view.flags.writeable = False
        return view

    @property
    def base(self) -> np.ndarray:
        return self._base

    @property
    def shape(self) -> tuple[int, int]:
        return self._mask.shape  # type: ignore[return-value]

    @property
    def pixels_added(self) -> int:
        return self._added

    @property
    def pixels_removed(self) -> int:
        return self._removed

    @property
    def foreground_pixels(self) -> int:
        return self._foreground

    @property
    def is_edited(self) -> bool:
        return self._added > 0 or self._removed > 0

    def snapshot(self) -> EditedMask:
        mask = self._mask.copy()
        mask.flags.writeable = False
        return EditedMask(mask, self._base, self._added, self._removed, self.origin)

    # -- edits ------------------------------------------------------------------------------
    def begin_stroke(self, size: float, erase: bool = False) -> Stroke:
        """Start a brush (or eraser) stroke `size` pixels across; feed it points."""
        return Stroke(self, radius_for_size(size), not erase)

    def paint_stroke(self, points: list[Point], size: float, erase: bool = False) -> Edit | None:
        """A whole stroke at once (the points joined by straight segments)."""
        stroke = self.begin_stroke(size, erase)
        for point in points:
            stroke.add_point(point)
        return stroke.finish()

    def delete_region(self, x: int, y: int) -> Edit | None:
        """Remove the 8-connected region under pixel (x, y), if (x, y) is foreground."""
        found = region_at(self._mask, x, y)
        if found is None:
            return None
        rect, block = found
        before = self._mask[rect.slices].copy()
        after = before & ~block
        return self._commit(DELETE_REGION, rect, before, after)

    def fill_holes(self, x: int | None = None, y: int | None = None) -> Edit | None:
        """Fill holes (background enclosed by foreground, 4-connected).

        Without a point: every hole in the mask. On a foreground pixel: the holes inside that
        region. On a background pixel: the hole containing it, if it is one.
        """
        if x is None or y is None:
            holes = enclosed_background(self._mask)
            rect = bounds_of(holes)
            if rect is None:
                return None
            before = self._mask[rect.slices].copy()
            return self._commit(FILL_HOLES, rect, before, before | holes[rect.slices])
        height, width = self.shape
        if not (0 <= x < width and 0 <= y < height):
            return None
        if self._mask[y, x]:
            found = region_at(self._mask, x, y)
            assert found is not None
            rect, block = found
            holes = enclosed_background(block)  # holes of this region alone, within its bounds
            before = self._mask[rect.slices].copy()
            after = before | holes
            if np.array_equal(before, after):
                return None
            return self._commit(FILL_HOLES, rect, before, after)
        holes = enclosed_background(self._mask)
        if not holes[y, x]:
            return None
        found = region_at(holes, x, y, connectivity=4)
        assert found is not None
        rect, block = found
        before = self._mask[rect.slices].copy()
        return self._commit(FILL_HOLES, rect, before, before | block)

    def reset(self) -> Edit | None:
        """Back to the base mask (as one undoable edit)."""
        rect = bounds_of(self._mask != self._base)
        if rect is None:
            return None
        before = self._mask[rect.slices].copy()
        return self._commit(RESET, rect, before, self._base[rect.slices].copy())

    # -- undo / redo ------------------------------------------------------------------------
    def apply(self, edit: Edit) -> Rect:
        """Redo: write the edit's `after` pixels. Returns the rectangle written."""
        self._write(edit.rect, edit.after)
        return edit.rect

    def revert(self, edit: Edit) -> Rect:
        """Undo: write the edit's `before` pixels. Returns the rectangle written."""
        self._write(edit.rect, edit.before)
        return edit.rect

    # -- internals --------------------------------------------------------------------------
    def _commit(self, kind: str, rect: Rect, before: np.ndarray, after: np.ndarray) -> Edit | None:
        if np.array_equal(before, after):
            return None
        edit = Edit.of(kind, rect, before, after)
        self._write(rect, after)
        return edit

    def _write(self, rect: Rect, block: np.ndarray) -> None:
        """Replace the pixels of `rect`, keeping the counts in step (work ∝ rect area)."""
        region = rect.slices
        self._account(region, -1)
        self._mask[region] = block
        self._account(region, +1)

    def _account(self, region: tuple[slice, slice], sign: int) -> None:
        current, base = self._mask[region], self._base[region]
        self._added += sign * int(np.count_nonzero(current & ~base))
        self._removed += sign * int(np.count_nonzero(base & ~current))
        self._foreground += sign * int(np.count_nonzero(current))


class Stroke:
    """A brush stroke in progress. Each `add_point` paints the segment from the previous point
    (or a dot, for the first) and returns the rectangle it changed, for a partial redraw;
    `finish` turns the whole stroke into one `Edit` covering the union of those rectangles."""

    def __init__(self, target: EditableMask, radius: float, value: bool) -> None:
        self._target = target
        self.radius = radius
        self.value = value
        self._last: Point | None = None
        self._touched: Rect | None = None
        # What each segment overwrote, in order: replayed backwards, they give the pixels as
        # they were before the stroke (no copy of the whole mask at the press).
        self._undo: list[tuple[Rect, np.ndarray]] = []
        self._finished = False

    @property
    def touched(self) -> Rect | None:
        return self._touched

    def add_point(self, point: Point) -> Rect | None:
        if self._finished:
            raise RuntimeError("this stroke is finished")
        start = self._last if self._last is not None else point
        self._last = point
        footprint = capsule_footprint(start, point, self.radius, self._target.shape)
        if footprint is None:
            return None
        rect, block = footprint
        current = self._target._mask[rect.slices]
        if bool(np.all(current[block] == self.value)):
            return None  # nothing to change (painting over paint)
        before = current.copy()
        updated = current.copy()
        updated[block] = self.value
        self._undo.append((rect, before))
        self._target._write(rect, updated)
        self._touched = rect.union(self._touched) if self._touched is not None else rect
        return rect

    def finish(self) -> Edit | None:
        """End the stroke; its Edit (already applied), or None if it changed nothing."""
        if self._finished:
            raise RuntimeError("this stroke is finished")
        self._finished = True
        undo, self._undo = self._undo, []
        rect = self._touched
        if rect is None:
            return None
        after = self._target._mask[rect.slices].copy()
        old = after.copy()
        for part, block in reversed(undo):
            rows = slice(part.y - rect.y, part.bottom - rect.y)
            cols = slice(part.x - rect.x, part.right - rect.x)
            old[rows, cols] = block
        if np.array_equal(old, after):
            return None
        return Edit.of(PAINT if self.value else ERASE, rect, old, after)


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
