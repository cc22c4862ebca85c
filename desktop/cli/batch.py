"""`python -m desktop batch` (DESIGN §5, §13): segment a folder, or one part of it."""

from __future__ import annotations

import argparse
import dataclasses
import threading
from pathlib import Path

from desktop.cli.arguments import add_model_and_device, at_least_one, at_least_zero, threshold
from desktop.cli.devices import device_text, make_segmenter
from desktop.cli.exit_codes import EXIT_OK, EXIT_SOME_FAILED
from desktop.cli.interrupt import stop_on_interrupt
from desktop.core.errors import SegDeskError


def add_arguments(batch: argparse.ArgumentParser) -> None:
    batch.add_argument("input", type=Path, metavar="IN", help="folder of images to segment")
    batch.add_argument(
        "output", type=Path, metavar="OUT",
        help="folder for the results (created if missing; must differ from IN)",
    )  # fmt: skip
    add_model_and_device(batch)
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
        "--threshold", type=threshold, metavar="T",
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


def _add_scale_out(batch: argparse.ArgumentParser) -> None:
    """Parts of one batch run apart, e.g. as a Slurm job array (DESIGN §13)."""
    scale = batch.add_argument_group("splitting a batch into parts (cluster job arrays)")
    scale.add_argument(
        "--num-parts", type=at_least_one, metavar="N",
        help="split the sorted inputs into N parts (default: $SLURM_ARRAY_TASK_COUNT, or the "
        "number recorded in OUT by the first part)",
    )  # fmt: skip
    scale.add_argument(
        "--part-id", type=at_least_zero, metavar="K",
        help="run part K (0 <= K < N): inputs K, K+N, K+2N, ... (default: "
        "$SLURM_ARRAY_TASK_ID)",
    )  # fmt: skip
    scale.add_argument(
        "--threads", type=at_least_one, metavar="T",
        help="use at most T threads for inference, decoding and encoding (default: "
        "$SLURM_CPUS_PER_TASK, else every core)",
    )  # fmt: skip
    scale.add_argument(
        "--quiet", action="store_true", help="no line per image; notes and one summary line only"
    )


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


def run(args: argparse.Namespace) -> int:
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
    segmenter = make_segmenter(package, args.device)
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
        print(f"engine: {device_text(segmenter.device)}")
    for note in run.resume.notes:  # images done before with other settings: why they run again
        print(f"note: {note}")
    if "seg" in options.save:  # a DICOM Segmentation exists only for a DICOM source (§10)
        from desktop.core.dicom.detect import is_dicom_file

        plain = sum(1 for item in planned if not is_dicom_file(item.source))
        if plain:
            print(f"note: {plain} of {len(planned)} inputs are not DICOM: they get no SEG file")
    # Ctrl+C, or a scheduler's SIGTERM (scancel, time limit): finish the current image.
    with stop_on_interrupt(cancel, terminate=True):
        for index, result in enumerate(run, start=1):
            if args.quiet and result.status != "failed":
                continue
            detail = result.error if result.status == "failed" else f"{result.seconds:.2f} s"
            if getattr(result, "warning", ""):  # e.g. a grey image given to a colour model
                detail += f" — warning: {result.warning}"
            print(f"[{index}/{run.total}] {result.file}: {result.status} {detail}", flush=True)
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
