"""Headless commands (DESIGN §5): batch, verify, models, import."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.core.errors import SegDeskError

COMMANDS = ("batch", "verify", "models", "import")
EXIT_OK, EXIT_SOME_FAILED, EXIT_CANNOT_RUN = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="segdesk",
        description="SegDesk: offline segmentation workstation. Without a command (or with an "
        "image path) it opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"SegDesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    batch = commands.add_parser("batch", help="segment every image in a folder")
    batch.add_argument("input", type=Path, metavar="IN")
    batch.add_argument("output", type=Path, metavar="OUT")
    _add_model_and_device(batch)
    batch.add_argument("--recursive", action="store_true", help="include subfolders")
    batch.add_argument(
        "--save",
        default="mask",
        type=_output_kinds,
        help="comma list of mask,overlay,prob,seg (default: mask; seg: DICOM SEG per DICOM file)",
    )
    batch.add_argument(
        "--overwrite",
        action="store_true",
        help="redo images a previous run with this model already did",
    )

    verify = commands.add_parser("verify", help="self-test model packages against their references")
    _add_model_and_device(verify, model_help="package to test (default: every installed package)")

    commands.add_parser("models", help="list installed model packages")

    import_ = commands.add_parser("import", help="make a model package from a notebook checkpoint")
    import_.add_argument("checkpoint", type=Path, metavar="CHECKPOINT")
    import_.add_argument("--name", required=True)
    import_.add_argument("--architecture", help="smp architecture (default: recognised)")
    import_.add_argument("--encoder", help="encoder name (default: recognised)")
    import_.add_argument("--threshold", type=float, default=0.5)
    import_.add_argument("--input-size", type=int, default=256, help="Resize size (default 256)")
    import_.add_argument(
        "--reference",
        type=Path,
        action="append",
        help="reference image for the self-test (repeatable; default: samples)",
    )
    import_.add_argument("--overwrite", action="store_true")
    return parser


def _add_model_and_device(parser: argparse.ArgumentParser, model_help: str | None = None) -> None:
    parser.add_argument(
        "--model", help=model_help or "package name or folder (default: first bundled)"
    )
    parser.add_argument("--device", default="auto", help="auto, cpu, cpu-fast, cuda, cuda:N or mps")


def _output_kinds(text: str) -> frozenset[str]:
    from desktop.core.export import SAVE_KINDS

    kinds = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not kinds or not kinds <= set(SAVE_KINDS):
        raise argparse.ArgumentTypeError(f"use a comma list of {', '.join(SAVE_KINDS)}")
    return kinds


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    handlers = {"batch": _batch, "verify": _verify, "models": _models, "import": _import}
    if args.command not in handlers:
        build_parser().print_help()
        return EXIT_CANNOT_RUN
    try:
        return handlers[args.command](args)
    except SegDeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except OSError as exc:  # e.g. an unwritable models folder: a message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN


def _make_segmenter(package, device: str):
    from desktop.core.segmenter import Segmenter

    segmenter = Segmenter(package, device)
    if segmenter.fallback_reason:
        print(f"note: {segmenter.fallback_reason}; using {segmenter.device.label}", file=sys.stderr)
    return segmenter


def _batch(args: argparse.Namespace) -> int:
    from desktop.core.batch import BatchOptions, BatchRun, plan_batch, prepare_batch
    from desktop.core.package import find_package

    options = BatchOptions(args.input, args.output, args.recursive, args.save, args.overwrite)
    # Fail fast, before seconds of model loading: folders, then the model's name, and only then
    # create OUT (nothing is written when nothing can run).
    plan_batch(options)
    package = find_package(args.model)
    prepare_batch(options)
    segmenter = _make_segmenter(package, args.device)
    cancel = threading.Event()
    run = BatchRun(segmenter, options, cancel)
    print(f"{run.total} images, model {segmenter.package.name}, device {segmenter.device.id}")
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())  # finish the current image
    try:
        for index, result in enumerate(run, start=1):
            detail = result.error if result.status == "failed" else f"{result.seconds:.2f} s"
            if getattr(result, "warning", ""):  # e.g. a grey image given to a colour model
                detail += f" — warning: {result.warning}"
            print(f"[{index}/{run.total}] {result.file}: {result.status} {detail}", flush=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    summary = run.summary
    assert summary is not None
    print(
        f"done {summary.done}, failed {summary.failed}, skipped {summary.skipped}"
        f"{', cancelled' if summary.cancelled else ''} — report: {summary.report_path}"
    )
    return EXIT_SOME_FAILED if summary.failed or summary.cancelled else EXIT_OK


def _verify(args: argparse.Namespace) -> int:
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
        all_passed &= report.passed
    return EXIT_OK if all_passed else EXIT_SOME_FAILED


def _models(args: argparse.Namespace) -> int:
    from desktop.core import paths
    from desktop.core.package import discover_packages

    listing = discover_packages()
    if not listing.packages and not listing.problems:
        print(
            f"No model packages in '{paths.bundled_models_dir()}' or '{paths.user_models_dir()}'."
        )
        return EXIT_SOME_FAILED
    for package in listing.packages:
        origin = "bundled" if package.bundled else "user"
        print(f"{package.summary}  [{origin}]")
        print(f"    threshold {package.threshold:g} · {package.transform_summary()}")
        metrics = _metrics_line(package.training)
        if metrics:
            print(f"    {metrics}")
        print(f"    {package.folder}")
    for folder, problem in listing.problems:
        print(f"BROKEN {folder}: {problem}")
    return EXIT_OK


def _metrics_line(training: dict) -> str:
    parts = []
    for label, key in (("held-out", "heldout"), ("validation", "validation")):
        metrics = training.get(key)
        if isinstance(metrics, dict) and "dice" in metrics:
            text = f"{label} Dice {metrics['dice']:.3f}"
            if "iou" in metrics:
                text += f", IoU {metrics['iou']:.3f}"
            parts.append(text)
    return " · ".join(parts)


def _import(args: argparse.Namespace) -> int:
    from desktop.core.package import read_package
    from desktop.core.package_import import import_checkpoint

    folder = import_checkpoint(
        args.checkpoint, args.name, args.architecture, args.encoder,
        reference_images=args.reference, threshold=args.threshold,
        input_size=args.input_size, overwrite=args.overwrite,
    )  # fmt: skip
    package = read_package(folder)
    print(f"Imported {package.summary}")
    print(f"    {folder}")
    return EXIT_OK
