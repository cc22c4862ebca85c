"""Evaluation against ground truth (DESIGN §9): does the deployed model reproduce the score
recorded at training, and which of several models is better on the user's own labelled images?

Qt-free; the CLI (`python -m desktop evaluate`) and the GUI (Model › Evaluate) both sit on it.

Pairing and ground truth — `pairing`
    `pair_images(IMAGES, MASKS, recursive=, mask_suffix=, exclude=)` → `[EvaluationPair]`
    (`image`, `relative` = the `file` column, `mask` or None with `problem`, `frame`).
    `IMAGES/<rel>/x.<ext>` ↔ `MASKS/<rel>/x<S>.<any image ext>`, S = `mask_suffix` or the first
    of `DEFAULT_MASK_SUFFIXES` ("", "_mask", "_seg", "_gt") that exists. A multi-frame DICOM
    file is one pair per frame: `x.dcm#3` ↔ `x_f0003<S>.<ext>`.
    `load_ground_truth(path)` → (H, W) bool, grey ≥ 128 after conversion to one channel (JPEG
    noise is harmless); raises `GroundTruthError` naming the file. `EvaluationError`: the run
    cannot start (bad folders, no images, unwritable OUT); CLI exit status 2.

Metrics — `metrics`
    `overlap(pred, truth)` → `Overlap(tp, fp, fn)` with `.dice .iou .precision .recall`
    (both empty → dice = iou = 1; precision with no predicted foreground and recall with no
    ground-truth foreground are None = empty cell, out of the means). `pooled(overlaps)`,
    `mean_defined(values)`.

Running — `runner`
    `run = EvaluationRun(segmenters, EvaluationOptions(images_dir, masks_dir, output_dir,
    recursive=False, mask_suffix=None), cancel=threading.Event())` checks folders and OUT at
    once (raises EvaluationError). Iterate it on the thread that owns the models: it yields one
    `EvaluationRow` per (image, model) — `run.total` = images × models — with `file, model,
    status ("ok"|"failed"), error, width, height, gt_pixels, pred_pixels, dice, iou, precision,
    recall, dice_model_res, iou_model_res, seconds, image_path, mask_path`. Images and ground
    truth decode ahead (`desktop.core.prefetch.decode_ahead`); each image runs through each
    model once; missing ground truth, a size mismatch or an unreadable mask give `failed` rows
    with the reason. `cancel` is checked between images. At the end OUT/metrics.csv,
    OUT/summary.json and OUT/report.html are written atomically and `run.result`
    (`EvaluationResult`: rows, summary dict, the three paths, cancelled, worst_cases,
    exit_status) is set.
    `model_resolution_truth(transform, image, truth)`: the ground truth as a notebook validates
    it, `transform(image=image, mask=gt)["mask"] ≥ 128`.

Summary — `summary`
    `summarize(rows, segmenters, bootstrap_seed=0)` → the `summary.json` dict: per model `n`,
    `mean` (macro), `pooled` (micro dice/iou), `dice_ci95` (percentile bootstrap of the mean,
    fixed seed), `recorded` (Dice blocks of model.json's `training`), `comparison` (recorded vs
    measured at the same resolution, difference, inside the interval?, `sentence`), `verdicts`
    (sentences: reproduced or not, what moves the mean) and `verdict` (them joined); `paired`:
    for each pair of models the mean paired Dice difference, its bootstrap interval and the
    Wilcoxon signed-rank p. `bootstrap_mean_ci(values, seed=)`, `wilcoxon_p`.

Pictures — `drawing`, `report` and `plots`
    `comparison_image(image, truth, prediction)`: TP yellow, FP magenta, FN blue, ground-truth
    outline green, predicted outline white. `disagreement_image(image, mask_a, mask_b)` for
    comparing two models. `render_report(summary, rows, worst_cases)` → self-contained HTML,
    its SVG plots from `plots` (`strip_plot`: Dice per image; `paired_scatter`: A against B);
    `gallery.Gallery` keeps each model's lowest-Dice results as `WorstCase` thumbnails.
"""

from desktop.core.evaluation.gallery import WorstCase
from desktop.core.evaluation.metrics import Overlap, mean_defined, overlap, pooled
from desktop.core.evaluation.pairing import (
    DEFAULT_MASK_SUFFIXES,
    EvaluationError,
    EvaluationPair,
    GroundTruthError,
    load_ground_truth,
    pair_images,
)
from desktop.core.evaluation.runner import (
    METRICS_FIELDS,
    EvaluationOptions,
    EvaluationResult,
    EvaluationRow,
    EvaluationRun,
    model_resolution_truth,
)

__all__ = [
    "DEFAULT_MASK_SUFFIXES",
    "METRICS_FIELDS",
    "EvaluationError",
    "EvaluationOptions",
    "EvaluationPair",
    "EvaluationResult",
    "EvaluationRow",
    "EvaluationRun",
    "GroundTruthError",
    "Overlap",
    "WorstCase",
    "load_ground_truth",
    "mean_defined",
    "model_resolution_truth",
    "overlap",
    "pair_images",
    "pooled",
]
