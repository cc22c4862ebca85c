"""Argument types and options that more than one command shares."""

from __future__ import annotations

import argparse


def at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return value


def at_least_zero(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 0")
    return value


def threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number; use 0 < T < 1") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"{text} is outside 0 < T < 1") from None
    return value


def add_model_and_device(parser: argparse.ArgumentParser, model_help: str | None = None) -> None:
    parser.add_argument(
        "--model", metavar="NAME|DIR",
        help=model_help or "package name or folder (default: first bundled)",
    )  # fmt: skip
    parser.add_argument(
        "--device", default="auto",
        help="auto, cpu (exact), cpu-fast (fp32), cpu-bf16 (approximate; CPUs with native bf16 "
        "only), cuda, cuda:N or mps; the device that really ran is printed",
    )  # fmt: skip
