"""`python -m desktop verify` (DESIGN §3): the self-test of one or every installed package."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.arguments import add_model_and_device
from desktop.cli.devices import device_text
from desktop.cli.exit_codes import EXIT_CANNOT_RUN, EXIT_OK, EXIT_SOME_FAILED
from desktop.core.errors import SegDeskError


def add_arguments(verify: argparse.ArgumentParser) -> None:
    add_model_and_device(verify, model_help="package to test (default: every installed package)")


def run(args: argparse.Namespace) -> int:
    from desktop.core.package import discover_packages, find_package
    from desktop.core.segmenter import Segmenter
    from desktop.core.verify import verify_package

    problems: tuple = ()
    if args.model:
        packages = [find_package(args.model)]
    else:
        listing = discover_packages()
        packages, problems = list(listing.packages), listing.problems
        for folder, problem in problems:
            print(f"FAIL {folder}: {problem}")
    if not packages:
        print("error: no model packages installed", file=sys.stderr)
        return EXIT_CANNOT_RUN
    all_passed = not problems  # a broken package fails the run, after the others are tested
    for package in packages:
        try:
            segmenter = Segmenter(package, args.device)
            report = verify_package(segmenter)
        except SegDeskError as exc:
            print(f"FAIL {package.name}: {exc}")
            all_passed = False
            continue
        print(report.describe())
        if not segmenter.device.exact:
            print(f"    engine: {device_text(segmenter.device)}")
        all_passed &= report.passed
    print(
        "PASS means SegDesk reproduces the model's reference outputs (it runs the model as it "
        "was trained); it does not measure how accurate the model is."
    )
    return EXIT_OK if all_passed else EXIT_SOME_FAILED
