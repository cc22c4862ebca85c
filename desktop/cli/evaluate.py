"""`python -m desktop evaluate` (DESIGN §9): models against ground-truth masks."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from desktop.cli.devices import make_segmenter
from desktop.cli.interrupt import stop_on_interrupt


def add_arguments(evaluate: argparse.ArgumentParser) -> None:
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


def run(args: argparse.Namespace) -> int:
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
    segmenters = [make_segmenter(package, args.device) for package in packages]
    cancel = threading.Event()
    run = EvaluationRun(segmenters, options, cancel)
    names = ", ".join(run.model_names)
    print(f"{len(run.pairs)} images, models {names}, device {segmenters[0].device.id}")
    with stop_on_interrupt(cancel):  # Ctrl+C: finish the current image
        for index, row in enumerate(run, start=1):
            detail = row.error if not row.ok else f"Dice {row.dice:.4f}, {row.seconds:.2f} s"
            print(f"[{index}/{run.total}] {row.file} · {row.model}: {row.status} {detail}",
                  flush=True)  # fmt: skip
    result = run.result
    assert result is not None
    print(summary_text(result.summary))
    print(f"results: {result.metrics_path}, {result.summary_path}, {result.report_path}")
    return result.exit_status
