"""Review mode in the window (DESIGN §8), on fake models: accept, resume, batch → review, model
changes, pre-segmenting, and the result cache behind Previous/Next."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
from PySide6.QtCore import Qt

from desktop import cli
from desktop.core.batch import BatchOptions, BatchRun
from desktop.core.review import ACCEPTED, EDITED, SEGMENTED, TO_DO, ReviewOptions, ReviewSession
from tests.ui.conftest import FakeSegmenter, fake_package, segment_and_wait, write_image


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "reviewed"


def _start(qtbot, window, images, out, **options):
    assert window.review.start(ReviewOptions(images[0].parent, out, **options))
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)


def _press_enter(qtbot, window) -> None:
    window.activateWindow()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)


def _rows(out: Path) -> list[dict[str, str]]:
    with open(out / "review.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_enter_accepts_writes_files_and_a_row_and_moves_on(qtbot, make_window, images, out):
    window = make_window()
    _start(qtbot, window, images, out)
    assert window.review_dock.isVisible()
    assert window.review_panel.position.text() == "1 / 3"
    assert window.session.image_path == images[0]
    shown = np.array(window.session.prediction.mask)

    _press_enter(qtbot, window)

    written = cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED)
    assert written.shape == (120, 160) and np.array_equal(written == 255, shown)
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["model"]["name"] == "fake-unet" and record["edited"] is False
    assert record["starting_mask"]["source"] == "model" and record["review"]["file"] == "a.png"
    (row,) = _rows(out)
    assert row["file"] == "a.png" and row["state"] == "accepted" and row["edited"] == "false"
    assert row["foreground_pixels"] == str(int(shown.sum()))
    assert window.review.index == 1 and window.session.image_path == images[1]
    assert window.review_panel.position.text() == "2 / 3"
    assert window.review_panel.state_of(0) == ACCEPTED
    assert window.review_panel.progress.value() == 1


def test_accepting_over_a_mask_open_in_another_program_says_where_it_went(
    qtbot, make_window, images, out, messages, monkeypatch
):
    """Windows refuses to replace a file another program holds open (desktop/core/atomic.py)."""
    import os

    from desktop.core import atomic

    window = make_window()
    _start(qtbot, window, images, out)
    held, real_replace = out / "a_mask.png", os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == held:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic, "_sleep", lambda seconds: None)
    monkeypatch.setattr(os, "replace", replace)
    assert window.review.accept() is False
    title, text = messages[-1]
    assert title == "Cannot write the accepted mask"
    assert f"'{held}'" in text and "in use by another program" in text
    assert f"'{out / 'a_mask.new.png'}'" in text and (out / "a_mask.new.png").is_file()
    assert window.review.index == 0 and window.review_panel.state_of(0) != ACCEPTED


def test_next_image_is_segmented_ahead_so_enter_shows_it_at_once(
    qtbot, make_window, images, lab, out
):
    window = make_window()
    _start(qtbot, window, images, out)
    qtbot.waitUntil(lambda: len(window.cache) == 2, timeout=10_000)  # a, then b ahead
    assert lab.predict_calls == [("fake-unet", (120, 160)), ("fake-unet", (90, 200))]

    _press_enter(qtbot, window)

    assert window.session.image_path == images[1]
    assert window.session.result is not None, "b was not ready when Enter moved to it"
    assert window.review.base is not None and window.review_panel.state_of(1) == SEGMENTED
    qtbot.waitUntil(lambda: len(lab.predict_calls) == 3, timeout=10_000)  # c ahead, b not again
    assert [shape for _, shape in lab.predict_calls] == [(120, 160), (90, 200), (100, 100)]


def test_resume_after_closing_continues_at_the_first_image_not_accepted(
    qtbot, make_window, images, out, settings
):
    first = make_window()
    _start(qtbot, first, images, out)
    _press_enter(qtbot, first)
    qtbot.waitUntil(lambda: first.review.base is not None, timeout=10_000)
    _press_enter(qtbot, first)
    assert [row["file"] for row in _rows(out)] == ["a.png", "b.png"]
    first.close()

    again = make_window()
    assert again.review.resume_remembered(), "the open review was not remembered"
    qtbot.waitUntil(lambda: again.review.base is not None, timeout=10_000)
    assert again.review.index == 2 and again.session.image_path == images[2]
    assert again.review_panel.position.text() == "3 / 3"
    assert [again.review_panel.state_of(i) for i in range(3)] == [ACCEPTED, ACCEPTED, SEGMENTED]
    # Ending the review means the next start of the app does not resume it.
    again.commands.end_review.trigger()
    assert not again.review_dock.isVisible()
    assert not again.review.resume_remembered()


def test_a_finished_review_left_open_does_not_take_over_the_next_start(
    qtbot, make_window, images, out
):
    first = make_window()
    _start(qtbot, first, images, out)
    for accepted in range(1, 4):
        _press_enter(qtbot, first)
        qtbot.waitUntil(lambda n=accepted: len(_rows(out)) == n, timeout=10_000)
        if accepted < 3:
            qtbot.waitUntil(lambda: first.review.base is not None, timeout=10_000)
    assert first.review.review.finished
    first.close()  # still in review mode: remembered as open

    again = make_window()
    assert not again.review.resume_remembered(), "a finished review reopened at '1 / 3'"
    assert not again.review.active and not again.review_dock.isVisible()
    # ...nor on the start after that, and it can still be reopened on purpose.
    assert not make_window().review.resume_remembered()
    _start(qtbot, again, images, out)
    assert again.review.review.finished


def test_review_starts_from_existing_batch_masks(qtbot, make_window, images, lab, out):
    segmenter = FakeSegmenter(lab, fake_package("batch-model"), "cpu")
    assert [r.status for r in BatchRun(segmenter, BatchOptions(images[0].parent, out))] == [
        "ok", "ok", "ok",
    ]  # fmt: skip
    batch_mask = cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED) == 255
    calls = len(lab.predict_calls)
    window = make_window()

    _start(qtbot, window, images, out)

    base = window.review.base
    assert base.origin == "file" and base.made_by == "batch" and base.model_name == "batch-model"
    assert np.array_equal(window.session.prediction.mask, batch_mask)
    assert "batch-model" in window.review_panel.base.text()
    _press_enter(qtbot, window)
    qtbot.wait(100)
    assert len(lab.predict_calls) == calls, "an image with a mask in OUT was segmented again"
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["starting_mask"]["source"] == "file" and record["model"]["name"] == "batch-model"


def test_model_change_keeps_the_shown_base_and_its_model(qtbot, make_window, images, lab, out):
    other = replace(fake_package("other-unet", threshold=0.3), sha256="1" * 64)
    window = make_window([fake_package(), other])
    _start(qtbot, window, images, out)
    base = window.review.base
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.models.select_package(other)
    assert window.review.base is base and window.session.result is not None
    assert window.review.base.model_name == "fake-unet"
    window.commands.next_image.trigger()  # PgDown
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    assert window.review.base.model_name == "other-unet"
    window.commands.previous_image.trigger()  # PgUp: a, unedited, is segmented by the new model
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    assert window.review.index == 0 and window.review.base.model_name == "other-unet"
    base, result = window.review.base, window.session.result
    assert result is not None
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.models.select_device("cuda:0")  # a device change keeps what is shown, too
    assert window.review.base is base and window.review.base.device == "cpu"
    assert window.session.result is result


def test_threshold_from_the_review_is_shown_and_recorded(qtbot, make_window, images, out):
    window = make_window()
    _start(qtbot, window, images, out, threshold=0.7)
    assert window.session.threshold_override == 0.7
    assert "0.7" in window.review_panel.threshold.text()
    assert "override" in window.review_panel.threshold.text()
    _press_enter(qtbot, window)
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["threshold"] == 0.7 and record["threshold_overridden"] is True


def test_previous_returns_to_a_cached_result_without_running_the_model(
    qtbot, make_window, images, lab
):
    window = make_window()
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    first = window.session.result
    window.commands.next_image.trigger()
    segment_and_wait(qtbot, window)
    calls = len(lab.predict_calls)

    window.commands.previous_image.trigger()

    assert window.session.image_path == images[0]
    assert window.session.result is first and len(lab.predict_calls) == calls
    assert window.cache.hits >= 1


def test_review_command_refuses_bad_folders_before_any_window(tmp_path, capsys):
    status = cli.main(["review", str(tmp_path / "missing"), str(tmp_path / "out")])
    assert status == cli.EXIT_CANNOT_RUN
    assert "does not exist" in capsys.readouterr().err
    status = cli.main(["review", str(tmp_path), str(tmp_path / "o"), "--threshold", "2"])
    assert status == cli.EXIT_CANNOT_RUN and "between 0 and 1" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    status = cli.main(["review", str(tmp_path), str(tmp_path / "o"), "--model", "no-such-model"])
    assert status == cli.EXIT_CANNOT_RUN and "no-such-model" in capsys.readouterr().err


def test_unreadable_image_is_failed_and_cannot_be_accepted(qtbot, make_window, images, out):
    (images[0].parent / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    window = make_window()
    _start(qtbot, window, images, out)
    window.review.go_to(2)  # a, b, broken, c
    assert window.review_panel.state_of(2) == "failed"
    assert "broken.png" in window.review_panel.problem.text()
    assert not window.review.accept()
    assert not (out / "broken_mask.png").exists()
    assert window.review.review.states[3] == TO_DO


def _paint(window, points, tool="brush", size=9) -> None:
    """A stroke through the editing layer (its own tests drive it with mouse events)."""
    editor = window.editor
    editor.set_tool(tool)
    editor.set_size(size)
    editor.begin_stroke(*points[0])
    for point in points[1:]:
        editor.continue_stroke(*point)
    editor.end_stroke()


def test_edited_accept_is_marked_edited_in_provenance_and_log(qtbot, make_window, images, out):
    window = make_window()
    _start(qtbot, window, images, out)
    model_mask = np.array(window.session.prediction.mask)
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])  # background corner: added
    _paint(window, [(80.0, 60.0), (80.0, 70.0)], tool="eraser")  # the disk's centre: removed
    editable = window.editor.editable
    added, removed = editable.pixels_added, editable.pixels_removed
    assert added > 0 and removed > 0
    assert window.review_panel.state_of(0) == "edited"
    shown = np.array(editable.mask)
    window.edit_actions.undo.trigger()  # undo the eraser stroke …
    window.edit_actions.redo.trigger()  # … and redo it: the same mask again
    assert np.array_equal(window.editor.shown_mask(), shown)

    _press_enter(qtbot, window)

    written = cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED) == 255
    assert np.array_equal(written, shown)
    model_file = cv2.imread(str(out / "a_mask_model.png"), cv2.IMREAD_UNCHANGED) == 255
    assert np.array_equal(model_file, model_mask), "the model's own mask is not kept beside it"
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["edited"] is True
    assert (record["pixels_added"], record["pixels_removed"]) == (added, removed)
    assert record["foreground_pixels"] == int(shown.sum())
    assert record["outputs"] == {"mask": "a_mask.png", "mask_model": "a_mask_model.png"}
    (row,) = _rows(out)
    assert row["edited"] == "true"
    assert (row["pixels_added"], row["pixels_removed"]) == (str(added), str(removed))
    assert window.review_panel.state_of(0) == ACCEPTED


def test_edits_survive_moving_away_and_a_model_change(qtbot, make_window, images, out):
    other = replace(fake_package("other-unet"), sha256="2" * 64)
    window = make_window([fake_package(), other])
    _start(qtbot, window, images, out)
    _paint(window, [(5.0, 5.0), (60.0, 5.0)])
    shown = np.array(window.editor.shown_mask())
    window.commands.next_image.trigger()
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    assert window.review_panel.state_of(0) == "edited"
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.models.select_package(other)

    window.commands.previous_image.trigger()

    assert window.review.index == 0
    assert np.array_equal(window.editor.shown_mask(), shown), "the edits were lost"
    assert window.review.base.model_name == "fake-unet"  # still the model that made it
    window.edit_actions.reset.trigger()  # R: back to that model's mask
    assert not window.editor.has_edits
    assert window.review_panel.state_of(0) == SEGMENTED


def test_enter_in_a_number_field_does_not_accept(qtbot, make_window, images, out):
    window = make_window()
    _start(qtbot, window, images, out)
    window.activateWindow()
    spin = window.edit_panel.size_spin
    spin.setFocus()
    qtbot.waitUntil(lambda: spin.hasFocus(), timeout=5_000)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert not (out / "a_mask.png").exists() and window.review.index == 0
    assert window.view.hasFocus()
    _press_enter(qtbot, window)  # the next Enter accepts
    assert (out / "a_mask.png").exists() and window.review.index == 1


def test_opening_another_image_by_hand_leaves_review_mode(
    qtbot, make_window, images, out, tmp_path
):
    other = write_image(tmp_path / "elsewhere" / "x.png", 50, 70, 9)
    window = make_window()
    _start(qtbot, window, images, out)
    assert window.document.open_image(other)
    assert not window.review.active and not window.review_dock.isVisible()
    assert not window.document.paused
    segment_and_wait(qtbot, window)  # the ordinary window works again
    assert window.session.result.image_path == other


def test_review_folder_dialog_checks_folders_and_starts_the_review(
    qtbot, make_window, images, out, monkeypatch
):
    from desktop.ui.review.folder_dialog import ReviewFolderDialog

    dialog = ReviewFolderDialog({}, 0.4)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "images to review" in dialog.problem.text()
    dialog.input_edit.setText(str(images[0].parent / "missing"))
    assert not ok.isEnabled() and "does not exist" in dialog.problem.text()
    dialog.input_edit.setText(str(images[0].parent))
    dialog.output_edit.setText(str(out))
    assert ok.isEnabled()
    assert dialog.options() == ReviewOptions(images[0].parent, out, False, 0.4)

    window = make_window()
    window.settings.set_choices("review", {"input_dir": str(images[0].parent),
                                           "output_dir": str(out)})  # fmt: skip
    monkeypatch.setattr(ReviewFolderDialog, "exec", lambda self: ReviewFolderDialog.Accepted)
    window.commands.review_folder.trigger()  # File › Review Folder…, filled in from last time
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    assert window.review.active and window.review.review.output_dir == out


def test_an_unreadable_first_image_stays_failed_and_cannot_be_accepted(
    qtbot, make_window, tmp_path, out
):
    """A 0-byte `empty.png` first in the folder: its grey placeholder was segmented once the
    model had loaded, shown as "segmented", and Enter wrote a 64×64 mask for it."""
    from desktop.core.review import FAILED

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.png").write_bytes(b"")
    write_image(folder / "good.png", 40, 60)
    window = make_window(wait_loaded=False)  # the review starts while the model loads
    assert window.review.start(ReviewOptions(folder, out))
    qtbot.waitUntil(lambda: window.models.loaded is not None, timeout=10_000)
    qtbot.wait(300)  # let a (wrong) segmentation of the placeholder arrive
    assert window.review.index == 0
    assert window.review.review.states[0] == FAILED
    assert window.review_panel.state_of(0) == FAILED
    assert not window.review.accept()
    assert not (out / "empty_mask.png").exists()


def test_review_walks_dicom_frames_and_caches_each_frame(qtbot, make_window, lab, tmp_path, out):
    folder = tmp_path / "dicom"
    folder.mkdir()
    data = Path(pydicom.__file__).parent / "data" / "test_files"
    shutil.copy2(data / "SC_rgb_rle_2frame.dcm", folder / "two.dcm")
    window = make_window()
    assert window.review.start(ReviewOptions(folder, out))
    qtbot.waitUntil(lambda: len(window.cache) == 2, timeout=10_000)  # frame 1, frame 2 ahead
    assert window.session.source.frame == 0

    _press_enter(qtbot, window)

    assert window.session.source.frame == 1 and window.session.result is not None
    assert window.review_panel.position.text() == "2 / 2"
    assert len(lab.predict_calls) == 2, "frame 2 was segmented again (or taken for frame 1)"
    record = json.loads((out / "two_f0001_provenance.json").read_text("utf-8"))
    assert record["dicom"]["frame"] == 1


def test_dropping_a_folder_offers_review(qtbot, make_window, images, monkeypatch, messages):
    from desktop.ui.folders import dropped
    from desktop.ui.folders.dropped import FolderDropDialog
    from desktop.ui.review.folder_dialog import ReviewFolderDialog

    folder = images[0].parent
    offer = FolderDropDialog(folder)
    qtbot.addWidget(offer)
    assert dropped.REVIEW in offer.choice_buttons and dropped.BATCH in offer.choice_buttons
    window = make_window()
    monkeypatch.setattr(dropped, "ask_what_to_do_with_folder", lambda f, parent: dropped.REVIEW)
    filled = []

    def accept(dialog):
        filled.append((dialog.input_edit.text(), dialog.output_edit.text()))
        return ReviewFolderDialog.DialogCode.Accepted

    monkeypatch.setattr(ReviewFolderDialog, "exec", accept)
    window.view.files_dropped.emit([str(folder)])
    assert filled == [(str(folder), str(folder.parent / "images-reviewed"))]
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    assert window.review.active and window.session.image_path == images[0]
    assert messages == []


def test_corrections_not_accepted_are_kept_as_drafts_on_disk_and_come_back(
    qtbot, make_window, images, out, discard_question
):
    """Leaving a review (End Review, another image by hand, closing the app) or a crash loses
    no correction: drafts are in OUT/.segdesk-drafts, and resuming shows them again."""
    window = make_window()
    _start(qtbot, window, images, out)
    discard_question.default = False  # Keep
    questions = discard_question.texts
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])
    first = window.editor.shown_mask().copy()
    window.review.step(+1)  # image 1 left corrected, not accepted: a draft
    qtbot.waitUntil(lambda: window.review.index == 1 and window.review.base is not None)
    drafts = out / ".segdesk-drafts"
    assert (drafts / "a_draft.png").is_file()
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])  # image 2: saved shortly after the stroke
    second = window.editor.shown_mask().copy()
    qtbot.waitUntil(lambda: (drafts / "b_draft.png").is_file(), timeout=5_000)

    window.commands.end_review.trigger()  # nothing asked: nothing is lost
    assert not window.review.active and questions == []

    _start(qtbot, window, images, out)  # File › Review Folder… again: resumed
    review = window.review
    assert review.review.states[:2] == ["edited", "edited"] and review.index == 0
    qtbot.waitUntil(lambda: window.editor.has_edits, timeout=10_000)
    assert np.array_equal(window.editor.shown_mask(), first)
    _press_enter(qtbot, window)  # accepting writes the mask and removes the draft
    assert not (drafts / "a_draft.png").exists()
    qtbot.waitUntil(lambda: review.index == 1 and window.editor.has_edits, timeout=10_000)
    assert np.array_equal(window.editor.shown_mask(), second)
    assert np.array_equal(
        cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED) == 255, first
    )

    window.close()  # closing in review mode saves drafts instead of asking
    assert not window.isVisible() and questions == []
    assert (drafts / "b_draft.png").is_file()


def test_discard_after_end_review_deletes_the_draft_of_the_corrections_on_screen(
    qtbot, make_window, images, out, discard_question
):
    """End Review keeps the shown corrections as a draft; when Ctrl+Q (or opening another
    image) then asks and the user answers Discard, that draft goes too, and the next review does
    not bring those corrections back as "edited". Drafts not asked about stay."""
    window = make_window()
    _start(qtbot, window, images, out)
    answers, questions = discard_question.answers, discard_question.texts
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])
    window.review.step(+1)  # image 1 left corrected: its draft, never asked about
    qtbot.waitUntil(lambda: window.review.index == 1 and window.review.base is not None)
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])
    drafts = out / ".segdesk-drafts"
    window.commands.end_review.trigger()
    assert not window.review.active and questions == []
    assert (drafts / "a_draft.png").is_file() and (drafts / "b_draft.png").is_file()
    assert window.editor.has_unsaved_edits  # image 2's corrections are still on screen

    answers.append(False)  # Ctrl+Q, Cancel: nothing is lost
    window.commands.quit.trigger()
    assert window.isVisible() and len(questions) == 1 and "Closing SegDesk" in questions[0]
    assert (drafts / "b_draft.png").is_file()
    answers.append(True)  # Ctrl+Q, Discard: the corrections on screen are gone for good
    window.commands.quit.trigger()
    assert not window.isVisible() and len(questions) == 2
    assert not (drafts / "b_draft.png").exists()
    assert (drafts / "a_draft.png").is_file()

    resumed = ReviewSession(ReviewOptions(images[0].parent, out))
    assert resumed.states[:2] == [EDITED, TO_DO]


def test_discard_when_opening_another_image_after_end_review_deletes_only_its_draft(
    qtbot, make_window, images, out, discard_question
):
    window = make_window()
    _start(qtbot, window, images, out)
    questions = discard_question.texts  # answered Discard
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])
    window.review.step(+1)
    qtbot.waitUntil(lambda: window.review.index == 1 and window.review.base is not None)
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])
    window.commands.end_review.trigger()
    drafts = out / ".segdesk-drafts"
    assert window.document.open_image(images[2])  # asks; Discard
    assert len(questions) == 1 and "Opening another image" in questions[0]
    assert not (drafts / "b_draft.png").exists() and (drafts / "a_draft.png").is_file()
    # Corrections of an image opened by hand have no draft: discarding them deletes none.
    segment_and_wait(qtbot, window)
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])
    assert window.document.open_image(images[0])
    assert len(questions) == 2 and (drafts / "a_draft.png").is_file()


def test_a_draft_that_cannot_be_deleted_on_discard_is_reported(
    qtbot, make_window, images, out, monkeypatch, discard_question
):
    window = make_window()
    _start(qtbot, window, images, out)  # the question is answered Discard
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])
    window.commands.end_review.trigger()
    draft = out / ".segdesk-drafts" / "a_draft.png"
    real_unlink = Path.unlink

    def refuse(path, missing_ok=False):
        if path == draft:
            raise PermissionError(13, "Permission denied")
        return real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    said: list[str] = []
    window.review.status_message.connect(said.append)
    assert window.document.open_image(images[2])
    assert said == ["The discarded corrections' draft could not be removed: Permission denied"]
    assert draft.is_file()


def test_f5_on_a_corrected_review_image_asks_before_replacing_the_corrections(
    qtbot, make_window, images, out, discard_question, lab
):
    window = make_window()
    _start(qtbot, window, images, out)
    questions = discard_question.texts
    discard_question.answers.append(False)  # Keep
    _paint(window, [(5.0, 5.0), (40.0, 5.0)])
    edited = window.editor.shown_mask().copy()
    shown_size = window.editor.shown_mask().shape

    def segmentations_of_the_shown_image() -> int:
        return sum(size == shown_size for _, size in lab.predict_calls)

    before = segmentations_of_the_shown_image()
    window.commands.segment.trigger()
    assert len(questions) == 1 and "Segmenting again" in questions[0]
    qtbot.wait(200)  # time for a request that should not have been sent
    assert segmentations_of_the_shown_image() == before  # Keep: nothing was re-run
    assert np.array_equal(window.editor.shown_mask(), edited)


def test_end_review_keeps_the_shown_image_name_in_the_title(qtbot, make_window, images, out):
    """After End Review the image and its edits stay on screen: the title names it (issue #18
    item 10; it used to drop back to plain "SegDesk")."""
    window = make_window()
    _start(qtbot, window, images, out)
    window.review.step(+1)
    qtbot.waitUntil(lambda: window.review.index == 1 and window.review.base is not None)
    assert window.windowTitle() == f"SegDesk — {images[1].name}"
    window.commands.end_review.trigger()
    assert not window.review.active and window.session.image_path == images[1]
    assert window.windowTitle() == f"SegDesk — {images[1].name}"
