"""Errors whose message is written for the person at the screen: what failed and why."""

from __future__ import annotations

from pathlib import Path


class SegDeskError(Exception):
    """Base class: the message names the file (when there is one) and the reason."""


class ImageLoadError(SegDeskError):
    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Cannot open image '{self.path}': {reason}")


class ModelPackageError(SegDeskError):
    """A model package (or checkpoint) that cannot be used, and why."""


class DeviceError(SegDeskError):
    """A requested compute device that cannot run the model."""


class BatchError(SegDeskError):
    """A batch that cannot start at all (bad folders, unwritable output)."""
