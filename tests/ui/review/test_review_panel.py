"""The review list keeps long names readable: shortened in the middle (the state at the end
stays in view), no sideways scrolling, the whole name in the tooltip (issue 18 frictions)."""

from __future__ import annotations

from desktop.core.review import ACCEPTED, TO_DO
from desktop.ui.review.review_panel import ReviewPanel

LONG = "colonoscopy-patient-0042-visit-2026-11-30/frame-000123-with-a-long-name.png"


def test_long_names_are_shortened_in_the_middle_with_the_whole_name_in_the_tooltip(qtbot):
    panel = ReviewPanel()
    qtbot.addWidget(panel)
    panel.resize(260, 400)
    panel.show()
    panel.set_items([LONG, "b.png"], "/in", "/out")
    panel.set_state(0, ACCEPTED)
    panel.set_state(1, TO_DO)
    qtbot.wait(20)
    view = panel.list
    item = view.item(0)
    assert item.text().endswith(LONG + " — accepted")
    assert item.toolTip() == LONG
    assert view.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways to
    assert view.visualItemRect(item).right() <= view.viewport().width()
    # What is drawn: the start and the end of the text, the middle left out.
    metrics = view.fontMetrics()
    drawn = metrics.elidedText(item.text(), view.textElideMode(), view.viewport().width() - 30)
    assert "…" in drawn and drawn.startswith("✔  colonoscopy") and drawn.endswith("accepted")
