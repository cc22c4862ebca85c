"""Command-line output that survives any Windows code page.

Python writes to a pipe or a file in the locale's code page (cp1252, cp850, ...) on Windows, and
stdout's default error handler is strict: a file name such as `图像.png` (or `→` in a message)
would end the command with UnicodeEncodeError, and `—` sent through a pipe to a UTF-8 reader
shows as `�`. So, on Windows, output that is not a console is written as UTF-8 (what editors
and current PowerShell read), unless PYTHONIOENCODING asks for something else; the console
itself is Unicode already. Everywhere, a character the encoding lacks is written as an escape
(`\\u56fe`) instead of raising.
"""

from __future__ import annotations

import contextlib
import os
import sys

ERRORS = "backslashreplace"  # a path stays recognisable (and recoverable), never a crash


def configure_console_output() -> None:
    """Reconfigure sys.stdout and sys.stderr as described above; never raises."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is None or not hasattr(stream, "reconfigure"):
            continue  # a windowed app has none; a test may have replaced it
        options = {"errors": ERRORS}
        if sys.platform == "win32" and not _is_console(stream) and _encoding_not_chosen():
            options["encoding"] = "utf-8"
        with contextlib.suppress(Exception):  # e.g. a closed stream: keep it as it is
            stream.reconfigure(**options)


def _is_console(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (OSError, ValueError):
        return False


def _encoding_not_chosen() -> bool:
    """An encoding in PYTHONIOENCODING (`cp850`, `utf-8:strict`, not `:replace`) is the
    person's explicit choice; UTF-8 mode is UTF-8 already."""
    chosen = os.environ.get("PYTHONIOENCODING", "").split(":", 1)[0].strip()
    return not chosen and not sys.flags.utf8_mode
