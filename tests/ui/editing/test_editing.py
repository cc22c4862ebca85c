"""Mask correction in the main window: QTest mouse strokes at two zooms, eraser, region delete,
undo/redo, keys, threshold guard, partial redraw and export of an edited mask (fake model)."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from desktop.ui.editing.mask_editor import BRUSH, ERASER, PAN
from tests.ui.conftest import segment_and_wait


def _capsule(shape, p0: QPointF, p1: QPointF, radius: float) -> np.ndarray:
    """Pixels whose centre is within `radius` of the segment p0–p1 (by the definition, in
    plain numpy over the whole image: independent of the core's windowed implementation)."""
    ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(np.float64) + 0.5
    ax, ay, bx, by = p0.x(), p0.y(), p1.x(), p1.y()
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = (
        np.zeros_like(xs)
        if length2 == 0
        else np.clip(((xs - ax) * dx + (ys - ay) * dy) / length2, 0, 1)
    )
    return np.hypot(xs - (ax + t * dx), ys - (ay + t * dy)) <= radius


def _ready(qtbot, make_window, images):
    window = make_window()
    window.document.open_image(images[0])  # 160 × 120; the fake model's mask is a centred disk
    segment_and_wait(qtbot, window)
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


def _viewport_pos(window, x: float, y: float) -> QPoint:
    return window.view.mapFromScene(QPointF(x, y))


def _drag(window, points: list[QPoint], modifier=Qt.KeyboardModifier.NoModifier) -> None:
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, points[0])
    for point in points[1:]:
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, points[-1])


def _layer_alpha(window) -> np.ndarray:
    image = window.view.overlay_item.image()
    pixels = window.view.overlay_item.pixels()
    assert pixels.shape == (image.height(), image.width())
    return (pixels >> 24).astype(np.uint8)


@pytest.mark.parametrize("zoom_steps", [0, 3])  # fitted (~4×), then 1.25³ ≈ 2× closer
def test_brush_stroke_paints_exactly_the_expected_pixels(qtbot, make_window, images, zoom_steps):
    window = _ready(qtbot, make_window, images)
    view, editor = window.view, window.editor
    for _ in range(zoom_steps):
        view.zoom_in()
    view.center_on(30, 95)
    renders = window.presenter.renders
    base = editor.shown_mask().copy()
    QTest.keyClick(window, Qt.Key.Key_B)
    assert editor.tool == BRUSH
    window.edit_panel.size_spin.setValue(5)

    targets = [(12.3, 100.0), (50.0, 108.7), (44.0, 90.2)]
    positions = [_viewport_pos(window, x, y) for x, y in targets]
    _drag(window, positions)

    # What the mouse positions are in image coordinates at this zoom (sub-pixel).
    hits = [view.image_point(QPointF(p)) for p in positions]
    expected = base.copy()
    for a, b in zip(hits, hits[1:], strict=False):
        expected |= _capsule(base.shape, a, b, 2.5)
    shown = editor.shown_mask()
    assert np.array_equal(shown, expected)
    assert int((shown & ~base).sum()) > 150  # the stroke really painted something
    assert editor.editable.pixels_added == int((shown & ~base).sum())
    assert editor.undo_stack.count() == 1  # one stroke, one undo step
    # The overlay layer shows it, drawn in place (no whole-layer rebuild).
    assert np.array_equal(_layer_alpha(window) == 255, shown)
    assert window.presenter.renders == renders


def test_eraser_and_cursor_circle_true_size(qtbot, make_window, images):
    window = _ready(qtbot, make_window, images)
    view, editor = window.view, window.editor
    base = editor.shown_mask().copy()
    QTest.keyClick(window, Qt.Key.Key_E)
    assert editor.tool == ERASER
    editor.set_size(9)
    positions = [_viewport_pos(window, 40.0, 60.0), _viewport_pos(window, 120.0, 61.5)]
    _drag(window, positions)
    a, b = (view.image_point(QPointF(p)) for p in positions)
    expected = base & ~_capsule(base.shape, a, b, 4.5)
    assert np.array_equal(editor.shown_mask(), expected)
    assert editor.editable.pixels_removed == int(base.sum() - expected.sum()) > 0
    assert editor.editable.pixels_added == 0

    # The cursor circle is the brush's true size under the current zoom.
    QTest.mouseMove(view.viewport(), _viewport_pos(window, 80, 60))
    circle = window.canvas_tool.cursor.items[0]
    assert circle.isVisible()
    on_screen = view.mapFromScene(circle.mapRectToScene(circle.rect())).boundingRect()
    scale = view.transform().m11()
    assert on_screen.width() == pytest.approx(9 * scale, abs=2)
    QTest.keyClick(window, Qt.Key.Key_H)
    assert editor.tool == PAN and not circle.isVisible()


