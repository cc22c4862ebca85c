"""Regenerate the fine-tuning demo data (issue 19): `resources/site-a` and `resources/site-b`.

    python tools/make_site_data.py            # writes into resources/
    python tools/make_site_data.py --out DIR  # elsewhere (e.g. to compare with the shipped set)

Site B is a second hospital (``synthetic_data.SITE_B``) the bundled models never saw:

- ``site-b/images/``: the frames a clinician reviewed, and ``site-b/reviewed/`` the finished
  review, written by the app's own review code (`ReviewSession.accept`): each frame was
  segmented by the base model, that mask was the starting mask, and the accepted mask is the
  exact ground truth. A row is ``edited`` when the model's mask had to be corrected.
- ``site-b/eval/images`` + ``masks``: more site-B frames, never reviewed, to measure on.

``site-a/images`` + ``masks`` are frames in the style the bundled models were trained on
(site A), from a seed no training, validation or shipped set uses: what `finetune --keep`
replays and checks for forgetting.

Images are JPEG quality 95 like ``resources/validation``; masks are PNG 0/255. Frame names
carry the set (``siteb-0007.jpg``) so files of different sets never share a name.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_data import (  # noqa: E402
    SITE_A_KEEP_SEED,
    SITE_B_EVALUATION_SEED,
    SITE_B_REVIEWED_SEED,
    make_frame,
)

REPO = Path(__file__).resolve().parent.parent
JPEG_QUALITY = 95  # as resources/validation
BASE_MODEL = "demo-unet-resnet34"


@dataclass(frozen=True)
class FrameSet:
    """``count`` frames of stream ``seed`` in a site's style, named ``<prefix>-NNNN``."""

    site: str
    seed: int
    count: int
    prefix: str

    def names(self) -> list[str]:
        return [f"{self.prefix}-{index:04d}" for index in range(self.count)]

    def frame(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(RGB, mask 0/255) of one frame of this set, from its name."""
        index = int(name.rsplit("-", 1)[1])
        return make_frame(self.seed, index, self.site)


SITE_B_REVIEWED = FrameSet("b", SITE_B_REVIEWED_SEED, 30, "siteb")
SITE_B_EVAL = FrameSet("b", SITE_B_EVALUATION_SEED, 20, "siteb-eval")
SITE_A_KEEP = FrameSet("a", SITE_A_KEEP_SEED, 36, "sitea")


def write_frames(frames: FrameSet, images_dir: Path, masks_dir: Path | None) -> None:
    """Each frame as ``images_dir/<name>.jpg`` and, when given, ``masks_dir/<name>.png``."""
    images_dir.mkdir(parents=True, exist_ok=True)
    if masks_dir is not None:
        masks_dir.mkdir(parents=True, exist_ok=True)
    for name in frames.names():
        rgb, mask = frames.frame(name)
        quality = [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY]
        cv2.imwrite(str(images_dir / f"{name}.jpg"), rgb[..., ::-1], quality)
        if masks_dir is not None:
            cv2.imwrite(str(masks_dir / f"{name}.png"), mask)


def review(frames: FrameSet, images_dir: Path, reviewed_dir: Path, model: str) -> None:
    """A finished review of ``images_dir`` into ``reviewed_dir``, through the app's own code:
    the base model segments each image (the starting mask) and the ground truth is accepted,
    so the log says which masks the clinician had to correct."""
    # Imported here: writing frames needs only numpy and OpenCV, the review needs the app.
    from desktop.core.image_io import load_rgb
    from desktop.core.package import find_package
    from desktop.core.review import BaseMask, ReviewOptions, ReviewSession
    from desktop.core.review.session import Draft
    from desktop.core.segmenter import Segmenter

    package = find_package(model)
    segmenter = Segmenter(package, "cpu")
    session = ReviewSession(ReviewOptions(images_dir, reviewed_dir))
    for index, item in enumerate(session.items):
        prediction = segmenter.predict(load_rgb(item.source))
        truth = frames.frame(item.source.stem)[1] > 0
        draft = Draft(BaseMask.from_prediction(prediction, package), truth, prediction, package)
        row = session.accept(index, draft)
        print(f"{row.file}: edited {row.edited}, +{row.pixels_added} -{row.pixels_removed} px")


def make_all(out: Path, model: str = BASE_MODEL) -> None:
    """Write site-a/ and site-b/ under ``out`` afresh (their old contents are removed)."""
    site_a, site_b = out / "site-a", out / "site-b"
    for folder in (site_a / "images", site_a / "masks", site_b / "images",
                   site_b / "reviewed", site_b / "eval"):  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
    write_frames(SITE_A_KEEP, site_a / "images", site_a / "masks")
    write_frames(SITE_B_EVAL, site_b / "eval" / "images", site_b / "eval" / "masks")
    write_frames(SITE_B_REVIEWED, site_b / "images", None)
    review(SITE_B_REVIEWED, site_b / "images", site_b / "reviewed", model)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "resources",
        help="folder that receives site-a/ and site-b/ (default: resources/)",
    )
    parser.add_argument("--model", default=BASE_MODEL,
                        help="the model whose masks the review starts from")  # fmt: skip
    args = parser.parse_args(argv)
    make_all(args.out, args.model)


if __name__ == "__main__":
    main()
