"""Plain helpers the tests import (`from helpers import write_test_image`): images to write,
the seed notebook's transform, and the network guard's shared state. Fixtures live in
conftest.py, which installs the guard; this module has no side effects.
"""

from __future__ import annotations

from pathlib import Path

# ---------------------------------------------------------------------------------------------
# The network guard (installed by conftest.py for the whole session, DESIGN §6).
# ---------------------------------------------------------------------------------------------

class NetworkBlockedError(RuntimeError):
    """Raised by every attempt to reach the network during the tests."""


BLOCKED_ATTEMPTS: list[str] = []


# Child processes (`python -m desktop ...`) report blocked attempts on stderr with this marker.
SUBPROCESS_MARKER = "SEGDESK-TEST-NETWORK-BLOCKED"

# ---------------------------------------------------------------------------------------------
# Images and the seed notebook's transform.
# ---------------------------------------------------------------------------------------------

SEED_MEAN = [0.485, 0.456, 0.406]
SEED_STD = [0.229, 0.224, 0.225]


def seed_val_transform():
    """The seed notebook's validation transform, literally."""
    import albumentations as A
    from albumentations.pytorch import ToTensorV2

    return A.Compose([
        A.Resize(256, 256),
        A.Normalize(mean=SEED_MEAN, std=SEED_STD),
        ToTensorV2(),
    ])  # fmt: skip


def synthetic_rgb(height: int, width: int, seed: int):
    """A deterministic tissue-like RGB uint8 image: a gradient, a few blobs, some noise."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    image = np.empty((height, width, 3), np.float32)
    image[..., 0] = 150 + 60 * xs / max(1, width - 1)
    image[..., 1] = 70 + 50 * ys / max(1, height - 1)
    image[..., 2] = 90 + 30 * np.sin(xs / 9.0)
    for _ in range(4):
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        radius = int(rng.integers(1, max(2, min(height, width) // 3) + 1))
        colour = tuple(float(c) for c in rng.integers(20, 235, 3))
        cv2.circle(image, centre, radius, colour, -1)
    image += rng.normal(0, 8, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def write_rgb(path: Path, rgb, params: list[int] | None = None) -> Path:
    """Write an RGB array with OpenCV (the app's own decoder family)."""
    import cv2

    path.parent.mkdir(parents=True, exist_ok=True)
    ok = cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), params or [])
    assert ok, f"could not write test image {path}"
    return path


def write_test_image(path: Path, height: int, width: int, seed: int) -> Path:
    """A blurred-noise image file (format from the suffix), for batch and CLI tests."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(seed)
    image = cv2.GaussianBlur(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), (0, 0), 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), image)
    return path


# ---------------------------------------------------------------------------------------------
# The command line, run as users run it (tests/cli/, tests/slurm/).
# ---------------------------------------------------------------------------------------------


def run_cli(args, env, cwd, models_dir=None, timeout=600):
    """`python -m desktop ARGS` in a subprocess: no network attempt, no traceback."""
    import subprocess
    import sys

    if models_dir is not None:
        env = {**env, "SEGDESK_MODELS": str(models_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, timeout=timeout,
    )  # fmt: skip
    assert SUBPROCESS_MARKER not in done.stderr, f"network used: {done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    return done


def read_rows(path: Path) -> list[dict[str, str]]:
    """A batch's report.csv without the times (they differ from run to run)."""
    import csv

    with open(path, newline="", encoding="utf-8") as handle:
        return [{k: v for k, v in row.items() if k != "seconds"} for row in csv.DictReader(handle)]


def assert_same_outputs(out: Path, reference: Path) -> None:
    """Every mask of the unsplit run is there, pixel for pixel, and nothing else; report.csv
    lists the same rows in the same order (times aside), none lost or twice."""
    import cv2
    import numpy as np

    masks = sorted(p.relative_to(reference) for p in reference.rglob("*_mask.png"))
    assert masks and masks == sorted(p.relative_to(out) for p in out.rglob("*_mask.png"))
    for mask in masks:
        want = cv2.imread(str(reference / mask), cv2.IMREAD_UNCHANGED)
        got = cv2.imread(str(out / mask), cv2.IMREAD_UNCHANGED)
        assert np.array_equal(want, got), mask
    want, got = read_rows(reference / "report.csv"), read_rows(out / "report.csv")
    assert got == want
    assert len({row["file"] for row in got}) == len(got)
