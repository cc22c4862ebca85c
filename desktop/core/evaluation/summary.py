"""The evaluation's summary (`summary.json`): per model, and model against model.

Per model: n, macro means (undefined values left out), pooled (micro) Dice/IoU, a 95 % bootstrap
interval of the mean Dice (percentile method, fixed seed, so a re-run gives the same interval),
the package's recorded metrics (`training` block of `model.json`), the difference, and a
sentence saying whether the recorded score is reproduced. With two or more models, for every
pair: the mean paired Dice difference with its bootstrap interval and the Wilcoxon signed-rank
p-value over the images both models scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import numpy as np

from desktop import __version__
from desktop.core.evaluation.metrics import mean_defined, pooled

BOOTSTRAP_RESAMPLES = 10_000
CONFIDENCE = 0.95
# A difference this small is called a match: the same images through the same pipeline differ by
# a few pixels at most (1e-5 on the demo packages), another sample of images usually by far more.
MATCH_TOLERANCE = 5e-4
METRIC_NAMES = ("dice", "iou", "precision", "recall", "dice_model_res", "iou_model_res")


def bootstrap_mean_ci(
    values: Sequence[float],
    *,
    seed: int = 0,
    resamples: int = BOOTSTRAP_RESAMPLES,
    confidence: float = CONFIDENCE,
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean; the same seed gives the same interval.
    None for no values; a single value gives a zero-width interval."""
    data = np.asarray(values, dtype=np.float64)
    if data.size == 0:
        return None
    rng = np.random.default_rng(seed)
    means = np.empty(resamples, dtype=np.float64)
    chunk = max(1, 2_000_000 // data.size)  # bounded memory for large sets
    for start in range(0, resamples, chunk):
        stop = min(resamples, start + chunk)
        picks = rng.integers(0, data.size, size=(stop - start, data.size))
        means[start:stop] = data[picks].mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(low), float(high)


def wilcoxon_p(differences: Sequence[float]) -> float | None:
    """Two-sided Wilcoxon signed-rank p-value of paired differences (zeros dropped, as Wilcoxon
    did); None when fewer than one non-zero difference remains."""
    data = np.asarray(differences, dtype=np.float64)
    if np.count_nonzero(data) == 0:
        return None
    from scipy.stats import wilcoxon

    return float(wilcoxon(data, zero_method="wilcox").pvalue)


def summarize(
    rows: Sequence[Any],
    segmenters: Sequence[Any],
    *,
    bootstrap_seed: int = 0,
    run: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole summary as plain JSON-able data (see the module docstring)."""
    from desktop.core.export import model_record

    models = []
    for segmenter in segmenters:
        package = segmenter.package
        own = [row for row in rows if row.model == package.name]
        entry = {
            **model_record(package),
            "architecture": package.architecture,
            "encoder": package.encoder,
            "device": segmenter.device.id,
            "threshold": segmenter.threshold,
            **model_statistics(own, seed=bootstrap_seed),
        }
        entry["recorded"] = recorded_metrics(package.training)
        entry["comparison"] = compare_with_recorded(entry, entry["recorded"])
        for comparison in entry["comparison"]:
            comparison["sentence"] = _comparison_sentence(package.name, entry, comparison)
        entry["verdicts"] = verdict(package.name, entry)
        entry["verdict"] = " ".join(entry["verdicts"])
        models.append(entry)
    return {
        "app": {"name": "SegDesk", "version": __version__},
        **(run or {}),
        "conventions": {
            "ground_truth": "foreground where grey >= 128 after conversion to one channel",
            "image_size": "dice, iou, precision, recall: the exported mask (probability resized "
            "to the image with INTER_LINEAR, then > threshold) vs the ground truth as loaded",
            "model_resolution": "dice_model_res, iou_model_res: the model-resolution mask vs the "
            "ground truth passed through the package's transform as a mask",
            "empty": "both masks empty: dice = iou = 1; precision without predicted foreground "
            "and recall without ground-truth foreground are undefined and left out of means",
            "bootstrap": {
                "method": "percentile",
                "resamples": BOOTSTRAP_RESAMPLES,
                "confidence": CONFIDENCE,
                "seed": bootstrap_seed,
            },
        },
        "models": models,
        "paired": paired_comparisons(rows, [s.package.name for s in segmenters], bootstrap_seed),
    }


def model_statistics(rows: Sequence[Any], *, seed: int = 0) -> dict[str, Any]:
    ok = [row for row in rows if row.ok]
    dices = [row.dice for row in ok]
    dices_model_res = [row.dice_model_res for row in ok]
    image_counts = pooled(row.counts for row in ok)
    model_counts = pooled(row.counts_model_res for row in ok)
    return {
        "n": len(ok),
        "failed": len(rows) - len(ok),
        "mean": {name: mean_defined(getattr(row, name) for row in ok) for name in METRIC_NAMES},
        "n_defined": {
            name: sum(getattr(row, name) is not None for row in ok)
            for name in ("precision", "recall")
        },
        "pooled": {
            "dice": image_counts.dice if ok else None,
            "iou": image_counts.iou if ok else None,
            "dice_model_res": model_counts.dice if ok else None,
            "iou_model_res": model_counts.iou if ok else None,
        },
        "empty_ground_truth": {
            "images": sum(row.gt_pixels == 0 for row in ok),
            "with_false_positive": sum(row.gt_pixels == 0 and row.pred_pixels > 0 for row in ok),
        },
        "mean_dice_with_foreground": mean_defined(row.dice for row in ok if row.gt_pixels > 0),
        "dice_ci95": _pair(bootstrap_mean_ci(dices, seed=seed)),
        "dice_model_res_ci95": _pair(bootstrap_mean_ci(dices_model_res, seed=seed)),
        "seconds_per_image": float(np.mean([row.seconds for row in ok])) if ok else None,
        "seconds_per_image_median": float(np.median([row.seconds for row in ok])) if ok else None,
    }


def recorded_metrics(training: dict[str, Any]) -> list[dict[str, Any]]:
    """Every block of the `training` record that holds a Dice (e.g. `validation`, `heldout`),
    with what it says about how it was measured."""
    recorded = []
    for key, block in (training or {}).items():
        if not isinstance(block, dict) or not isinstance(block.get("dice"), int | float):
            continue
        resolution = str(block.get("resolution", ""))
        recorded.append({
            "name": key,
            "dice": float(block["dice"]),
            "iou": float(block["iou"]) if isinstance(block.get("iou"), int | float) else None,
            "frames": block.get("frames"),
            "empty_frames": block.get("empty_frames"),  # images without foreground, if recorded
            "seed": block.get("seed", training.get(f"{key[:3]}_seed")),
            "resolution": resolution,
            # Scored at the network's size unless the record says the image's own size.
            "model_resolution": "model" in resolution.lower() or not resolution,
        })  # fmt: skip
    return recorded


def compare_with_recorded(
    entry: dict[str, Any], recorded: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each recorded Dice against the measured mean at the same resolution."""
    comparisons = []
    for record in recorded:
        key = "dice_model_res" if record["model_resolution"] else "dice"
        measured = entry["mean"].get(key)
        interval = entry[f"{key}_ci95"]
        if measured is None:
            continue
        difference = measured - record["dice"]
        inside = interval is not None and interval[0] <= record["dice"] <= interval[1]
        comparisons.append({
            "recorded": record["name"],
            "recorded_dice": record["dice"],
            "recorded_frames": record["frames"],
            "recorded_empty_frames": record["empty_frames"],
            "recorded_resolution": record["resolution"],
            "measured": key,
            "measured_dice": measured,
            "difference": difference,
            "ci95": interval,
            "recorded_inside_ci": inside,
        })  # fmt: skip
    return comparisons


def verdict(name: str, entry: dict[str, Any]) -> list[str]:
    """Plain sentences: is the recorded score reproduced on these images, and what moves the
    mean?"""
    if entry["n"] == 0:
        return [f"{name}: no image could be scored, so nothing can be compared."]
    sentences = [comparison["sentence"] for comparison in entry["comparison"]]
    if not sentences:
        sentences.append(
            f"{name}: mean Dice {entry['mean']['dice']:.4f} on {entry['n']} images; the package "
            "records no validation Dice to compare with."
        )
    empty = entry["empty_ground_truth"]
    if empty["images"]:
        text = (
            f"{empty['images']} of the {entry['n']} images have no ground-truth foreground; "
            f"{empty['with_false_positive']} of them got foreground predicted"
        )
        if empty["with_false_positive"]:
            text += f" (Dice 0 each, {empty['with_false_positive'] / entry['n']:.3f} off the mean)"
        with_fg = entry["mean_dice_with_foreground"]
        if with_fg is not None:
            text += f"; mean Dice over the images with foreground: {with_fg:.4f}"
        sentences.append(text + ".")
    return sentences


def _comparison_sentence(name: str, entry: dict[str, Any], comparison: dict[str, Any]) -> str:
    n = entry["n"]
    where = "at model resolution" if comparison["measured"] == "dice_model_res" else "at image size"
    low, high = comparison["ci95"]
    count = comparison["recorded_frames"]
    frames = f" on {count} images" if count else ""
    text = (
        f"{name}: recorded {comparison['recorded']} Dice {comparison['recorded_dice']:.4f}"
        f"{frames}; measured here {comparison['measured_dice']:.4f} {where} on {n} images "
        f"(95 % CI {low:.4f}–{high:.4f}), difference {comparison['difference']:+.4f}. "
    )
    if abs(comparison["difference"]) < MATCH_TOLERANCE:
        return text + (
            f"Reproduced: the measured mean matches the recorded value to "
            f"{abs(comparison['difference']):.1e} (a match this close is expected only on the very "
            "images it was recorded on)."
        )
    if comparison["recorded_inside_ci"]:
        return text + (
            "Reproduced within sampling error: the recorded value lies inside the interval "
            "(only the very images it was recorded on can reproduce it exactly)."
        )
    text += (
        "Not reproduced within the sampling error of these images: the recorded value lies "
        "outside the interval. Either these images differ from the ones it was recorded on "
        "(another source, another mix of easy, hard or empty images, another labelling), or the "
        "deployed pipeline differs from training (`verify` checks the pipeline)."
    )
    empty, recorded_empty = (
        entry["empty_ground_truth"]["images"],
        comparison["recorded_empty_frames"],
    )
    if isinstance(recorded_empty, int) and count:
        text += (
            f" Empty images (no foreground: Dice 1 or 0, nothing between): {empty} of {n} here "
            f"({empty / n:.0%}), {recorded_empty} of {count} in the recorded set "
            f"({recorded_empty / count:.0%})."
        )
    return text


def paired_comparisons(
    rows: Sequence[Any], names: Sequence[str], seed: int = 0
) -> list[dict[str, Any]]:
    """For every pair of models: Dice differences (A − B) over the images both scored."""
    by_model = {name: {row.file: row.dice for row in rows if row.model == name and row.ok}
                for name in names}  # fmt: skip
    comparisons = []
    for first, second in combinations(names, 2):
        files = [file for file in by_model[first] if file in by_model[second]]
        differences = [by_model[first][file] - by_model[second][file] for file in files]
        mean = float(np.mean(differences)) if differences else None
        interval = bootstrap_mean_ci(differences, seed=seed)
        p_value = wilcoxon_p(differences)
        comparisons.append({
            "a": first,
            "b": second,
            "n": len(files),
            "mean_dice_difference": mean,
            "ci95": _pair(interval),
            "wilcoxon_p": p_value,
            "a_better": sum(d > 0 for d in differences),
            "b_better": sum(d < 0 for d in differences),
            "ties": sum(d == 0 for d in differences),
            "sentence": _paired_sentence(first, second, len(files), mean, interval, p_value),
        })  # fmt: skip
    return comparisons


def _paired_sentence(a, b, n, mean, interval, p_value) -> str:
    if not n or mean is None or interval is None:
        return f"{a} vs {b}: no image was scored by both."
    p_text = "p not defined (no difference)" if p_value is None else f"Wilcoxon p = {p_value:.3g}"
    text = (
        f"{a} − {b}: mean Dice difference {mean:+.4f} over {n} images "
        f"(95 % CI {interval[0]:+.4f} to {interval[1]:+.4f}, {p_text}). "
    )
    if interval[0] > 0 or interval[1] < 0:
        better = a if mean > 0 else b
        return text + f"{better} scores higher on these images."
    return text + "No clear difference on these images."


def _pair(interval: tuple[float, float] | None) -> list[float] | None:
    return None if interval is None else [interval[0], interval[1]]


def summary_text(summary: dict[str, Any]) -> str:
    """The summary in a few plain-text lines (the CLI prints it; the README quotes it)."""
    lines = []
    for model in summary["models"]:
        mean, ci = model["mean"], model["dice_ci95"]
        interval = "" if ci is None else f" (95 % CI {ci[0]:.4f}–{ci[1]:.4f})"
        seconds = model["seconds_per_image"]
        lines.append(
            f"{model['name']}: n {model['n']}, failed {model['failed']}, "
            f"Dice {_fmt(mean['dice'])}{interval}, IoU {_fmt(mean['iou'])}, "
            f"pooled Dice {_fmt(model['pooled']['dice'])}, "
            f"Dice at model resolution {_fmt(mean['dice_model_res'])}, "
            f"{'–' if seconds is None else f'{seconds:.3f}'} s/image"
        )
        lines.extend(f"  {sentence}" for sentence in model["verdicts"])
    for pair in summary["paired"]:
        lines.append(pair["sentence"])
    if summary.get("cancelled"):
        lines.append("Cancelled: only part of the images were scored.")
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"
