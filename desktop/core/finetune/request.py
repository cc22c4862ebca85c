"""The values a fine-tune takes and gives back (DESIGN §12); no torch, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import SegDeskError

DEVICES = ("auto", "cpu", "cpu-bf16", "cuda", "mps")


class FinetuneError(SegDeskError):
    """Could not run (exit 2): the message names the file or folder and the reason."""


@dataclass(frozen=True)
class FinetuneRequest:
    reviewed: Path  # a review output folder: review.csv + <rel>/<stem>_mask.png
    images: Path  # the folder the review was made on (review.csv's `file` is relative to it)
    base: str  # package name or folder; its weights are the start every time
    name: str  # the new package's name
    keep: tuple[Path, Path] | None = None  # (images, masks) of the base model's own site
    epochs: int | None = None  # None: the measured default
    holdout: float = 0.2
    seed: int = 0
    device: str = "cpu"  # auto | cpu | cpu-bf16 | cuda | mps
    models_dir: Path | None = None  # None: desktop.core.paths.user_models_dir()
    # Added beyond the agreed API (all optional):
    batch_size: int | None = None  # None: the measured default
    learning_rate: float | None = None  # None: the default (tests ruin a model with a huge one)
    encoder_learning_rate: float | None = None  # None: DEFAULT_ENCODER_RATE_FRACTION of it
    overwrite: bool = False  # replace an existing user package called `name`
    # None: BatchNorm statistics frozen unless --keep images are replayed (see run.py).
    freeze_batchnorm: bool | None = None
    # None: the default (run.DEFAULT_DISTILL). True: the replayed --keep images train towards
    # the base model's own probabilities rather than their masks.
    distill: bool | None = None


@dataclass(frozen=True)
class EpochReport:
    epoch: int  # 1-based epoch just finished
    epochs: int  # planned total
    train_loss: float
    holdout_loss: float
    holdout_dice: float  # mean Dice at model resolution on the reviewed hold-out
    best_dice: float
    keep_dice: float | None  # on the keep hold-out, when --keep
    seconds: float  # this epoch
    eta_seconds: float  # the epochs still to run, at the pace so far


@dataclass(frozen=True)
class FinetuneOutcome:
    written: bool  # True: package written; False: not better, or stopped (nothing written)
    package_dir: Path | None
    report_dir: Path  # <models>/<NAME>.finetune/ (metrics.csv, summary.json, report.html)
    base_dice: float
    new_dice: float
    difference: float
    interval: tuple[float, float]
    p_value: float | None
    keep_base_dice: float | None
    keep_new_dice: float | None
    stopped_early: bool  # cancelled: the checkpoint stays, the same request resumes
    message: str  # one plain sentence (or a few) for the user
    epochs_run: int = 0
    best_epoch: int = 0
