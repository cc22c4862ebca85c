"""`python -m desktop finetune` (DESIGN §12): arguments, console progress, exit status."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from desktop.cli.arguments import at_least_one
from desktop.cli.exit_codes import EXIT_OK, EXIT_SOME_FAILED
from desktop.cli.interrupt import Abort, stop_on_interrupt

# What finetune's exit codes mean (its --help says the same).
EXIT_WRITTEN, EXIT_NOT_BETTER = EXIT_OK, EXIT_SOME_FAILED

# The first Ctrl+C stops after the current step; a second aborts the run.
_STOPPING = "\nstopping after the current step (Ctrl+C again to abort)…"
_ABORTED = Abort(
    "aborted: nothing was written; the epochs finished before are kept and the same command "
    "resumes after the last of them.",
    EXIT_NOT_BETTER,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "reviewed", type=Path, metavar="REVIEWED",
        help="a review's output folder (review.csv + the accepted <stem>_mask.png files)",
    )  # fmt: skip
    parser.add_argument(
        "images", type=Path, metavar="IMAGES", help="the folder of images that was reviewed"
    )
    parser.add_argument(
        "--base", required=True, metavar="MODEL",
        help="package name or folder to start from (its weights, every time; required)",
    )  # fmt: skip
    parser.add_argument(
        "--name", required=True, metavar="NEW",
        help="name of the new package: letters, digits, '.', '_' or '-' (required)",
    )  # fmt: skip
    parser.add_argument(
        "--keep", nargs=2, type=Path, metavar=("IMAGES2", "MASKS2"),
        help="labelled images of the base model's own site: part replayed in training, part "
        "held out to check that the new model has not forgotten that site",
    )  # fmt: skip
    parser.add_argument(
        "--epochs", type=at_least_one, metavar="E", help="epochs to train (default: 30)"
    )
    parser.add_argument(
        "--holdout", type=float, default=0.2, metavar="FRACTION",
        help="share of the accepted images held out to prove the result (at least 3)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="seed of split and "
                        "augmentation")  # fmt: skip
    parser.add_argument(
        "--device", default="auto",
        help="auto (cpu-bf16 where the CPU computes bf16 natively, else cpu; a CUDA GPU first), "
        "cpu (fp32), cpu-bf16, cuda or mps",
    )  # fmt: skip
    parser.add_argument(
        "--batch-size", type=at_least_one, metavar="N", help="images per step (default: 8)"
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace a user model package called NEW"
    )
    # Not advertised: tests ruin a model on purpose with a huge rate (the default is measured).
    parser.add_argument("--learning-rate", type=float, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from desktop.core.finetune import FinetuneRequest, run_finetune

    request = FinetuneRequest(
        reviewed=args.reviewed, images=args.images, base=args.base, name=args.name,
        keep=tuple(args.keep) if args.keep else None, epochs=args.epochs,
        holdout=args.holdout, seed=args.seed, device=args.device,
        batch_size=args.batch_size, overwrite=args.overwrite,
        learning_rate=args.learning_rate,
    )  # fmt: skip
    stop = threading.Event()
    with stop_on_interrupt(stop, notice=_STOPPING, second=_ABORTED):
        outcome = run_finetune(
            request, on_epoch=_print_epoch, on_status=_print_status, should_stop=stop.is_set
        )
    print(outcome.message)
    if outcome.stopped_early:
        return EXIT_NOT_BETTER
    print(f"report: {outcome.report_dir / 'report.html'}")
    if outcome.written:
        print(f"new model: {outcome.package_dir} (use it with --model {args.name})")
        return EXIT_WRITTEN
    return EXIT_NOT_BETTER


def _print_status(update) -> None:
    print(update.console(), flush=True)


def _print_epoch(report) -> None:
    keep = "" if report.keep_dice is None else f", keep Dice {report.keep_dice:.4f}"
    print(
        f"epoch {report.epoch}/{report.epochs}: loss {report.train_loss:.4f}, held-out loss "
        f"{report.holdout_loss:.4f}, Dice {report.holdout_dice:.4f} (best {report.best_dice:.4f})"
        f"{keep} · {report.seconds:.1f} s · ETA {_duration(report.eta_seconds)}",
        flush=True,
    )


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
