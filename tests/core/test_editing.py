"""Mask correction core (desktop.core.editing): strokes, regions, holes, undo records — no Qt."""

from __future__ import annotations

import math

import numpy as np
import pytest

from desktop.core.editing import (
    DELETE_REGION,
    ERASE,
    FILL_HOLES,
    PAINT,
    RESET,
    EditableMask,
    Rect,
    capsule_footprint,
    count_regions,
    enclosed_background,
    list_regions,
)


def _brute_capsule(shape, p0, p1, radius):
    """Pixel centres within `radius` of the segment p0–p1, one pixel at a time (plain Python)."""
    out = np.zeros(shape, bool)
    (ax, ay), (bx, by) = p0, p1
    for row in range(shape[0]):
        for col in range(shape[1]):
            px, py = col + 0.5, row + 0.5
            dx, dy = bx - ax, by - ay
            length2 = dx * dx + dy * dy
            t = (
                0.0
                if length2 == 0
                else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
            )
            out[row, col] = math.hypot(px - (ax + t * dx), py - (ay + t * dy)) <= radius
    return out


def _paint_full(shape, footprint):
    out = np.zeros(shape, bool)
    if footprint is not None:
        rect, block = footprint
        out[rect.slices] = block
    return out


@pytest.mark.parametrize(
    "p0, p1, radius",
    [
        ((10.5, 10.5), (10.5, 10.5), 0.5),  # a 1-pixel dot: exactly the pixel under the point
        ((10.2, 7.9), (10.2, 7.9), 3.0),
        ((3.3, 4.1), (41.7, 25.2), 2.5),
        ((-5.0, 12.0), (20.0, 40.0), 4.0),  # starts outside the image, leaves it at the bottom
        ((30.0, 2.0), (30.0, 2.0), 6.0),  # clipped at the top edge
    ],
)
def test_capsule_matches_pixel_by_pixel_definition(p0, p1, radius):
    shape = (32, 48)
    expected = _brute_capsule(shape, p0, p1, radius)
    assert np.array_equal(_paint_full(shape, capsule_footprint(p0, p1, radius, shape)), expected)


def test_single_pixel_brush_paints_the_pixel_under_the_point():
    edits = EditableMask(np.zeros((20, 30), bool))
    edit = edits.paint_stroke([(7.4, 3.9)], size=1)
    assert edit is not None and edit.kind == PAINT
    assert np.argwhere(edits.mask).tolist() == [[3, 7]]


def test_fast_stroke_is_continuous():
    """Two points far apart (a fast mouse move) still give one unbroken band."""
    edits = EditableMask(np.zeros((60, 80), bool))
    edits.paint_stroke([(2.0, 3.0), (77.0, 55.0), (5.0, 50.0)], size=2)
    assert len(list_regions(edits.mask)) == 1
    for t in np.linspace(0, 1, 200):  # every point on the polyline lies on a painted pixel
        x, y = 2.0 + t * 75.0, 3.0 + t * 52.0
        assert edits.mask[int(y), int(x)]


def test_stroke_reports_touched_rects_and_one_edit():
    base = np.zeros((50, 50), bool)
    edits = EditableMask(base)
    stroke = edits.begin_stroke(size=5)
    first = stroke.add_point((10.0, 10.0))
    second = stroke.add_point((30.0, 12.0))
    assert first is not None and second is not None
    again = stroke.add_point((30.0, 12.0))  # painting over paint changes nothing
    assert again is None
    edit = stroke.finish()
    assert edit.rect == first.union(second)
    changed = np.argwhere(edits.mask)
    inside = (
        (changed[:, 1] >= edit.rect.x) & (changed[:, 1] < edit.rect.right)
        & (changed[:, 0] >= edit.rect.y) & (changed[:, 0] < edit.rect.bottom)
    )  # fmt: skip
    assert inside.all()
    assert not edit.before.any() and np.array_equal(edit.after, edits.mask[edit.rect.slices])
    with pytest.raises(RuntimeError):
        stroke.add_point((1.0, 1.0))


def test_stroke_that_changes_nothing_is_no_edit():
    edits = EditableMask(np.zeros((20, 20), bool))
    assert edits.paint_stroke([(5.0, 5.0), (15.0, 5.0)], size=3, erase=True) is None
    assert edits.paint_stroke([(-40.0, -40.0)], size=3) is None  # outside the image
    assert not edits.is_edited


