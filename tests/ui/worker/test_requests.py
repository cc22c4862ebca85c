"""Request ids: an answer to a question nobody asks any more is stale."""

from __future__ import annotations

from desktop.ui.worker.requests import RequestTracker


def test_request_tracker_makes_older_answers_stale() -> None:
    tracker = RequestTracker()
    first = tracker.issue("segment")
    second = tracker.issue("segment")
    assert not tracker.is_current("segment", first)
    assert tracker.is_current("segment", second)
    tracker.forget("segment")
    assert not tracker.finish("segment", second)
    third = tracker.issue("segment")
    assert tracker.finish("segment", third) and not tracker.is_pending("segment")
