"""Errors whose message is written for the person at the screen: what failed and why."""

from __future__ import annotations

import errno
from pathlib import Path


def first_line(exc: BaseException) -> str:
    """The first non-empty line of an exception's text (at most 300 characters), for messages
    that quote a library's reason without its traceback-like detail."""
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else type(exc).__name__


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


class FileInUseError(SegDeskError, PermissionError):
    """A file could not be replaced: another program holds it open (Windows) or it is read-only.
    The new content was kept beside it, at `kept`. Also a PermissionError, so code that reports
    failed writes by their `strerror` shows this message too."""

    def __init__(self, path: Path | str, kept: Path | str) -> None:
        self.path, self.kept = Path(path), Path(kept)
        super().__init__(
            errno.EACCES,
            f"'{self.path}' could not be replaced: it is in use by another program (or "
            f"read-only); the new content was kept as '{self.kept}'",
        )

    def __str__(self) -> str:
        return self.strerror

    def __reduce__(self):
        return type(self), (self.path, self.kept)
