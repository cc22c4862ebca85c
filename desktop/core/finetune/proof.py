"""The proof of a fine-tune: base and new model through `evaluate`'s runner (§9) on the
held-out images, the block the package records, and the sentence that says the verdict."""

from __future__ import annotations

import math
import threading
from pathlib import Path

from desktop.core.finetune.request import FinetuneError
from desktop.core.finetune.trainer import KEEP_TOLERANCE

HOLDOUT_TOLERANCE = 0.01  # the paired difference's interval may reach down to −0.01


def evaluate_on(plan, candidate: Path, pairs: list, out: Path, keep: bool = False) -> dict:
    """Base and new model on `pairs` through `evaluate`'s runner (metrics.csv, summary.json,
    report.html in `out`); returns the block the package records."""
    from desktop.core.evaluation.pairing import EvaluationPair
    from desktop.core.evaluation.runner import EvaluationOptions, EvaluationRun
    from desktop.core.package import read_package
    from desktop.core.segmenter import Segmenter

    new_package = read_package(candidate)
    segmenters = [Segmenter(new_package, "cpu"), Segmenter(plan.base, "cpu")]
    images = plan.request.keep[0] if keep else plan.request.images
    masks = plan.request.keep[1] if keep else plan.request.reviewed
    options = EvaluationOptions(Path(images), Path(masks), out, recursive=True)
    run = EvaluationRun(segmenters, options, threading.Event())
    # Only the held-out images, each with the mask it was trained against.
    run.pairs = [EvaluationPair(p.image, p.file, p.mask, frame=p.frame) for p in pairs]
    for _ in run:
        pass
    result = run.result
    assert result is not None
    if result.failed:
        bad = next(row for row in result.rows if not row.ok)
        raise FinetuneError(f"Evaluating '{bad.file}' failed: {bad.error}")
    by_name = {model["name"]: model for model in result.summary["models"]}
    paired = result.summary["paired"][0]  # a = new, b = base: new − base

    def block(name: str) -> dict:
        model = by_name[name]
        return {
            "name": name, "n": model["n"], "dice": model["mean"]["dice"],
            "iou": model["mean"]["iou"], "dice_ci95": model["dice_ci95"],
            "dice_model_res": model["mean"]["dice_model_res"],
        }  # fmt: skip

    return {
        "base": block(plan.base.name),
        "new": block(plan.request.name),
        "difference": paired["mean_dice_difference"],
        "ci95": paired["ci95"],
        "wilcoxon_p": paired["wilcoxon_p"],
        "sentence": paired["sentence"],
        "report": str(result.report_path),
    }


def verdict(plan, holdout: dict, keep: dict | None, holdout_ok: bool, keep_ok: bool) -> str:
    low, high = holdout["ci95"] or (math.nan, math.nan)
    text = (
        f"Held-out reviewed images ({holdout['new']['n']}): base Dice "
        f"{holdout['base']['dice']:.4f}, new {holdout['new']['dice']:.4f}, difference "
        f"{holdout['difference']:+.4f} (95 % CI {low:+.4f} to {high:+.4f}"
        + ("" if holdout["wilcoxon_p"] is None else f", Wilcoxon p {holdout['wilcoxon_p']:.3g}")
        + ")."
    )
    if keep is not None:
        text += (
            f" Held-out images of the base model's site ({keep['new']['n']}): base Dice "
            f"{keep['base']['dice']:.4f}, new {keep['new']['dice']:.4f} "
            f"({keep['difference']:+.4f})."
        )
    else:
        text += " Forgetting of the base model's own site was not checked (no --keep)."
    if holdout_ok and keep_ok:
        return text + f" Written: '{plan.dest}'."
    reasons = []
    if not holdout_ok:
        reasons.append(
            f"on the held-out reviewed images it may be worse than {plan.base.name} (the "
            f"interval reaches {low:+.4f}, below −{HOLDOUT_TOLERANCE})"
        )
    if not keep_ok:
        reasons.append(
            f"on the base model's own site it lost {-keep['difference']:.4f} Dice (more than "
            f"{KEEP_TOLERANCE})"
        )
    return text + " Not written: " + "; ".join(reasons) + f". Report: '{plan.report_dir}'."