def test_eraser_removes_and_counts():
    base = np.zeros((40, 40), bool)
    base[5:35, 5:35] = True
    edits = EditableMask(base, origin="model-x")
    edit = edits.paint_stroke([(20.0, 0.0), (20.0, 40.0)], size=4, erase=True)
    assert edit.kind == ERASE
    expected = base & ~_brute_capsule(base.shape, (20.0, 0.0), (20.0, 40.0), 2.0)
    assert np.array_equal(edits.mask, expected)
    assert edits.pixels_removed == int(base.sum() - expected.sum()) > 0
    assert edits.pixels_added == 0 and edits.is_edited
    assert edits.foreground_pixels == int(expected.sum())


def test_base_is_kept_read_only_and_mask_cannot_be_written_from_outside():
    base = np.zeros((10, 10), bool)
    edits = EditableMask(base)
    base[0, 0] = True  # the caller's array is copied
    assert not edits.base[0, 0]
    with pytest.raises(ValueError):
        edits.base[1, 1] = True
    with pytest.raises(ValueError):
        edits.mask[1, 1] = True
    edits.paint_stroke([(5.0, 5.0)], size=3)
    assert not edits.base.any()


def test_delete_region_uses_8_connectivity():
    mask = np.zeros((20, 20), bool)
    mask[2:5, 2:5] = True
    mask[5, 5] = True  # touches the square only diagonally: same region
    mask[10:15, 10:15] = True  # another region
    edits = EditableMask(np.zeros_like(mask), current=mask)
    edit = edits.delete_region(5, 5)
    assert edit.kind == DELETE_REGION
    expected = np.zeros_like(mask)
    expected[10:15, 10:15] = True
    assert np.array_equal(edits.mask, expected)
    assert edit.rect == Rect(2, 2, 4, 4)
    assert edits.delete_region(0, 0) is None  # background
    assert edits.delete_region(99, 3) is None  # outside


def _ring(mask, y0, x0, size):
    mask[y0 : y0 + size, x0 : x0 + size] = True
    mask[y0 + 2 : y0 + size - 2, x0 + 2 : x0 + size - 2] = False


def test_fill_holes_of_one_region_and_of_all():
    mask = np.zeros((30, 40), bool)
    _ring(mask, 2, 2, 10)  # hole 6×6 at rows/cols 4..9
    _ring(mask, 15, 20, 12)  # hole 8×8 at rows 17..24, cols 22..29
    edits = EditableMask(mask)
    edit = edits.fill_holes(2, 2)  # on the first ring
    assert edit.kind == FILL_HOLES
    assert edits.mask[4:10, 4:10].all() and not edits.mask[17:25, 22:30].any()
    assert edits.pixels_added == 36
    assert edits.fill_holes(2, 2) is None  # nothing left to fill in that region
    assert edits.fill_holes(0, 0) is None  # outside background is not a hole
    edits.revert(edit)
    edit_all = edits.fill_holes()
    assert edits.mask[4:10, 4:10].all() and edits.mask[17:25, 22:30].all()
    assert edits.pixels_added == 36 + 64
    edits.revert(edit_all)
    edit_one = edits.fill_holes(25, 20)  # a background pixel inside the second ring's hole
    assert edits.mask[17:25, 22:30].all() and not edits.mask[4:10, 4:10].any()
    assert edit_one.changed_pixels == 64


def test_hole_is_4_connected_background():
    """A gap only at a diagonal does not let the background out: still a hole."""
    mask = np.zeros((9, 9), bool)
    mask[1:8, 1:8] = True
    mask[2:7, 2:7] = False  # a ring one pixel thick around a 5×5 hole
    mask[1, 1] = False  # cut the corner: the hole touches the outside only diagonally
    holes = enclosed_background(mask)
    assert holes[2:7, 2:7].all() and holes.sum() == 25
    assert len(list_regions(mask)) == 1  # and the ring is still one (8-connected) region
    mask[1, 2] = False  # a real (4-connected) opening: no hole any more
    assert not enclosed_background(mask).any()