def test_undo_redo_round_trip_is_bit_exact(qtbot, make_window, images):
    window = _ready(qtbot, make_window, images)
    editor = window.editor
    base = editor.shown_mask().copy()
    QTest.keyClick(window, Qt.Key.Key_B)
    _drag(window, [_viewport_pos(window, 5, 5), _viewport_pos(window, 150, 110)])
    QTest.keyClick(window, Qt.Key.Key_E)
    QTest.keyClick(window, Qt.Key.Key_BracketRight)  # bigger eraser
    _drag(window, [_viewport_pos(window, 80, 10), _viewport_pos(window, 80, 115)])
    window.edit_actions.fill_holes.trigger()
    edited = editor.shown_mask().copy()
    steps = editor.undo_stack.count()
    assert steps >= 2 and not np.array_equal(edited, base)

    for _ in range(steps):
        QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(editor.shown_mask(), base)
    assert not editor.has_edits
    assert np.array_equal(_layer_alpha(window) == 255, base)
    for _ in range(steps):
        QTest.keyClick(
            window, Qt.Key.Key_Z,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )  # fmt: skip
    assert np.array_equal(editor.shown_mask(), edited)
    assert np.array_equal(_layer_alpha(window) == 255, edited)

    QTest.keyClick(window, Qt.Key.Key_R)  # reset to the model's mask: one more undoable step
    assert np.array_equal(editor.shown_mask(), base)
    assert "Not edited" in window.result_panel.mask_state.text()
    editor.undo()
    assert np.array_equal(editor.shown_mask(), edited)
    assert "Edited by hand" in window.result_panel.mask_state.text()


def test_shift_click_deletes_region_and_region_list_follows(qtbot, make_window, images):
    window = _ready(qtbot, make_window, images)
    editor, regions = window.editor, window.edit_panel.regions
    regions.refresh()
    assert regions.count() == 1 and "px" in regions.item(0).text()
    # Add a second region far from the disk, then delete the disk with Shift+click.
    QTest.keyClick(window, Qt.Key.Key_B)
    editor.set_size(6)
    _drag(window, [_viewport_pos(window, 6, 6), _viewport_pos(window, 14, 6)])
    regions.refresh()
    assert regions.count() == 2
    assert window.result_panel.regions.text() == "2"
    stroke_pixels = editor.shown_mask()[:20, :20].copy()
    QTest.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
        _viewport_pos(window, 80, 60),
    )  # fmt: skip
    shown = editor.shown_mask()
    assert not shown[20:, 20:].any() and np.array_equal(shown[:20, :20], stroke_pixels)
    assert editor.undo_stack.undoText() == "Delete region"
    regions.refresh()
    assert regions.count() == 1
    # Clicking a region centres the view on it (as far as the image's edge allows).
    view = window.view
    for _ in range(3):
        view.zoom_in()
    view.center_on(150, 110)

    def visible():
        return view.mapToScene(view.viewport().rect()).boundingRect()

    assert not visible().contains(QPointF(10.5, 6.5))
    regions.itemClicked.emit(regions.item(0))
    assert visible().contains(QPointF(10.5, 6.5))


def test_threshold_change_asks_before_discarding_edits(
    qtbot, make_window, images, discard_question
):
    window = _ready(qtbot, make_window, images)
    answers, asked = discard_question.answers, discard_question.texts
    editor = window.editor
    editor.set_tool(BRUSH)
    editor.begin_stroke(5.0, 5.0)
    editor.end_stroke()
    edited = editor.shown_mask().copy()
    controls = window.threshold_controls
    controls.override_box.setChecked(True)  # at the model's own 0.500: the same cut, no question
    assert asked == [] and window.session.threshold_override == 0.5
    answers.append(False)
    controls.spin.setValue(0.7)
    assert asked and "added" in asked[0]
    assert window.session.threshold_override == 0.5
    assert controls.spin.value() == 0.5  # snapped back
    assert np.array_equal(editor.shown_mask(), edited)
    answers.append(True)
    controls.spin.setValue(0.7)
    assert window.session.threshold_override == 0.7
    assert not editor.has_edits and editor.undo_stack.count() == 0


