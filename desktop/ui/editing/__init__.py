"""Mask correction in the window: Qt turns mouse and keys into `desktop.core.editing` calls.

- `mask_editor.MaskEditor` — the shown mask under correction (follows the session), tool and
  brush size, every edit a QUndoCommand on its `undo_stack`; signals `mask_replaced`,
  `region_changed(Rect)`, `edits_changed`. `set_base(mask, origin)` starts from another mask.
- `canvas_tool.CanvasTool` — mouse on the image view: strokes, Shift+click delete, middle-drag
  pan, the true-size brush cursor.
- `overlay_item.OverlayItem` — the view's overlay layer, rewritten in place rectangle by
  rectangle (`layer_pixels.layer_block` computes a rectangle); only that rectangle repaints.
- `edit_actions.EditActions` (keys B, E, H, [, ], R, Ctrl+Z, Ctrl+Shift+Z) and `add_edit_menu`.
- `edit_panel.EditPanel`, `region_list.RegionList`, `model_outline.ModelOutlineLayer`,
  `threshold_guard.ThresholdGuard` — the panel, the region list, the model's outline over the
  corrected mask, and the question before a threshold change discards corrections.

This package's `__init__` imports nothing, so `image_view` can use `overlay_item` without a
cycle.
"""
