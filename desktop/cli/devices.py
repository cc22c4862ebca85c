"""The segmenter a command runs, and the words that say which device and precision ran."""

from __future__ import annotations

import sys


def make_segmenter(package, device: str):
    from desktop.core.segmenter import Segmenter

    segmenter = Segmenter(package, device)
    if segmenter.fallback_reason:
        print(f"note: {segmenter.fallback_reason}; using {segmenter.device.label}", file=sys.stderr)
    return segmenter


def device_text(device) -> str:
    """`cpu-bf16 — CPU bf16 (approximate), precision bf16`: what ran, in words."""
    return f"{device.id} — {device.label}, precision {device.precision}"
