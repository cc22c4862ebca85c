"""`cli.main`: parse, run one command, and turn the errors users cause into a message and an
exit status (DESIGN §5) instead of a traceback."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop.cli.exit_codes import EXIT_CANNOT_RUN
from desktop.cli.interrupt import Aborted
from desktop.cli.parser import COMMAND_MODULES, build_parser
from desktop.core.errors import SegDeskError


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    if args.command not in COMMAND_MODULES:
        build_parser().print_help()
        return EXIT_CANNOT_RUN
    try:
        return COMMAND_MODULES[args.command].run(args)
    except Aborted as aborted:  # a second Ctrl+C where the command allows it (interrupt.py)
        print(aborted.abort.message, file=sys.stderr)
        return aborted.abort.status
    except SegDeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except OSError as exc:  # e.g. an unwritable models folder: a message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
