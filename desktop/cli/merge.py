"""`python -m desktop merge` (DESIGN §13): join the parts of a batch into one report."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.exit_codes import EXIT_OK, EXIT_SOME_FAILED


def add_arguments(merge: argparse.ArgumentParser) -> None:
    merge.add_argument(
        "output", type=Path, metavar="OUT", help="the output folder the parts of a batch ran into"
    )


def run(args: argparse.Namespace) -> int:
    from desktop.core.merge import merge

    merged = merge(args.output)
    print(f"merged {merged.num_parts} parts: {merged.rows} rows, {merged.failed} failed — "
          f"report: {merged.report_path}, {merged.run_path.name}")  # fmt: skip
    return EXIT_SOME_FAILED if merged.failed else EXIT_OK
