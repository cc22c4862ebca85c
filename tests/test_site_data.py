"""The synthetic sites (issue 19): site A unchanged for the bundled models, site B a different
hospital, and the shipped `resources/site-a` / `resources/site-b` regenerable and complete."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import make_site_data  # noqa: E402
import synthetic_data  # noqa: E402
from make_site_data import SITE_A_KEEP, SITE_B_EVAL, SITE_B_REVIEWED  # noqa: E402
from synthetic_data import make_frame  # noqa: E402

from desktop.core.review import ACCEPTED, ReviewOptions, ReviewSession  # noqa: E402
from desktop.core.review.review_log import read_rows  # noqa: E402

RESOURCES = ROOT / "resources"
SITE_A = RESOURCES / "site-a"
SITE_B = RESOURCES / "site-b"

# sha256 of make_frame(5000, 0)'s RGB + mask bytes + shape, computed before sites existed: the
# bundled models were trained on this style, so the default output must never change.
SITE_A_FRAME_5000_0 = "396e68f942308002906c6e14e5f0d11852631e2bb55d3611c39b8d433015ae8e"


def _jpeg95(rgb: np.ndarray) -> np.ndarray:
    """The pixels a reader gets from the frame written as the shipped sets are (quality 95)."""
    ok, encoded = cv2.imencode(".jpg", rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert ok
    return cv2.imdecode(encoded, cv2.IMREAD_COLOR)[..., ::-1]


def _read_rgb(path: Path) -> np.ndarray:
    return cv2.imread(str(path), cv2.IMREAD_COLOR)[..., ::-1]


def _read_mask(path: Path) -> np.ndarray:
    return cv2.imread(str(path), cv2.IMREAD_UNCHANGED)


def test_default_style_is_unchanged():
    rgb, mask = make_frame(5000, 0)
    digest = hashlib.sha256(rgb.tobytes() + mask.tobytes() + str(rgb.shape).encode())
    assert digest.hexdigest() == SITE_A_FRAME_5000_0
    assert np.array_equal(make_frame(5000, 0, "a")[0], rgb)


@pytest.mark.parametrize("index", [3, 7])
def test_default_style_still_makes_the_shipped_validation_frames(index):
    rgb, mask = make_frame(synthetic_data.EVALUATION_SEED, index)
    validation = RESOURCES / "validation"
    assert np.array_equal(mask, _read_mask(validation / "masks" / f"{index:04d}.png"))
    assert np.array_equal(_jpeg95(rgb), _read_rgb(validation / "images" / f"{index:04d}.jpg"))


def test_site_b_is_another_style_with_the_same_lesion_concept():
    rgb_a, _ = make_frame(SITE_B_REVIEWED.seed, 0, "a")
    rgb_b, mask_b = make_frame(SITE_B_REVIEWED.seed, 0, "b")
    height, width = mask_b.shape
    assert (width, height) in synthetic_data.SITE_B.frame_sizes
    assert set(np.unique(mask_b)) <= {0, 255}
    assert rgb_a.shape != rgb_b.shape or not np.array_equal(rgb_a, rgb_b)
    # The warm light: site B's blue channel sits well below site A's on average.
    blue_b = np.mean([make_frame(8000, i, "b")[0][..., 2].mean() for i in range(3)])
    blue_a = np.mean([make_frame(8000, i, "a")[0][..., 2].mean() for i in range(3)])
    assert blue_b < 0.8 * blue_a


def test_demo_seeds_are_disjoint_from_every_other_stream():
    used = {synthetic_data.TRAIN_SEED, synthetic_data.VAL_SEED, synthetic_data.HELDOUT_SEED,
            synthetic_data.SAMPLES_SEED, synthetic_data.EVALUATION_SEED}  # fmt: skip
    demo = [SITE_A_KEEP.seed, SITE_B_REVIEWED.seed, SITE_B_EVAL.seed]
    assert len(set(demo)) == 3 and not used & set(demo)


@pytest.mark.parametrize(
    ("frames", "image", "mask"),
    [
        (
            SITE_B_REVIEWED,
            SITE_B / "images" / "siteb-0004.jpg",
            SITE_B / "reviewed" / "siteb-0004_mask.png",
        ),
        (
            SITE_B_EVAL,
            SITE_B / "eval" / "images" / "siteb-eval-0002.jpg",
            SITE_B / "eval" / "masks" / "siteb-eval-0002.png",
        ),
        (SITE_A_KEEP, SITE_A / "images" / "sitea-0001.jpg", SITE_A / "masks" / "sitea-0001.png"),
    ],  # fmt: skip
)
def test_a_shipped_frame_regenerates_exactly(frames, image, mask):
    rgb, truth = frames.frame(image.stem)
    assert np.array_equal(truth, _read_mask(mask))
    assert np.array_equal(_jpeg95(rgb), _read_rgb(image))


def test_shipped_sets_are_complete_and_small():
    def stems(folder: Path, suffix: str) -> list[str]:
        return sorted(path.name.removesuffix(suffix) for path in folder.glob(f"*{suffix}"))

    assert (
        stems(SITE_A / "images", ".jpg")
        == stems(SITE_A / "masks", ".png")
        == sorted(SITE_A_KEEP.names())
    )
    eval_dir = SITE_B / "eval"
    assert (
        stems(eval_dir / "images", ".jpg")
        == stems(eval_dir / "masks", ".png")
        == sorted(SITE_B_EVAL.names())
    )
    assert stems(SITE_B / "images", ".jpg") == sorted(SITE_B_REVIEWED.names())
    def size(site: Path) -> int:
        return sum(path.stat().st_size for path in site.rglob("*"))

    assert size(SITE_B) <= 5_000_000  # the budget for the second site
    assert size(SITE_A) <= 3_500_000  # 36 frames: enough lesion-free ones to replay and check


def test_shipped_review_is_a_finished_review(tmp_path):
    rows = read_rows(SITE_B / "reviewed" / "review.csv")
    assert sorted(row.file for row in rows) == sorted(f"{n}.jpg" for n in SITE_B_REVIEWED.names())
    assert all(row.state == ACCEPTED for row in rows)
    edited = [row.edited for row in rows]
    assert any(edited) and not all(edited)  # corrected masks and masks accepted as they were
    for row in rows:
        stem = Path(row.file).stem
        mask = _read_mask(SITE_B / "reviewed" / f"{stem}_mask.png")
        assert set(np.unique(mask)) <= {0, 255}
        assert int(np.count_nonzero(mask)) == row.foreground_pixels
        assert (SITE_B / "reviewed" / f"{stem}_provenance.json").is_file()
    # The app's own review resumes it as finished (on a copy: opening checks OUT is writable).
    shutil.copytree(SITE_B / "images", tmp_path / "images")
    shutil.copytree(SITE_B / "reviewed", tmp_path / "reviewed")
    session = ReviewSession(ReviewOptions(tmp_path / "images", tmp_path / "reviewed"))
    assert session.finished and session.total == SITE_B_REVIEWED.count


def test_regeneration_writes_the_frame_sets(tmp_path):
    small = make_site_data.FrameSet("b", SITE_B_EVAL.seed, 2, "siteb-eval")
    make_site_data.write_frames(small, tmp_path / "images", tmp_path / "masks")
    for name in small.names():
        shipped = _read_mask(SITE_B / "eval" / "masks" / f"{name}.png")
        assert np.array_equal(_read_mask(tmp_path / "masks" / f"{name}.png"), shipped)
