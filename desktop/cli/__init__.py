"""The command line (DESIGN §5): `python -m desktop COMMAND ...`; with no command, the app.

    dispatch.py     main(argv): parse, run one command, errors → message + exit status
    parser.py       the one parser, and which module runs which command (COMMANDS)
    help_text.py    program name, each command's description, defaults, example, exit codes
    route.py        does a command line go to a command, the app, or "unknown command"?
    interrupt.py    Ctrl+C (and SIGTERM) during a run: stop after the current step, or abort
    arguments.py    argument types and options several commands share
    devices.py      the segmenter a command runs and the words for what ran
    exit_codes.py   0 done, 1 some failed or cancelled, 2 nothing could run
    batch.py, merge.py, verify.py, models.py, import_model.py, review.py, evaluate.py,
    finetune.py     one module per command: add_arguments(parser) and run(args)

Importing this package loads neither torch nor Qt: commands import them when they run.
"""

from __future__ import annotations

from desktop.cli.dispatch import main
from desktop.cli.exit_codes import EXIT_CANNOT_RUN, EXIT_OK, EXIT_SOME_FAILED
from desktop.cli.parser import COMMANDS, build_parser

__all__ = ["COMMANDS", "EXIT_CANNOT_RUN", "EXIT_OK", "EXIT_SOME_FAILED", "build_parser", "main"]
