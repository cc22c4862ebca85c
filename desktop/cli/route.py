"""Which way a command line goes: a headless command, the desktop app, or an error.

Before this, any first word that was not a command was handed to the app as an image, so a
typo (`python -m desktop finetun --help`) opened a window instead of saying what was wrong.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

HELP_FLAGS = ("-h", "--help")


def route(argv: Sequence[str], commands: Sequence[str]) -> str:
    """'cli', 'app' or 'unknown' (the first word is neither a command nor an existing path)."""
    if not argv:
        return "app"
    first = argv[0]
    if first in commands or first in (*HELP_FLAGS, "--version"):
        return "cli"
    # Help asked for anywhere is answered on the console: nobody types --help to get a window.
    if any(arg in HELP_FLAGS for arg in argv):
        return "cli"
    # Options (`--lang id`) belong to the app; a plain word must be an image or folder to open.
    if not first.startswith("-") and not Path(first).exists():
        return "unknown"
    return "app"


def cli_argv(argv: Sequence[str], commands: Sequence[str]) -> list[str]:
    """The arguments for `cli.main`: help anywhere after a non-command means the top help."""
    if argv and argv[0] not in commands and any(arg in HELP_FLAGS for arg in argv):
        return ["--help"]
    return list(argv)


def unknown_command_message(word: str, commands: Sequence[str], prog: str) -> str:
    lines = [f"{prog}: unknown command '{word}' (and no file or folder of that name)"]
    close = difflib.get_close_matches(word, commands, n=1)
    if close:
        lines.append(f"did you mean '{close[0]}'?")
    lines.append(f"commands: {', '.join(commands)}")
    lines.append(f"run '{prog} --help' for help; '{prog} IMAGE' opens an image in the app")
    return "\n".join(lines)
