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
    from desktop.cli import COMMANDS, EXIT_CANNOT_RUN
    from desktop.cli.route import cli_argv, route, unknown_command_message

    way = route(argv, COMMANDS)
    if way == "cli":
        from desktop.cli import main as cli_main

        return cli_main(cli_argv(argv, COMMANDS))
    if way == "unknown":
        from desktop.cli.help_text import program_name

        print(unknown_command_message(argv[0], COMMANDS, program_name()), file=sys.stderr)
        return EXIT_CANNOT_RUN
    from desktop.ui.shell.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen build must not re-run main in child processes
    sys.exit(main())
