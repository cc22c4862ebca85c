"""What a fine-tune learns from: the accepted masks of a review, the images they belong to, the
optional labelled images of the base model's own site, and the seeded hold-out split.

Nothing here needs torch: the app's dialog calls `scan_reviewed` to show how many images are
accepted and edited before anything heavy is loaded.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop.core.errors import SegDeskError
from desktop.core.finetune.request import FinetuneError
from desktop.core.package import file_sha256
from desktop.core.review.review_log import LOG_NAME, latest_by_file, read_rows
from desktop.core.review.states import ACCEPTED

MIN_HOLDOUT = 3
# The keep hold-out is the forgetting gate: 4 frames of site A saw 0.960 → 0.955 while 24 other
# site-A frames lost 0.05 (one lesion-free frame marked, Dice 0, is a 1-in-24 event), so it takes
# half of the keep images, at least this many.
KEEP_HOLDOUT_FRACTION = 0.5
KEEP_MIN_HOLDOUT = 8
# Below this many the gate is said to be weak: on the demo an 18-frame keep hold-out accepted
# epochs that marked lesion-free frames of site A it had not seen, while 36 and 100 held-out
# frames showed it (benchmarks/finetune.py, `epochs`).
KEEP_ADVISED_HOLDOUT = 30


@dataclass(frozen=True)
class Pair:
    """One training or held-out image with its mask; `file` is the name reports use."""

    image: Path
    mask: Path
    file: str  # relative to IMAGES with '/' separators (review.csv's `file`)
    frame: int | None = None  # 0-based frame of a multi-frame DICOM file
    edited: bool = False

    def record(self) -> dict[str, str]:
        """`{file, image_sha256, mask_sha256}` for the package's `training` block."""
        return {
            "file": self.file,
            "image_sha256": file_sha256(self.image),
            "mask_sha256": file_sha256(self.mask),
        }


@dataclass(frozen=True)
class ReviewedSet:
    pairs: tuple[Pair, ...]  # every accepted row with both files, in review.csv's order
    accepted: int  # accepted rows usable (= len(pairs))
    edited: int  # of which the clinician edited
    problems: tuple[str, ...]  # rows skipped and why, one sentence each


def scan_reviewed(reviewed: Path, images: Path) -> ReviewedSet:
    """The accepted rows of `reviewed/review.csv` (the last row of a file counts; edited and
    unedited alike), each paired with its image in `images` and `reviewed/<rel>/<stem>_mask.png`.
    Raises FinetuneError when the folders or the log cannot be used at all."""
    from desktop.core.batch import BatchOptions, plan_batch
    from desktop.core.review.starting_mask import mask_path

    reviewed, images = Path(reviewed).expanduser(), Path(images).expanduser()
    _need_folder(reviewed, "Reviewed folder")
    _need_folder(images, "Images folder")
    log = reviewed / LOG_NAME
    if not log.is_file():
        raise FinetuneError(
            f"'{log}' does not exist: REVIEWED must be a folder a review wrote "
            "('python -m desktop review IN OUT' or File › Review Folder…)."
        )
    rows = read_rows(log)
    if not rows:
        raise FinetuneError(f"'{log}' holds no readable rows (is it a SegDesk review.csv?).")
    try:  # the review's own plan says where each image's mask was written
        items = plan_batch(BatchOptions(images, reviewed, recursive=True))
    except SegDeskError as exc:
        raise FinetuneError(str(exc)) from exc
    by_file = {item.relative: item for item in items}
    pairs, problems = [], []
    for row in latest_by_file(rows).values():
        if row.state != ACCEPTED:
            continue
        item = by_file.get(row.file)
        if item is None:
            problems.append(f"{row.file}: no such image in '{images}' (skipped)")
            continue
        mask = mask_path(item)
        if not mask.is_file():
            problems.append(f"{row.file}: its accepted mask '{mask}' is missing (skipped)")
            continue
        pairs.append(Pair(item.source, mask, row.file, item.frame, row.edited))
    return ReviewedSet(tuple(pairs), len(pairs), sum(p.edited for p in pairs), tuple(problems))


