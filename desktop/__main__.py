"""`python -m desktop` (and the frozen `SegDesk` executable): a command, or the desktop app."""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    # First, before anything can import PySide6: on Windows torch's DLLs must be loaded before
    # Qt's (see torch_dlls). This covers the GUI, every command, `segdesk` and the frozen exe.
    from desktop.torch_dlls import preload_torch_dlls

    preload_torch_dlls()
    from desktop.console import configure_console_output

    configure_console_output()
    argv = sys.argv[1:] if argv is None else argv
    from desktop.cli import COMMANDS

    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        from desktop.cli import main as cli_main

        return cli_main(argv)
    from desktop.ui.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen build must not re-run main in child processes
    sys.exit(main())