def test_reset_is_an_edit_back_to_base():
    base = np.zeros((30, 30), bool)
    base[10:20, 10:20] = True
    edits = EditableMask(base)
    edits.paint_stroke([(2.0, 2.0), (25.0, 2.0)], size=2)
    edits.delete_region(15, 15)
    before_reset = edits.mask.copy()
    edit = edits.reset()
    assert edit.kind == RESET
    assert np.array_equal(edits.mask, base) and not edits.is_edited
    assert edits.reset() is None
    edits.revert(edit)
    assert np.array_equal(edits.mask, before_reset)


def test_undo_redo_round_trip_is_bit_exact_and_counts_stay_true():
    rng = np.random.default_rng(7)
    base = rng.random((120, 160)) > 0.7
    edits = EditableMask(base, origin="m")
    history, states = [], [edits.mask.copy()]
    for step in range(40):
        kind = step % 5
        if kind in (0, 1):
            points = [tuple(rng.uniform(-10, 170, 2)) for _ in range(rng.integers(1, 6))]
            edit = edits.paint_stroke(points, size=float(rng.integers(1, 15)), erase=kind == 1)
        elif kind == 2:
            ys, xs = np.nonzero(edits.mask)
            i = rng.integers(len(ys))
            edit = edits.delete_region(int(xs[i]), int(ys[i]))
        elif kind == 3:
            edit = edits.fill_holes()
        else:
            edit = edits.reset() if step == 24 else None
        if edit is not None:
            history.append(edit)
            states.append(edits.mask.copy())
        current = edits.mask
        assert edits.pixels_added == int((current & ~base).sum())
        assert edits.pixels_removed == int((base & ~current).sum())
        assert edits.foreground_pixels == int(current.sum())
    assert len(history) > 20
    for edit, state in zip(reversed(history), reversed(states[:-1]), strict=True):
        edits.revert(edit)
        assert np.array_equal(edits.mask, state)
    assert np.array_equal(edits.mask, base) and not edits.is_edited
    for edit, state in zip(history, states[1:], strict=True):
        edits.apply(edit)
        assert np.array_equal(edits.mask, state)
    assert edits.pixels_added == int((edits.mask & ~base).sum())


def test_undo_records_stay_small_on_a_large_mask():
    edits = EditableMask(np.zeros((3000, 4000), bool))
    stroke = edits.begin_stroke(size=20)
    for x in range(1000, 1200, 7):
        stroke.add_point((float(x), 1500.0 + (x % 30)))
    edit = stroke.finish()
    assert edit.rect.area < 260 * 60
    assert edit.nbytes == 2 * math.ceil(edit.rect.area / 8) < 5_000  # vs 12 MB for a copy
    assert edits.pixels_added == int(edits.mask.sum())


def test_list_regions_area_fraction_and_anchor():
    mask = np.zeros((50, 100), bool)
    _ring(mask, 5, 5, 20)  # area 400 - 256 = 144; its bounding-box centre is not in it
    mask[40:45, 80:84] = True  # area 20
    regions = list_regions(mask)
    assert [r.area for r in regions] == [144, 20]
    assert regions[0].fraction == pytest.approx(144 / 5000)
    assert regions[0].bounds == Rect(5, 5, 20, 20)
    for region in regions:
        x, y = region.anchor
        assert mask[y, x]
    assert list_regions(np.zeros((5, 5), bool)) == []


def test_snapshot_is_frozen_and_carries_counts():
    base = np.zeros((20, 20), bool)
    edits = EditableMask(base, origin="unet-demo")
    edits.paint_stroke([(5.0, 5.0)], size=4)
    snap = edits.snapshot()
    assert snap.is_edited and snap.origin == "unet-demo"
    assert snap.pixels_added == int(snap.mask.sum()) and snap.pixels_removed == 0
    edits.reset()
    assert snap.mask.any(), "a snapshot does not follow later edits"
    with pytest.raises(ValueError):
        snap.mask[0, 0] = True


def test_list_regions_with_more_regions_than_16_bit_labels_hold():
    mask = np.zeros((600, 600), bool)
    mask[::2, ::2] = True  # 90,000 isolated pixels (8-connected only through gaps: separate)
    mask[::2, ::2][0, :] = False
    mask[0, 0:40] = True  # and one 40-pixel bar
    regions = list_regions(mask)
    assert len(regions) == count_regions(mask) == 299 * 300 + 1
    assert regions[0].area == 40 and all(r.area == 1 for r in regions[1:])
    assert all(mask[r.anchor[1], r.anchor[0]] for r in regions[:100])
