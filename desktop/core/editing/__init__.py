"""Mask correction, Qt-free: brush/eraser strokes, region deletion, hole filling, undo records.

The model's mask is never changed: `EditableMask` keeps it as the read-only `base` beside the
current `mask`, and counts how far the two differ.

    from desktop.core.editing import EditableMask

    edits = EditableMask(prediction.mask, origin="unet-r34")   # copies; base is read-only
    stroke = edits.begin_stroke(size=12)                       # erase=True for the eraser
    rect = stroke.add_point((x, y))     # image coords (floats); returns the Rect it changed
    rect = stroke.add_point((x2, y2))   # paints the whole segment from the previous point
    edit = stroke.finish()              # one Edit for the stroke, or None if nothing changed
    edit = edits.delete_region(x, y)    # the 8-connected region under pixel (x, y)
    edit = edits.fill_holes(x, y)       # holes of that region (or the hole at (x, y));
    edit = edits.fill_holes()           #   without a point: every hole in the mask
    edit = edits.reset()                # back to base, as one undoable Edit
    edits.revert(edit); edits.apply(edit)   # undo / redo, bit for bit; both return the Rect
    edits.is_edited, edits.pixels_added, edits.pixels_removed, edits.foreground_pixels
    record = edits.snapshot()           # frozen EditedMask(mask, base, counts, origin)
    list_regions(edits.mask)            # [Region(area, fraction, bounds, anchor)], largest first
    count_regions(edits.mask)           # just how many (faster)

Geometry: pixel (row r, column c) covers [c, c+1) × [r, r+1); a round brush of `size` pixels
(diameter) paints every pixel whose centre lies within size/2 of the segment between successive
points, so a stroke has no gaps at any mouse speed or zoom. Foreground is 8-connected, holes
(background) 4-connected.

Memory: an `Edit` keeps only the rectangle it touched, before and after, bit-packed (2 bits per
pixel of it), so a long undo history on a 4000×3000 image stays small (a reset of the whole
mask: 3 MB). A stroke in
progress keeps only what its segments overwrote. Methods that change something return an
`Edit` (already applied); those that change nothing return None. All arrays are bool (H, W).
"""

from desktop.core.editing.brush import capsule_footprint, paint_segment, radius_for_size
from desktop.core.editing.editable_mask import (
    DELETE_REGION,
    ERASE,
    FILL_HOLES,
    PAINT,
    RESET,
    Edit,
    EditableMask,
    EditedMask,
    Stroke,
)
from desktop.core.editing.geometry import Rect
from desktop.core.editing.regions import (
    Region,
    count_regions,
    enclosed_background,
    list_regions,
    region_at,
)

__all__ = [
    "DELETE_REGION",
    "ERASE",
    "FILL_HOLES",
    "PAINT",
    "RESET",
    "Edit",
    "EditableMask",
    "EditedMask",
    "Rect",
    "Region",
    "Stroke",
    "capsule_footprint",
    "count_regions",
    "enclosed_background",
    "list_regions",
    "paint_segment",
    "radius_for_size",
    "region_at",
]
