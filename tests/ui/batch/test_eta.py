"""The batch's remaining-time estimate: plain logic, no Qt."""

from __future__ import annotations

import pytest

from desktop.ui.batch.eta import EtaEstimator, format_duration


def test_eta_ignores_skipped_items() -> None:
    eta = EtaEstimator(total=10, start=0.0)
    assert eta.remaining_seconds(1.0) is None
    eta.record(skipped=True)
    eta.record(skipped=False)
    eta.record(skipped=False)
    assert eta.remaining_seconds(4.0) == pytest.approx(2.0 * 7)
    assert format_duration(None) == "estimating…"
    assert format_duration(75) == "1 min 15 s"
    assert format_duration(3700) == "1 h 01 min"