def scan_keep(images: Path, masks: Path) -> tuple[list[Pair], list[str]]:
    """Labelled images of the base model's own site, paired as `evaluate` pairs them (§9)."""
    from desktop.core.evaluation.pairing import pair_images

    images, masks = Path(images).expanduser(), Path(masks).expanduser()
    _need_folder(images, "--keep images folder")
    _need_folder(masks, "--keep masks folder")
    try:
        found = pair_images(images, masks, recursive=True)
    except SegDeskError as exc:
        raise FinetuneError(str(exc)) from exc
    pairs = [Pair(p.image, p.mask, p.relative, p.frame) for p in found if p.mask is not None]
    problems = [f"{p.relative}: {p.problem} (skipped)" for p in found if p.mask is None]
    return pairs, problems


def split_holdout(
    pairs: list[Pair] | tuple[Pair, ...], fraction: float, seed: int, what: str,
    minimum: int = MIN_HOLDOUT,
) -> tuple[list[Pair], list[Pair]]:
    """(train, holdout): the hold-out is `fraction` of the pairs (at least `minimum`, and never
    fewer than MIN_HOLDOUT), chosen by a seeded hash of each file's name, so it depends neither
    on the order of the rows nor on how the files were read. At least one pair must be left to
    train."""
    if not 0.0 < fraction < 1.0:
        raise FinetuneError(f"The hold-out fraction must lie between 0 and 1, not {fraction:g}.")
    count = max(MIN_HOLDOUT, minimum, math.ceil(fraction * len(pairs)))
    if len(pairs) < count + 1:
        raise FinetuneError(
            f"{what}: {len(pairs)} usable images; at least {count + 1} are needed "
            f"({count} held out to prove the result, at least 1 to train on)."
        )
    ranked = sorted(pairs, key=lambda pair: _rank(seed, pair.file))
    chosen = {pair.file for pair in ranked[:count]}
    train = [pair for pair in pairs if pair.file not in chosen]
    holdout = [pair for pair in pairs if pair.file in chosen]
    return train, holdout


def split_keep(
    pairs: list[Pair] | tuple[Pair, ...], seed: int, what: str
) -> tuple[list[Pair], list[Pair]]:
    """(replayed, held out) of the base model's own site: half held out, at least
    KEEP_MIN_HOLDOUT while one image is left to replay (with few images the gate matters more
    than the replay), never fewer than MIN_HOLDOUT."""
    minimum = max(MIN_HOLDOUT, min(KEEP_MIN_HOLDOUT, len(pairs) - 1))
    return split_holdout(pairs, KEEP_HOLDOUT_FRACTION, seed, what, minimum)


def split_keep_folders(
    images: Path, masks: Path, seed: int
) -> tuple[list[Pair], list[Pair], list[str]]:
    """(replayed, held out, problems) of `--keep IMAGES MASKS` as a run splits them; a
    FinetuneError naming the folder when they cannot be used (missing, or too few pairs)."""
    pairs, problems = scan_keep(images, masks)
    replayed, held_out = split_keep(pairs, seed, f"--keep '{images}'")
    return replayed, held_out, problems


def _rank(seed: int, file: str) -> str:
    return hashlib.sha256(f"{seed}\0{file}".encode()).hexdigest()


@dataclass(frozen=True)
class LoadedPair:
    pair: Pair
    image: np.ndarray  # (H, W, 3) uint8 RGB as the package's loader decodes it
    mask: np.ndarray  # (H, W) uint8, 0 or 255; or 0–255 as a probability when `soft`
    soft: bool = False  # the mask is the base model's probability (distillation), not a truth


def load_pairs(pairs: list[Pair], on_problem=None) -> list[LoadedPair]:
    """Decode every pair; an unreadable file or a mask of another size is an error naming it."""
    from desktop.core.evaluation.pairing import load_ground_truth
    from desktop.core.image_io import load_rgb

    loaded = []
    for pair in pairs:
        try:
            image = load_rgb(pair.image, pair.frame)
            truth = load_ground_truth(pair.mask)
        except SegDeskError as exc:
            raise FinetuneError(f"{pair.file}: {exc}") from exc
        if truth.shape != image.shape[:2]:
            raise FinetuneError(
                f"The mask '{pair.mask}' is {truth.shape[1]}×{truth.shape[0]} but its image "
                f"'{pair.image}' is {image.shape[1]}×{image.shape[0]}."
            )
        loaded.append(LoadedPair(pair, image, truth.astype(np.uint8) * np.uint8(255)))
    return loaded


def _need_folder(folder: Path, label: str) -> None:
    if not folder.exists():
        raise FinetuneError(f"{label} '{folder}' does not exist.")
    if not folder.is_dir():
        raise FinetuneError(f"{label} '{folder}' is not a folder.")
