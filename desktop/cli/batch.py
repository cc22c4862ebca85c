"""Headless commands (DESIGN §5): batch, verify, models, import."""

from __future__ import annotations

import argparse
import dataclasses
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.core.errors import SegDeskError

COMMANDS = ("batch", "merge", "verify", "models", "import", "review", "evaluate", "finetune")
EXIT_OK, EXIT_SOME_FAILED, EXIT_CANNOT_RUN = 0, 1, 2


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    from desktop.cli_help import (
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

    def add_command(name: str) -> argparse.ArgumentParser:
        text = COMMAND_HELP[name]
        return commands.add_parser(
            name, prog=f"{prog} {name}", help=text.summary, description=text.description,
            epilog=text.epilog(f"{prog}"), formatter_class=HelpFormatter,
        )  # fmt: skip

    batch = add_command("batch")
    batch.add_argument("input", type=Path, metavar="IN", help="folder of images to segment")
    batch.add_argument(
        "output", type=Path, metavar="OUT",
        help="folder for the results (created if missing; must differ from IN)",
    )  # fmt: skip
    _add_model_and_device(batch)
    batch.add_argument("--recursive", action="store_true", help="include subfolders of IN")
    batch.add_argument(
        "--save",
        default="mask",
        type=_output_kinds,
        metavar="KINDS",
        help="comma list of mask,overlay,prob,seg (seg: a DICOM Segmentation per DICOM file)",
    )
    batch.add_argument(
        "--overwrite",
        action="store_true",
        help="redo images a previous run with these settings already did",
    )
    batch.add_argument(
        "--threshold", type=_threshold, metavar="T",
        help="cut the probabilities at T (0 < T < 1) instead of the model's own threshold; "
        "recorded in run.json",
    )  # fmt: skip
    batch.add_argument(
        "--audit",
        type=_audit_fraction,
        default=None,
        metavar="FRACTION",
        help="approximate devices (cpu-bf16): check the first image and this share of the rest "
        "against the exact engine (default 0.02; 0 = off, 1 = every image)",
    )
    _add_scale_out(batch)
    merge = add_command("merge")
    merge.add_argument(
        "output", type=Path, metavar="OUT", help="the output folder the parts of a batch ran into"
    )

    review = add_command("review")
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

    verify = add_command("verify")
    _add_model_and_device(verify, model_help="package to test (default: every installed package)")

    add_command("models")

    import_ = add_command("import")
    import_.add_argument(
        "checkpoint", type=Path, metavar="CHECKPOINT",
        help="the notebook's weights file (.pth, .pt or .safetensors)",
    )  # fmt: skip
    import_.add_argument(
        "--name", required=True,
        help="name of the new package: letters, digits, '.', '_' or '-' (required)",
    )  # fmt: skip
    import_.add_argument(
        "--architecture", metavar="A", help="smp architecture (default: recognised)"
    )
    import_.add_argument("--encoder", metavar="E", help="encoder name (default: recognised)")
    import_.add_argument(
        "--threshold", type=_threshold, default=0.5, metavar="T",
        help="the model's threshold: mask = probability > T",
    )  # fmt: skip
    import_.add_argument(
        "--input-size", type=int, default=256, metavar="N",
        help="the side the images are resized to, as in training",
    )  # fmt: skip
    import_.add_argument(
        "--reference",
        type=Path,
        action="append",
        metavar="IMAGE",
        help="reference image for the self-test (repeatable; default: samples)",
    )
    import_.add_argument(
        "--overwrite", action="store_true", help="replace a user model of the same name"
    )
    _add_evaluate(add_command("evaluate"))
    from desktop.cli_finetune import add_arguments as add_finetune_arguments

    add_finetune_arguments(add_command("finetune"))
    return parser


def _add_scale_out(batch: argparse.ArgumentParser) -> None:
    """Parts of one batch run apart, e.g. as a Slurm job array (DESIGN §13)."""
    scale = batch.add_argument_group("splitting a batch into parts (cluster job arrays)")
    scale.add_argument(
        "--num-parts", type=_count, metavar="N",
        help="split the sorted inputs into N parts (default: $SLURM_ARRAY_TASK_COUNT, or the "
        "number recorded in OUT by the first part)",
    )  # fmt: skip
    scale.add_argument(
        "--part-id", type=_count_from_zero, metavar="K",
        help="run part K (0 <= K < N): inputs K, K+N, K+2N, ... (default: "
        "$SLURM_ARRAY_TASK_ID)",
    )  # fmt: skip
    scale.add_argument(
        "--threads", type=_count, metavar="T",
        help="use at most T threads for inference, decoding and encoding (default: "
        "$SLURM_CPUS_PER_TASK, else every core)",
    )  # fmt: skip
    scale.add_argument(
        "--quiet", action="store_true", help="no line per image; notes and one summary line only"
    )


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return value


def _count_from_zero(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 0")
    return value


def _add_evaluate(evaluate: argparse.ArgumentParser) -> None:
    evaluate.add_argument("images", type=Path, metavar="IMAGES", help="folder of images")
    evaluate.add_argument("masks", type=Path, metavar="MASKS", help="folder of ground-truth masks")
    evaluate.add_argument("output", type=Path, metavar="OUT", help="folder for the results")
    evaluate.add_argument(
        "--model",
        action="append",
        metavar="NAME|DIR",
        help="package name or folder; repeat to compare models (default: first bundled)",
    )
    evaluate.add_argument(
        "--device", default="auto",
        help="auto, cpu (exact), cpu-fast (fp32), cpu-bf16 (approximate), cuda, cuda:N or mps",
    )  # fmt: skip
    evaluate.add_argument(
        "--recursive", action="store_true", help="include subfolders (mirrored under MASKS)"
    )
    evaluate.add_argument(
        "--mask-suffix",
        metavar="S",
        help="ground truth of x.jpg is x<S>.<image ext> (default: the first of '', _mask, _seg, "
        "_gt that exists)",
    )


def _add_model_and_device(parser: argparse.ArgumentParser, model_help: str | None = None) -> None:
    parser.add_argument(
        "--model", metavar="NAME|DIR",
        help=model_help or "package name or folder (default: first bundled)",
    )  # fmt: skip
    parser.add_argument(
        "--device", default="auto",
        help="auto, cpu (exact), cpu-fast (fp32), cpu-bf16 (approximate; CPUs with native bf16 "
        "only), cuda, cuda:N or mps; the device that really ran is printed",
    )  # fmt: skip


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number; use 0 < T < 1") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"{text} is outside 0 < T < 1") from None
    return value


def _output_kinds(text: str) -> frozenset[str]:
    from desktop.core.export import SAVE_KINDS

    kinds = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not kinds or not kinds <= set(SAVE_KINDS):
        raise argparse.ArgumentTypeError(f"use a comma list of {', '.join(SAVE_KINDS)}")
    return kinds


def _audit_fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("use a fraction from 0 (off) to 1 (every image)")
    return value


def _device_text(device) -> str:
    """`cpu-bf16 — CPU bf16 (approximate), precision bf16`: what ran, in words."""
    return f"{device.id} — {device.label}, precision {device.precision}"


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    handlers = {"batch": _batch, "verify": _verify, "models": _models, "import": _import,
                "review": _review, "evaluate": _evaluate, "merge": _merge,
                "finetune": _finetune}  # fmt: skip
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


def _finetune(args: argparse.Namespace) -> int:
    from desktop.cli_finetune import run

    return run(args)


def _make_segmenter(package, device: str):
    from desktop.core.segmenter import Segmenter

    segmenter = Segmenter(package, device)
    if segmenter.fallback_reason:
        print(f"note: {segmenter.fallback_reason}; using {segmenter.device.label}", file=sys.stderr)
    return segmenter


def _batch(args: argparse.Namespace) -> int:
    from desktop.core import shard
    from desktop.core.batch import BatchOptions, BatchRun, plan_batch, prepare_batch
    from desktop.core.package import find_package

    options = BatchOptions(
        args.input, args.output, args.recursive, args.save, args.overwrite, args.threshold
    )
    if args.audit is not None:
        options = dataclasses.replace(options, audit=args.audit)
    # What the scheduler's environment says is announced, never silently used or ignored.
    request = shard.request_from(args.num_parts, args.part_id)
    threads, threads_note = shard.threads_from(args.threads)
    for note in (*request.notes, threads_note):
        if note:
            print(f"note: {note}")
    if threads is not None:
        from desktop.core.thread_budget import cap_threads

        cap_threads(threads)
    # Fail fast, before seconds of model loading: folders, then the model's name, and only then
    # create OUT (nothing is written when nothing can run).
    planned = plan_batch(options)
    package = find_package(args.model)
    prepare_batch(options)
    part = shard.resolve(
        request, options.output_dir, [item.relative for item in planned],
        lambda text: print(f"note: {text}"),
    )  # fmt: skip
    if part is not None:
        options = dataclasses.replace(options, part=part)
        shard.mark_running(options.output_dir, part)
    segmenter = _make_segmenter(package, args.device)
    cancel = threading.Event()
    run = BatchRun(segmenter, options, cancel)
    share = f" ({part}: {run.total} of {len(planned)})" if part is not None else ""
    print(
        f"{run.total} images{share}, model {segmenter.package.name}, device "
        f"{segmenter.device.id}" + (f", {threads} threads" if threads is not None else "")
    )
    if args.threshold is not None:
        print(f"threshold {args.threshold:g} (model's own: {segmenter.threshold:g})")
    if not segmenter.device.exact:
        print(f"engine: {_device_text(segmenter.device)}")
    for note in run.resume.notes:  # images done before with other settings: why they run again
        print(f"note: {note}")
    if "seg" in options.save:  # a DICOM Segmentation exists only for a DICOM source (§10)
        from desktop.core.image_io import is_dicom_path

        plain = sum(1 for item in planned if not is_dicom_path(item.source))
        if plain:
            print(f"note: {plain} of {len(planned)} inputs are not DICOM: they get no SEG file")
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())  # finish the current image
    # A scheduler stops a job with SIGTERM (scancel, time limit), then SIGKILL: the same.
    previous_term = signal.signal(signal.SIGTERM, lambda *_: cancel.set())
    try:
        for index, result in enumerate(run, start=1):
            if args.quiet and result.status != "failed":
                continue
            detail = result.error if result.status == "failed" else f"{result.seconds:.2f} s"
            if getattr(result, "warning", ""):  # e.g. a grey image given to a colour model
                detail += f" — warning: {result.warning}"
            print(f"[{index}/{run.total}] {result.file}: {result.status} {detail}", flush=True)
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.signal(signal.SIGTERM, previous_term)
    summary = run.summary
    assert summary is not None
    print(
        f"done {summary.done}, failed {summary.failed}, skipped {summary.skipped}"
        f"{', cancelled' if summary.cancelled else ''} — report: {summary.report_path}"
    )
    if summary.threshold_overridden:  # every mask differs from the model's own cut
        print(summary.threshold_text())
    for note in summary.notes:  # e.g. report.csv open in a spreadsheet: where it went instead
        print(f"note: {note}")
    if summary.mixed:  # then no single device/precision describes OUT, and the audit is theirs
        print(
            f"note: the masks in {summary.output_dir} were made by runs with different "
            f"{', '.join(summary.mixed)}; run.json's runs list says which run made which"
        )
    from desktop.core.fast.audit import describe

    audit_text = describe(summary.audit)
    if audit_text:
        print(audit_text)
    if part is not None:
        _finish_part(options.output_dir, part, summary.cancelled)
    return EXIT_SOME_FAILED if summary.failed or summary.cancelled else EXIT_OK


def _finish_part(output_dir: Path, part, cancelled: bool) -> None:
    """A part that ran to the end says so; the one that finds every part finished merges (the
    last ones may all do it at once: the merge is idempotent and writes atomically)."""
    from desktop.core import merge, shard

    if cancelled:  # its marker stays: the merge waits for this part to be run again
        print(f"note: {part} was cancelled; run it again to finish it (it resumes)")
        return
    shard.mark_finished(output_dir, part)
    _, unfinished = merge.unfinished_parts(output_dir)
    if unfinished:
        print(
            f"{part} finished; waiting for part {', '.join(map(str, unfinished))} (the last "
            f"to finish merges report.csv and run.json, or run 'merge {output_dir}')"
        )
        return
    try:
        merged = merge.merge(output_dir)
    except SegDeskError as exc:  # e.g. a part re-run meanwhile: the next finisher merges
        print(f"note: not merged yet: {exc}")
        return
    print(f"all {merged.num_parts} parts finished: merged {merged.rows} rows into "
          f"{merged.report_path} and {merged.run_path.name}")  # fmt: skip


def _merge(args: argparse.Namespace) -> int:
    from desktop.core.merge import merge

    merged = merge(args.output)
    print(f"merged {merged.num_parts} parts: {merged.rows} rows, {merged.failed} failed — "
          f"report: {merged.report_path}, {merged.run_path.name}")  # fmt: skip
    return EXIT_SOME_FAILED if merged.failed else EXIT_OK


def _review(args: argparse.Namespace) -> int:
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
        if not segmenter.device.exact:
            print(f"    engine: {_device_text(segmenter.device)}")
        all_passed &= report.passed
    print(
        "PASS means SegDesk reproduces the model's reference outputs (it runs the model as it "
        "was trained); it does not measure how accurate the model is."
    )
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


def _evaluate(args: argparse.Namespace) -> int:
    from desktop.core.evaluation.runner import (
        EvaluationOptions,
        EvaluationRun,
        plan_evaluation,
        prepare_evaluation,
    )
    from desktop.core.evaluation.summary import summary_text
    from desktop.core.package import find_package

    options = EvaluationOptions(
        args.images, args.masks, args.output, args.recursive, args.mask_suffix
    )
    # As batch: folders and model names first, OUT created only when the run can start.
    plan_evaluation(options)
    packages = [find_package(model) for model in (args.model or [None])]
    prepare_evaluation(options)
    segmenters = [_make_segmenter(package, args.device) for package in packages]
    cancel = threading.Event()
    run = EvaluationRun(segmenters, options, cancel)
    names = ", ".join(run.model_names)
    print(f"{len(run.pairs)} images, models {names}, device {segmenters[0].device.id}")
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())  # finish the current image
    try:
        for index, row in enumerate(run, start=1):
            detail = row.error if not row.ok else f"Dice {row.dice:.4f}, {row.seconds:.2f} s"
            print(f"[{index}/{run.total}] {row.file} · {row.model}: {row.status} {detail}",
                  flush=True)  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, previous)
    result = run.result
    assert result is not None
    print(summary_text(result.summary))
    print(f"results: {result.metrics_path}, {result.summary_path}, {result.report_path}")
    return result.exit_status
