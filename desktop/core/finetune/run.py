"""`run_finetune`: check everything, train from the base weights, prove the result on the
held-out images with the evaluation machinery (§9), and write the new package only if it is
not worse (DESIGN §12). The report always goes to `<models>/<NAME>.finetune/`."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.errors import SegDeskError
from desktop.core.finetune import data as finetune_data
from desktop.core.finetune import status
from desktop.core.finetune.new_package import library_versions, write_finetuned_package
from desktop.core.finetune.proof import HOLDOUT_TOLERANCE, evaluate_on, verdict
from desktop.core.finetune.request import (
    EpochReport,
    FinetuneError,
    FinetuneOutcome,
    FinetuneRequest,
)
from desktop.core.finetune.status import Status
from desktop.core.finetune.trainer import KEEP_TOLERANCE

# Chosen by measurement (`python -m benchmarks.finetune full`, the README example: 24 reviewed
# site-B frames + 15 replayed site-A frames, Unet-r34 at 256², 2 cores, bf16): held-out Dice
# still rose slowly at epoch 30 with 3e-4 (0.66 → 0.87); 1e-3 made the site-A hold-out collapse
# to 0.33–0.45 in the first epochs. Then (same benchmark) batches half reviewed, half replayed,
# the encoder at a third of the rate and distillation on the replayed images: site B
# 0.789 → 0.889, site A 0.962 → 0.957; with 36 site-A frames (18 replayed) and the stronger
# augmentation, 0.899 and 0.962 (lr 1e-3 again: 0.873 and 0.868; the encoder at the full rate:
# refused by the gate). An epoch takes 4–6 s on an idle machine, the whole example ~3 min.
DEFAULT_EPOCHS = 30
DEFAULT_BATCH_SIZE = 8
DEFAULT_LEARNING_RATE = 3e-4
# The encoder learns at this fraction of the rate (the decoder and head at the full rate).
DEFAULT_ENCODER_RATE_FRACTION = 1 / 3
# Replayed --keep images train towards the base model's own probabilities (distillation):
# measured site-A validation 0.962 → 0.957 with it, → 0.882 towards the masks (benchmarks).
DEFAULT_DISTILL = True
REPORT_SUFFIX = ".finetune"
CANDIDATE_FOLDER = "candidate"
KEEP_FOLDER = "keep"


@dataclass(frozen=True)
class Plan:
    """Everything checked before any torch work."""

    request: FinetuneRequest
    base: Any  # ModelPackage
    models_dir: Path
    dest: Path
    report_dir: Path
    train: list
    holdout: list
    keep_train: list
    keep_holdout: list
    notes: tuple[Status, ...]  # status.NOTES: what the user should know before trusting it
    device: str  # torch device
    device_id: str  # as asked for: cpu, cpu-bf16, cuda, mps
    precision: str
    epochs: int
    batch_size: int
    learning_rate: float
    encoder_learning_rate: float


def plan_finetune(request: FinetuneRequest) -> Plan:
    """Check the request (FinetuneError naming the file/folder and reason) and split the data."""
    from desktop.core.package import find_package, is_valid_name

    if not is_valid_name(request.name):
        raise FinetuneError(
            f"Invalid model name '{request.name}': use letters, digits, '.', '_' or '-'."
        )
    try:
        base = find_package(request.base)
    except SegDeskError as exc:
        raise FinetuneError(str(exc)) from exc
    if request.name == base.name:
        raise FinetuneError(f"The new model needs a name other than its base's ('{base.name}').")
    models_dir = Path(request.models_dir or paths.user_models_dir()).expanduser()
    dest = models_dir / request.name
    if (paths.bundled_models_dir() / request.name).exists():
        raise FinetuneError(f"'{request.name}' is the name of a bundled model; choose another.")
    if dest.exists() and not request.overwrite:
        raise FinetuneError(
            f"A model package '{dest}' already exists; choose another name or remove it."
        )
    reviewed = finetune_data.scan_reviewed(request.reviewed, request.images)
    notes = [status.skipped(problem) for problem in reviewed.problems]
    if not reviewed.pairs:
        raise FinetuneError(
            f"'{Path(request.reviewed) / 'review.csv'}' has no accepted image whose image and "
            "mask are both present: nothing to train on."
        )
    train, holdout = finetune_data.split_holdout(
        reviewed.pairs, request.holdout, request.seed, f"'{request.reviewed}'"
    )
    keep_train: list = []
    keep_holdout: list = []
    if request.keep is None:
        notes.append(status.no_keep())
    else:
        keep_train, keep_holdout, keep_problems = finetune_data.split_keep_folders(
            *request.keep, request.seed
        )
        notes.extend(status.skipped(problem) for problem in keep_problems)
        weak = weak_keep_note(len(keep_holdout))
        if weak:
            notes.append(weak)
    device, precision = resolve_training_device(request.device)
    epochs = request.epochs if request.epochs is not None else DEFAULT_EPOCHS
    if epochs < 1:
        raise FinetuneError(f"--epochs must be at least 1, not {epochs}.")
    batch_size = request.batch_size or DEFAULT_BATCH_SIZE
    learning_rate = request.learning_rate or DEFAULT_LEARNING_RATE
    encoder_learning_rate = request.encoder_learning_rate or (
        learning_rate * DEFAULT_ENCODER_RATE_FRACTION
    )
    report_dir = models_dir / f"{request.name}{REPORT_SUFFIX}"
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FinetuneError(
            f"Cannot create the report folder '{report_dir}' ({exc.strerror or exc})."
        ) from exc
    return Plan(
        request, base, models_dir, dest, report_dir, train, holdout, keep_train, keep_holdout,
        tuple(notes), device, request.device, precision, epochs, batch_size, learning_rate,
        encoder_learning_rate,
    )  # fmt: skip


def resolve_training_device(requested: str) -> tuple[str, str]:
    """(torch device, precision). bf16 only where the CPU computes it natively (elsewhere it is
    emulated, ~100× slower): asking for it there is refused; `auto` picks it where native."""
    import torch

    from desktop.core.fast.cpu import native_bf16

    requested = (requested or "cpu").strip().lower()
    if requested == "auto":
        if torch.cuda.is_available():
            return "cuda:0", "fp32"
        return "cpu", "bf16" if native_bf16() else "fp32"
    if requested == "cpu":
        return "cpu", "fp32"
    if requested == "cpu-bf16":
        if not native_bf16():
            raise FinetuneError(
                "Device cpu-bf16: this CPU has no native bf16 (avx512_bf16 or amx_bf16), so "
                "bf16 training would be emulated and far slower; use --device cpu."
            )
        return "cpu", "bf16"
    if requested in ("cuda", "cuda:0") or requested.startswith("cuda:"):
        if not torch.cuda.is_available():
            raise FinetuneError(f"Device {requested}: no CUDA GPU is usable on this machine.")
        return ("cuda:0" if requested == "cuda" else requested), "fp32"
    if requested == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise FinetuneError("Device mps: no Apple GPU is usable on this machine.")
        return "mps", "fp32"
    raise FinetuneError(f"Unknown device '{requested}'. Use auto, cpu, cpu-bf16, cuda or mps.")


def weak_keep_note(held_out: int) -> Status | None:
    """What to tell the user when `held_out` --keep images are too few to check forgetting;
    None when they are enough."""
    advised = finetune_data.KEEP_ADVISED_HOLDOUT
    return None if held_out >= advised else status.weak_keep(held_out, advised)


def run_finetune(
    request: FinetuneRequest,
    on_epoch: Callable[[EpochReport], None] = lambda report: None,
    on_status: Callable[[Status], None] = lambda update: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> FinetuneOutcome:
    plan = plan_finetune(request)
    for note in plan.notes:
        on_status(note)
    try:
        return _run(plan, on_epoch, on_status, should_stop)
    except SegDeskError as exc:
        if isinstance(exc, FinetuneError):
            raise
        raise FinetuneError(str(exc)) from exc


def _run(plan: Plan, on_epoch, on_status, should_stop) -> FinetuneOutcome:
    import albumentations as A
    import torch

    from desktop.core.finetune import trainer
    from desktop.core.finetune.augment import training_transform
    from desktop.core.model_loader import load_network

    on_status(status.phase("reading", "reading the images…"))
    train = finetune_data.load_pairs(plan.train)
    holdout = finetune_data.load_pairs(plan.holdout)
    keep_train = finetune_data.load_pairs(plan.keep_train)
    keep_holdout = finetune_data.load_pairs(plan.keep_holdout)
    on_status(status.phase("hashing", "hashing the inputs…"))
    records = {
        "train": [pair.record() for pair in plan.train],
        "holdout": [pair.record() for pair in plan.holdout],
        "keep_train": [pair.record() for pair in plan.keep_train],
        "keep_holdout": [pair.record() for pair in plan.keep_holdout],
    }
    inference = A.from_dict(plan.base.transform)
    augmenting = training_transform(plan.base.transform)
    settings = trainer.Settings(
        epochs=plan.epochs, batch_size=plan.batch_size, learning_rate=plan.learning_rate,
        seed=plan.request.seed, device=plan.device, precision=plan.precision,
        threshold=plan.base.threshold, freeze_batchnorm=_freeze_batchnorm(plan),
        encoder_learning_rate=plan.encoder_learning_rate,
    )  # fmt: skip
    hyperparameters = _hyperparameters(settings, plan)
    fingerprint = _fingerprint(plan, records, hyperparameters, A.to_dict(augmenting))
    model = load_network(plan.base)  # the base's weights, every time
    if keep_train and _distill(plan):
        on_status(status.phase(
            "distilling", "the base model's own masks for the replayed images (distillation)…"
        ))  # fmt: skip
        keep_train = trainer.distilled(model, keep_train, inference)
    holdout_data = trainer.prepare_evaluated(holdout, inference)
    keep_data = trainer.prepare_evaluated(keep_holdout, inference) if keep_holdout else None
    on_status(status.phase(
        "training",
        f"training on {len(train)} reviewed images"
        + (f" + {len(keep_train)} of the base model's site (replay)" if keep_train else "")
        + f", {len(holdout)} held out"
        + (f" (+ {len(keep_holdout)} of the base model's site)" if keep_holdout else "")
        + f"; {plan.epochs} epochs, batch {plan.batch_size}, {plan.device} {plan.precision}",
        len(train), len(keep_train), len(holdout), len(keep_holdout), plan.epochs,
    ))  # fmt: skip
    outcome = trainer.train(
        model, train, keep_train, holdout_data, keep_data, augmenting, settings, plan.report_dir,
        fingerprint, on_epoch, on_status, should_stop,
    )  # fmt: skip
    state = outcome.state
    if outcome.stopped or outcome.best_weights is None:
        best = state.best_score[1] if state.best_score else math.nan
        return FinetuneOutcome(
            written=False, package_dir=None, report_dir=plan.report_dir,
            base_dice=state.base_scores.get("holdout_dice", math.nan), new_dice=best,
            difference=math.nan, interval=(math.nan, math.nan), p_value=None,
            keep_base_dice=None, keep_new_dice=None, stopped_early=True,
            message=f"Stopped after epoch {state.epoch} of {plan.epochs}; nothing was written. "
            "Run the same command again to resume (the best epoch so far is kept in "
            f"'{plan.report_dir}').",
            epochs_run=state.epoch, best_epoch=state.best_epoch,
        )  # fmt: skip

    model = model.cpu().float()
    model.load_state_dict({k: v.contiguous() for k, v in outcome.best_weights.items()})
    model = model.to(memory_format=torch.contiguous_format).eval()
    training = {
        "kind": "finetune",
        "base": {"name": plan.base.name, "sha256": plan.base.sha256},
        "reviewed": str(paths.absolute(plan.request.reviewed)),
        "images": str(paths.absolute(plan.request.images)),
        "train": records["train"],
        "holdout": records["holdout"],
        "keep": None if plan.request.keep is None else {
            "images": str(paths.absolute(plan.request.keep[0])),
            "masks": str(paths.absolute(plan.request.keep[1])),
            "train": records["keep_train"],
            "holdout": records["keep_holdout"],
        },
        "forgetting_checked": plan.request.keep is not None,
        "transform": A.to_dict(augmenting),
        "hyperparameters": hyperparameters,
        "seed": plan.request.seed,
        "epochs_run": state.epoch,
        "best_epoch": state.best_epoch,
        "device": plan.device_id,
        "precision": plan.precision,
        "threads": torch.get_num_threads(),
        "train_seconds": round(state.seconds, 1),
        "versions": library_versions(),
        "history": state.history,
    }  # fmt: skip
    if plan.request.keep is None:
        training["forgetting_note"] = (
            "Made without --keep: whether it forgot the site its base model was made for was "
            "not checked."
        )
    elif weak := weak_keep_note(len(plan.keep_holdout)):
        training["forgetting_note"] = weak.text
    candidate = write_finetuned_package(
        plan, model, plan.report_dir / CANDIDATE_FOLDER, training, overwrite=True
    )
    on_status(status.phase(
        "evaluating", "evaluating base and new model on the held-out images…"
    ))  # fmt: skip
    holdout_eval = evaluate_on(plan, candidate, plan.holdout, plan.report_dir)
    keep_eval = None
    if plan.keep_holdout:
        on_status(status.phase(
            "evaluating_keep",
            "evaluating base and new model on the held-out images of the base's site…",
        ))  # fmt: skip
        keep_eval = evaluate_on(
            plan, candidate, plan.keep_holdout, plan.report_dir / KEEP_FOLDER, keep=True
        )
    training["holdout_metrics"] = holdout_eval
    training["keep_holdout"] = keep_eval
    new = holdout_eval["new"]
    training["heldout"] = {  # what `models` and `evaluate` read as the recorded score
        "dice": new["dice"], "iou": new["iou"], "frames": new["n"],
        "resolution": "the image's own size", "images": "the reviewed hold-out",
    }  # fmt: skip
    low = holdout_eval["ci95"][0] if holdout_eval["ci95"] else -math.inf
    holdout_ok = low >= -HOLDOUT_TOLERANCE
    keep_ok = keep_eval is None or keep_eval["difference"] >= -KEEP_TOLERANCE
    shutil.rmtree(plan.report_dir / CANDIDATE_FOLDER, ignore_errors=True)
    written = holdout_ok and keep_ok
    message = verdict(plan, holdout_eval, keep_eval, holdout_ok, keep_ok)
    package_dir = None
    if written:
        on_status(status.phase("writing", f"writing the package {plan.dest}…", plan.dest))
        package_dir = write_finetuned_package(
            plan, model, plan.dest, training, overwrite=plan.request.overwrite
        )
    (plan.report_dir / "training.json").write_text(json.dumps(training, indent=1) + "\n", "utf-8")
    shutil.rmtree(plan.report_dir / "state", ignore_errors=True)  # finished: ~4 copies of weights
    return FinetuneOutcome(
        written=written, package_dir=package_dir, report_dir=plan.report_dir,
        base_dice=holdout_eval["base"]["dice"], new_dice=new["dice"],
        difference=holdout_eval["difference"], interval=tuple(holdout_eval["ci95"] or (0, 0)),
        p_value=holdout_eval["wilcoxon_p"],
        keep_base_dice=None if keep_eval is None else keep_eval["base"]["dice"],
        keep_new_dice=None if keep_eval is None else keep_eval["new"]["dice"],
        stopped_early=False, message=message, epochs_run=state.epoch,
        best_epoch=state.best_epoch,
    )  # fmt: skip


def _hyperparameters(settings, plan: Plan) -> dict:
    return {
        "epochs": settings.epochs, "batch_size": settings.batch_size,
        "optimizer": "Adam", "learning_rate": settings.learning_rate,
        "encoder_learning_rate": settings.encoder_learning_rate,
        "schedule": f"linear warm-up over {settings.warmup_epochs:g} epoch, cosine to "
        f"{settings.final_lr_fraction:g} of the rate",
        "loss": "BCEWithLogits + Dice (smp, binary)",
        "batchnorm": "running statistics frozen at the base model's"
        if settings.freeze_batchnorm
        else "running statistics updated (batches mix reviewed and replayed images)",
        "holdout_fraction": plan.request.holdout,
        "replay": "every epoch: each reviewed training image paired with an image of the base "
        "model's site (drawn afresh each epoch, repeated when there are fewer), so every batch "
        "is half new site, half old" if plan.keep_train else None,
        "replay_targets": None if not plan.keep_train else "the base model's own probabilities "
        "(distillation)" if _distill(plan) else "the --keep masks",
        "keep_holdout": f"{finetune_data.KEEP_HOLDOUT_FRACTION:g} of the --keep images, at "
        f"least {finetune_data.KEEP_MIN_HOLDOUT}" if plan.keep_holdout else None,
        "selection": "the epoch with the best held-out Dice at model resolution"
        + (" among those within 0.01 of the base on the keep hold-out" if plan.keep_holdout
           else "")
        + "; the hold-out also chose the epoch, so its score is a little optimistic: "
        "`evaluate` on other labelled images of the new site says more",
    }  # fmt: skip


def _distill(plan: Plan) -> bool:
    return DEFAULT_DISTILL if plan.request.distill is None else plan.request.distill


def _freeze_batchnorm(plan: Plan) -> bool:
    """Frozen when only the new site trains: its statistics alone would replace the base
    site's (issue 19 measured site-A Dice 0.96 → 0.20). With replay every batch mixes both
    sites, and updating them measured better on the new site (held-out Dice 0.85 vs 0.82 at
    epoch 15) with no loss on the old (site-A validation 0.962 → 0.965)."""
    if plan.request.freeze_batchnorm is not None:
        return plan.request.freeze_batchnorm
    return not plan.keep_train


def _fingerprint(plan: Plan, records: dict, hyperparameters: dict, transform: dict) -> str:
    import torch

    identity = {
        "base": plan.base.sha256, "records": records, "hyperparameters": hyperparameters,
        "seed": plan.request.seed, "device": plan.device, "precision": plan.precision,
        "threads": torch.get_num_threads(), "transform": transform, "versions": library_versions(),
    }  # fmt: skip
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