def test_export_of_edited_mask(qtbot, make_window, images, tmp_path):
    window = _ready(qtbot, make_window, images)
    editor = window.editor
    model_mask = window.session.prediction.mask.copy()
    editor.set_tool(BRUSH)
    editor.set_size(10)
    _drag(window, [_viewport_pos(window, 10, 10), _viewport_pos(window, 30, 15)])
    editor.set_tool(ERASER)
    _drag(window, [_viewport_pos(window, 80, 40), _viewport_pos(window, 80, 80)])
    shown = editor.shown_mask().copy()
    out = tmp_path / "export"
    with qtbot.waitSignal(window.exports.exported, timeout=20_000) as blocker:
        window.exports.export_to(out, {"mask", "overlay"})
    names = sorted(path.name for path in blocker.args[0])
    assert names == ["a_mask.png", "a_mask_model.png", "a_overlay.png", "a_provenance.json"]
    assert np.array_equal(cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED) == 255, shown)
    model_file = cv2.imread(str(out / "a_mask_model.png"), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(model_file == 255, model_mask)
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["edited"] is True
    assert record["pixels_added"] == int((shown & ~model_mask).sum()) > 0
    assert record["pixels_removed"] == int((model_mask & ~shown).sum()) > 0
    assert record["foreground_pixels"] == int(shown.sum())
    assert record["base_mask"] == "fake-unet"
    assert "Edited by hand" in window.result_panel.mask_state.text()
    assert "fake-unet" in window.result_panel.mask_state.text()
    assert window.edit_panel.status.text() == window.result_panel.mask_state.text()[3:-4]


def test_middle_drag_pans_with_a_tool_active(qtbot, make_window, images):
    window = _ready(qtbot, make_window, images)
    view = window.view
    for _ in range(4):
        view.zoom_in()
    window.editor.set_tool(BRUSH)
    base = window.editor.shown_mask().copy()
    before = view.horizontalScrollBar().value()
    viewport = view.viewport()
    start = viewport.rect().center()
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(-40, 0))
    QTest.mouseRelease(
        viewport,
        Qt.MouseButton.MiddleButton,
        Qt.KeyboardModifier.NoModifier,
        start + QPoint(-40, 0),
    )
    assert view.horizontalScrollBar().value() == before + 40
    assert np.array_equal(window.editor.shown_mask(), base)  # panning paints nothing


def test_outline_mode_is_redrawn_in_place_like_a_full_render(qtbot, make_window, images):
    from desktop.ui.viewer.overlay_render import HEATMAP, OUTLINE, layer_region

    window = _ready(qtbot, make_window, images)
    window.commands.modes[OUTLINE].trigger()
    renders = window.presenter.renders
    editor = window.editor
    QTest.keyClick(window, Qt.Key.Key_E)
    QTest.keyClick(window, Qt.Key.Key_BracketLeft)
    assert editor.size == 20  # 24 → 20 with [
    _drag(window, [_viewport_pos(window, 80, 20), _viewport_pos(window, 85, 100)])
    expected = layer_region(editor.shown_mask(), window.session.overlay_style)
    assert np.array_equal(_layer_alpha(window) == 255, expected)
    assert window.presenter.renders == renders
    # The heat-map shows probabilities: painting leaves it alone, and it does not fail.
    window.commands.modes[HEATMAP].trigger()
    heat = window.view.overlay_item.pixels().copy()
    QTest.keyClick(window, Qt.Key.Key_B)
    _drag(window, [_viewport_pos(window, 10, 10), _viewport_pos(window, 40, 10)])
    assert np.array_equal(window.view.overlay_item.pixels(), heat)
    assert editor.undo_stack.count() == 2


def test_starting_from_a_saved_mask_without_segmenting(qtbot, make_window, images):
    """Review mode can start from a mask already on disk: `set_base` shows and edits it."""
    window = make_window()
    window.document.open_image(images[0])
    saved = np.zeros((120, 160), bool)
    saved[30:60, 40:90] = True
    editor = window.editor
    editor.set_base(saved, origin="a_mask.png (batch)")
    assert window.session.prediction is None
    assert np.array_equal(_layer_alpha(window) == 255, saved)
    editor.set_tool(ERASER)
    editor.set_size(4)
    editor.begin_stroke(60.0, 20.0)
    editor.continue_stroke(60.0, 100.0)
    editor.end_stroke()
    assert editor.editable.pixels_removed > 0 and editor.editable.origin.startswith("a_mask")
    assert np.array_equal(_layer_alpha(window) == 255, editor.shown_mask())
    editor.undo()
    assert np.array_equal(editor.shown_mask(), saved)


def test_ctrl_click_fills_the_holes_of_one_region(qtbot, make_window, images):
    window = make_window()
    window.document.open_image(images[0])
    rings = np.zeros((120, 160), bool)
    rings[10:50, 10:50] = True
    rings[20:40, 20:40] = False  # hole of the first ring
    rings[60:100, 100:140] = True
    rings[70:90, 110:130] = False  # hole of the second
    editor = window.editor
    editor.set_base(rings, origin="rings")
    QTest.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
        _viewport_pos(window, 12.5, 12.5),
    )  # fmt: skip
    shown = editor.shown_mask()
    assert shown[20:40, 20:40].all() and not shown[70:90, 110:130].any()
    assert editor.undo_stack.undoText() == "Fill holes"
    window.edit_actions.fill_holes.trigger()  # the action: every remaining hole
    assert editor.shown_mask()[70:90, 110:130].all()
    assert editor.editable.pixels_added == 400 + 400
