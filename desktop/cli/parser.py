"""The command line's one parser: every command's arguments, help texts from `help_text`."""

from __future__ import annotations

import argparse
from types import ModuleType

from desktop import __version__
from desktop.cli import batch, evaluate, finetune, import_model, merge, models, review, verify

# Each command is a module with `add_arguments(parser)` and `run(args) -> exit status`, in the
# order `--help` lists them; COMMANDS is the order of the usage line and of "commands: ...".
COMMAND_MODULES: dict[str, ModuleType] = {
    "batch": batch, "merge": merge, "review": review, "verify": verify, "models": models,
    "import": import_model, "evaluate": evaluate, "finetune": finetune,
}  # fmt: skip
COMMANDS = ("batch", "merge", "verify", "models", "import", "review", "evaluate", "finetune")


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    from desktop.cli.help_text import (
        COMMAND_HELP,
        TOP_DESCRIPTION,
        HelpFormatter,
        program_name,
        top_epilog,
        top_usage,
    )

    prog = prog or program_name()
    parser = argparse.ArgumentParser(
        prog=prog,
        usage=top_usage(prog, list(COMMANDS)),
        description=TOP_DESCRIPTION,
        epilog=top_epilog(prog),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"SegDesk {__version__}")
    app = parser.add_argument_group("desktop app")
    app.description = "IMAGE  an image file to open in the app (optional)"
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, module in COMMAND_MODULES.items():
        text = COMMAND_HELP[name]
        module.add_arguments(
            commands.add_parser(
                name,
                prog=f"{prog} {name}",
                help=text.summary,
                description=text.description,
                epilog=text.epilog(f"{prog}"),
                formatter_class=HelpFormatter,
            )
        )
    return parser
