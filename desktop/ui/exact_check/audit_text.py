"""The batch summary's sentence about an approximate run's audit (mean and max ppm)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.ui.i18n import numbers


def audit_summary(audit: dict[str, Any] | None) -> str:
    """Empty for an exact run; otherwise how many images were checked and mean/max ppm."""
    if not audit:
        return ""
    values = [entry["ppm"] for entry in audit.get("images", []) if entry.get("ppm") is not None]
    if not values:
        return QCoreApplication.translate(
            "BatchAudit",
            "Approximate engine: no image was checked against the exact engine (audit off).",
        )
    return (
        QCoreApplication.translate(
            "BatchAudit",
            "Approximate engine, checked against the exact engine on %1 image(s): mask "
            "disagreement mean %2 ppm, max %3 ppm (pixels per million, at model resolution).",
        )
        .replace("%1", str(len(values)))
        .replace("%2", numbers.fixed(audit["mean_ppm"], 1))
        .replace("%3", numbers.fixed(audit["max_ppm"], 1))
    )
