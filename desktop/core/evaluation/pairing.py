"""Which ground-truth file belongs to which image (DESIGN §9), and reading it.

`IMAGES/<rel>/x.<ext>` pairs with `MASKS/<rel>/x<S>.<any image ext>`, S being the suffix asked
for, or else the first of `""`, `"_mask"`, `"_seg"`, `"_gt"` for which a file exists. Extensions
match in any case. Images are found exactly as `batch` finds its inputs (hidden files and
folders skipped, subfolders only with `recursive`).

DICOM inputs (DESIGN §10) pair the same way; a multi-frame `x.dcm` is one input per frame —
`file` is `x.dcm#3` (1-based) and its ground truth `x_f0003<S>.<ext>`, named like the masks
`batch` writes for that frame.

Ground truth is foreground where its grey value is ≥ 128 after conversion to one channel, so
0/255 masks, anti-aliased or JPEG-compressed masks and colour masks on black all read right.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from desktop.core.batch import _scan as scan_inputs  # the batch's notion of an input
from desktop.core.dicom.detect import is_dicom_file
from desktop.core.errors import ImageLoadError, SegDeskError
from desktop.core.image_io import (
    frame_count,
    is_image_file,
    load_rgb,
    sniff_format,
)

DEFAULT_MASK_SUFFIXES = ("", "_mask", "_seg", "_gt")
GROUND_TRUTH_THRESHOLD = 128  # grey value ≥ this is foreground
_LOSSLESS = ("PNG", "BMP", "TIFF")


class EvaluationError(SegDeskError):
    """An evaluation that cannot start at all (bad folders, no images, unwritable output)."""


class GroundTruthError(SegDeskError):
    """A ground-truth file that cannot be used, and why (the row becomes `failed`)."""


@dataclass(frozen=True)
class EvaluationPair:
    """One image and its ground truth (`mask` is None when none was found: see `problem`)."""

    image: Path
    relative: str  # path relative to IMAGES with '/' separators (+ `#k` for a frame): `file`
    mask: Path | None
    problem: str = ""
    frame: int | None = None  # 0-based frame of a multi-frame DICOM file


def pair_images(
    images_dir: Path | str,
    masks_dir: Path | str,
    *,
    recursive: bool = False,
    mask_suffix: str | None = None,
    exclude: Path | str | None = None,
) -> list[EvaluationPair]:
    """Every image under IMAGES with its ground truth, in input order.

    `exclude` is a folder whose contents are not inputs (the output folder, when it lies inside
    IMAGES). When MASKS lies inside IMAGES its files are not inputs either, and when both are the
    same folder a file never pairs with itself and files serving as another image's ground
    truth are not inputs. Raises EvaluationError when the folders are unusable.
    """
    images_dir, masks_dir = Path(images_dir).expanduser(), Path(masks_dir).expanduser()
    for label, folder in (("Images", images_dir), ("Ground-truth", masks_dir)):
        if not folder.exists():
            raise EvaluationError(f"{label} folder '{folder}' does not exist.")
        if not folder.is_dir():
            raise EvaluationError(f"{label} folder '{folder}' is not a folder.")
    if mask_suffix is not None and ("/" in mask_suffix or "\\" in mask_suffix):
        raise EvaluationError(f"The mask suffix '{mask_suffix}' must not contain a path separator.")
    suffixes = DEFAULT_MASK_SUFFIXES if mask_suffix is None else (mask_suffix,)
    images_real, masks_real = images_dir.resolve(), masks_dir.resolve()
    # The scan compares resolved (absolute) folders with `exclude`: Path() matches none of them.
    excluded = Path(exclude).expanduser().resolve() if exclude is not None else Path()
    sources = scan_inputs(images_dir, recursive, exclude=excluded)
    if masks_real != images_real and images_real in masks_real.parents:
        sources = [s for s in sources if masks_real not in s.resolve().parents]
    listing = _FolderListing()
    pairs = []
    for source in sources:
        relative = source.relative_to(images_dir)
        folder = masks_dir / relative.parent
        for label, stem, frame in _inputs_of(source, relative):
            mask, problem = _find_mask(listing, folder, stem, suffixes, source)
            pairs.append(EvaluationPair(source, label, mask, problem, frame))
    if masks_real == images_real:
        used = {pair.mask.resolve() for pair in pairs if pair.mask is not None}
        pairs = [pair for pair in pairs if pair.image.resolve() not in used]
    return pairs


def _inputs_of(source: Path, relative: Path) -> list[tuple[str, str, int | None]]:
    """(file label, ground-truth stem, frame) for each input in `source`: one, or one per frame
    of a multi-frame DICOM file."""
    frames = 1
    if is_dicom_file(source):
        try:
            frames = frame_count(source)
        except (SegDeskError, OSError):
            frames = 1  # unreadable: it fails at loading, with the reason
    if frames <= 1:
        return [(relative.as_posix(), relative.stem, None)]
    return [
        (f"{relative.as_posix()}#{k + 1}", f"{relative.stem}_f{k + 1:04d}", k)
        for k in range(frames)
    ]


def _find_mask(
    listing: _FolderListing, folder: Path, stem: str, suffixes: tuple[str, ...], source: Path
) -> tuple[Path | None, str]:
    for suffix in suffixes:
        found = [
            path
            for path in listing.images(folder, stem + suffix)
            if path.resolve() != source.resolve()
        ]
        if len(found) == 1:
            return found[0], ""
        if len(found) > 1:
            names = ", ".join(path.name for path in found)
            return None, f"more than one ground-truth file fits ({names}) in '{folder}'"
    tried = " or ".join(f"'{stem}{suffix}.<image ext>'" for suffix in suffixes)
    return None, f"no ground truth: looked for {tried} in '{folder}'"


class _FolderListing:
    """Each ground-truth folder listed once: stem → image files with that stem."""

    def __init__(self) -> None:
        self._folders: dict[Path, dict[str, list[Path]]] = {}

    def images(self, folder: Path, stem: str) -> list[Path]:
        if folder not in self._folders:
            by_stem: dict[str, list[Path]] = {}
            try:
                entries = sorted(folder.iterdir())
            except OSError:
                entries = []
            for path in entries:
                if not path.name.startswith(".") and is_image_file(path) and path.is_file():
                    by_stem.setdefault(path.stem, []).append(path)
            self._folders[folder] = by_stem
        return self._folders[folder].get(stem, [])


def load_ground_truth(path: Path | str) -> np.ndarray:
    """The ground-truth mask as (H, W) bool: grey ≥ 128 after conversion to one channel.

    Decoded like any image (same checks for truncated or bogus files); colour masks are reduced
    to grey with OpenCV's luminance weights, 16-bit masks to 8 bits. A lossless mask holding only
    the values 0 and 1 is refused: it is a 0/1 label image, which under the ≥ 128 rule would read
    as empty and score every prediction as wrong. Raises GroundTruthError naming the file.
    """
    path = Path(path)
    try:
        rgb = load_rgb(path)
    except ImageLoadError as exc:
        raise GroundTruthError(f"Cannot read ground truth '{path}': {exc.reason}") from exc
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if grey.max(initial=0) == 1 and _is_lossless(path):
        raise GroundTruthError(
            f"Ground truth '{path}' holds only the values 0 and 1 (a label image?); SegDesk reads "
            "foreground as grey ≥ 128, so save masks as 0 = background, 255 = foreground."
        )
    return grey >= GROUND_TRUTH_THRESHOLD


def _is_lossless(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return sniff_format(handle.read(16)) in _LOSSLESS
    except OSError:
        return False
