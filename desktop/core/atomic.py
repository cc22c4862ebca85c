"""Atomic file writes: write to a temporary name in the same folder, then rename over.

On Windows the rename fails with PermissionError while another program has the target open: an
antivirus scanner for a moment, an image viewer or a spreadsheet (report.csv) for as long as it
is open. The rename is retried for about two seconds; if the target is still held, the new
content is kept beside it under a visible name (`x_mask.new.png`) and FileInUseError says
where, so nothing written is lost and the old file is left as it was.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from desktop.core.errors import FileInUseError

# Seconds to wait before each new attempt: about 2 s in all, most attempts early, since a
# scanner lets go within milliseconds while a program that has the file open does not at all.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.6, 0.65)
_sleep = time.sleep  # replaced by tests
T = TypeVar("T")


def _default_file_mode() -> int:
    # mkstemp creates files private to their owner (0600); outputs should get the mode any
    # ordinary new file would, i.e. 0666 less the process umask.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


DEFAULT_FILE_MODE = _default_file_mode()


def retry_while_in_use(action: Callable[..., T], *args) -> T:
    """`action(*args)`, tried again after each of RETRY_DELAYS while it raises PermissionError
    (Windows: another program holds a file it renames); the last PermissionError is raised."""
    for delay in RETRY_DELAYS:
        try:
            return action(*args)
        except PermissionError:
            _sleep(delay)
    return action(*args)


def kept_name(path: Path) -> Path:
    """Where new content goes when `path` cannot be replaced: `x_mask.png` → `x_mask.new.png`."""
    return path.with_name(f"{path.stem}.new{path.suffix}")


def write_bytes_atomic(path: Path, data: bytes, *, keep_if_in_use: bool = True) -> None:
    """Write `data` to `path` atomically. Raises FileInUseError (a PermissionError) when `path`
    stays in use by another program: the data is then at `error.kept`, `path` unchanged.
    Caches, which can rebuild their files, pass `keep_if_in_use=False`: the data is dropped
    and the PermissionError raised as it is."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Same folder, so the final rename never crosses a file system; a leading dot keeps the
    # partial file out of view and out of SegDesk's own input scans.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, DEFAULT_FILE_MODE)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    try:
        retry_while_in_use(os.replace, tmp_name, path)
    except PermissionError as exc:
        if not keep_if_in_use:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        raise FileInUseError(path, _keep_aside(Path(tmp_name), path)) from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _keep_aside(tmp: Path, path: Path) -> Path:
    """Give the complete temporary file a visible name beside `path`; if even that is refused
    (an older `.new` file open as well), it stays where it is, under its temporary name."""
    kept = kept_name(path)
    try:
        os.replace(tmp, kept)
    except OSError:
        return tmp
    return kept


def write_text_atomic(path: Path, text: str, *, keep_if_in_use: bool = True) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), keep_if_in_use=keep_if_in_use)
