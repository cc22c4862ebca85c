"""Corrections no export has written are never thrown away without asking: opening another
image (dialog, Previous/Next), segmenting again and closing the window all ask first."""

from __future__ import annotations

import numpy as np

from desktop.ui.editing.mask_editor import BRUSH
from tests.ui.conftest import fake_package, segment_and_wait


def _corrected(qtbot, make_window, images, question, packages=None):
    """A window showing a corrected mask; `question` (the `discard_question` fixture) answers
    the "Discard corrections?" questions: returned are the texts asked and the answers to give."""
    window = make_window(packages)
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    window.editor.set_tool(BRUSH)
    window.editor.begin_stroke(5.0, 5.0)  # a corner the model left empty
    window.editor.end_stroke()
    assert window.editor.has_unsaved_edits
    return window, question.texts, question.answers


def test_opening_another_image_asks_and_keep_working_keeps_everything(
    qtbot, make_window, images, discard_question
):
    window, questions, answers = _corrected(qtbot, make_window, images, discard_question)
    edited = window.editor.shown_mask().copy()
    answers.append(False)
    assert window.document.open_image(images[1]) is False
    assert len(questions) == 1 and "not been exported" in questions[0]
    assert "Opening another image" in questions[0]
    assert window.session.image_path == images[0]
    assert np.array_equal(window.editor.shown_mask(), edited)

    answers.append(False)
    window.document.open_neighbor(+1)  # Next image
    assert len(questions) == 2 and window.session.image_path == images[0]

    answers.append(True)
    assert window.document.open_image(images[1]) is True
    assert window.session.image_path == images[1] and not window.editor.has_edits


def test_segmenting_again_asks(qtbot, make_window, images, discard_question):
    window, questions, answers = _corrected(qtbot, make_window, images, discard_question)
    answers.append(False)
    window.document.segment()
    assert len(questions) == 1 and "Segmenting again" in questions[0]
    assert window.editor.has_edits


def test_after_an_export_nothing_is_asked_until_the_next_correction(
    qtbot, make_window, images, tmp_path, discard_question
):
    window, questions, answers = _corrected(qtbot, make_window, images, discard_question)
    with qtbot.waitSignal(window.exports.exported, timeout=20_000):
        window.exports.export_to(tmp_path / "out", {"mask"})
    assert not window.editor.has_unsaved_edits
    window.editor.begin_stroke(150.0, 110.0)  # corrected again after the export
    window.editor.end_stroke()
    assert window.editor.has_unsaved_edits
    window.editor.undo()  # back to exactly what was exported
    assert not window.editor.has_unsaved_edits
    assert window.document.open_image(images[1]) is True
    assert questions == []


def test_closing_the_window_asks_and_can_be_refused(
    qtbot, make_window, images, discard_question
):
    window, questions, answers = _corrected(qtbot, make_window, images, discard_question)
    answers.append(False)
    window.close()
    assert window.isVisible() and "Closing SegDesk" in questions[0]
    answers.append(True)
    window.close()
    assert not window.isVisible()


def test_choosing_another_model_asks_and_a_refusal_keeps_model_and_mask(
    qtbot, make_window, images, lab, discard_question
):
    first, second = fake_package("unet-a"), fake_package("upp-b", "UnetPlusPlus")
    window, questions, answers = _corrected(
        qtbot, make_window, images, discard_question, [first, second]
    )
    edited = window.editor.shown_mask().copy()
    combo = window.model_picker.combo
    answers.append(False)
    combo.setCurrentIndex(1)  # what a click in the list does before `activated`
    combo.activated.emit(1)
    assert len(questions) == 1 and "Another model or device" in questions[0]
    assert combo.currentIndex() == 0 and window.models.selected.name == "unet-a"
    assert np.array_equal(window.editor.shown_mask(), edited)

    picker = window.device_picker
    other = next(i for i in range(picker.count()) if picker.itemData(i) != window.models.device_id)
    answers.append(False)
    picker.setCurrentIndex(other)
    picker.activated.emit(other)
    assert len(questions) == 2
    assert picker.itemData(picker.currentIndex()) == window.models.device_id
    assert np.array_equal(window.editor.shown_mask(), edited)

    answers.append(True)
    with qtbot.waitSignal(window.client.predicted, timeout=10_000):
        combo.setCurrentIndex(1)
        combo.activated.emit(1)
    assert window.session.result.package.name == "upp-b" and not window.editor.has_edits


def test_override_ticked_at_the_same_threshold_keeps_corrections_without_asking(
    qtbot, make_window, images, discard_question
):
    window, questions, answers = _corrected(qtbot, make_window, images, discard_question)
    edited = window.editor.shown_mask().copy()
    controls = window.threshold_controls
    controls.override_box.setChecked(True)  # the spin box still shows the model's 0.500
    assert questions == [] and controls.override_box.isChecked()
    assert window.session.threshold_override == window.session.prediction.threshold
    assert np.array_equal(window.editor.shown_mask(), edited) and window.editor.has_edits

    answers.append(False)
    window.session.set_threshold_override(0.7)  # a real change of the cut asks
    assert len(questions) == 1 and window.editor.has_edits
