"""`python -m desktop review` (DESIGN §8): check the arguments, then open the app to review."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(review: argparse.ArgumentParser) -> None:
    review.add_argument("input", type=Path, metavar="IN", help="folder of images to review")
    review.add_argument(
        "output", type=Path, metavar="OUT",
        help="folder for the accepted masks, their provenance and review.csv (must differ from IN)",
    )  # fmt: skip
    review.add_argument(
        "--model", metavar="NAME|DIR",
        help="package name or folder (default: the app's chosen model)",
    )  # fmt: skip
    review.add_argument(
        "--device", help="auto, cpu (exact), cpu-fast (fp32), cpu-bf16 (approximate), cuda, "
        "cuda:N or mps (default: the app's choice)",
    )  # fmt: skip
    review.add_argument("--recursive", action="store_true", help="include subfolders of IN")
    review.add_argument(
        "--threshold", type=float, metavar="T",  # checked by ReviewOptions, before any window
        help="cut the probabilities at T (0 < T < 1) instead of the model's own threshold",
    )  # fmt: skip
    review.add_argument(
        "--lang", choices=("en", "id"), help="language of the window (default: system or setting)"
    )


def run(args: argparse.Namespace) -> int:
    """Check the folders, threshold and model here (exit 2 with a message, before any window),
    then open the desktop app in review mode (DESIGN §8)."""
    from desktop.core.package import find_package
    from desktop.core.review import ReviewOptions

    options = ReviewOptions(args.input, args.output, args.recursive, args.threshold)
    options.check()
    package = find_package(args.model) if args.model else None
    from desktop.ui.shell.app import run_app

    language = ["--lang", args.lang] if args.lang else []
    return run_app(language, review=options, model=package.folder if package else None,
                   device=args.device)  # fmt: skip
