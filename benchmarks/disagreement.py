"""(4) How far the fast engines' masks are from the exact engine's, as a distribution over many
images — not the package's three reference cases, which cannot show it.

Two sets: held-out synthetic frames (tools/synthetic_data.py, HELDOUT_SEED: the demo models'
own distribution, never trained on) and "unlike" images the models never saw anything like
(the benchmark's smooth tissue frames, geometric scenes, textures and text), where many pixels
sit near the threshold. Disagreement = mask pixels that differ at model resolution, per million.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from benchmarks import data
from benchmarks.machine import Others

TOOLS = Path(__file__).resolve().parents[1] / "tools"
UNLIKE_SIZES = ((640, 480), (800, 600), (1024, 768), (512, 512), (1280, 720))


def heldout_frames(count: int) -> Iterator[np.ndarray]:
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    from synthetic_data import HELDOUT_SEED, make_frame

    for index in range(count):
        yield make_frame(HELDOUT_SEED, index)[0]


def unlike_images(count: int, seed: int = 14) -> Iterator[np.ndarray]:
    """Scenes unlike the training frames, cycling four kinds."""
    rng = np.random.default_rng(seed)
    for index in range(count):
        width, height = UNLIKE_SIZES[index % len(UNLIKE_SIZES)]
        kind = index % 4
        if kind == 0:
            yield data.make_frame(rng, width, height)  # smooth tissue, soft blobs, vignette
        elif kind == 1:
            yield _shapes(rng, width, height)
        elif kind == 2:
            yield _texture(rng, width, height)
        else:
            yield _text_scene(rng, width, height)


def _shapes(rng, width, height) -> np.ndarray:
    image = np.zeros((height, width, 3), np.uint8)
    image[:] = rng.integers(0, 255, 3)
    for _ in range(int(rng.integers(5, 20))):
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = int(rng.integers(10, max(11, min(width, height) // 3)))
        if rng.random() < 0.5:
            cv2.rectangle(image, (x, y), (x + size, y + size), colour, -1)
        else:
            cv2.circle(image, (x, y), size // 2, colour, -1)
    return cv2.GaussianBlur(image, (0, 0), 1.5)


def _texture(rng, width, height) -> np.ndarray:
    small = rng.random((max(2, height // 16), max(2, width // 16), 3)).astype(np.float32)
    image = cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)
    ys, xs = np.mgrid[0:height, 0:width]
    stripes = 0.5 + 0.5 * np.sin((xs * rng.uniform(0.02, 0.2)) + ys * rng.uniform(0.0, 0.1))
    image = 0.6 * image + 0.4 * stripes[..., None]
    return np.clip(image * 255, 0, 255).astype(np.uint8)


def _text_scene(rng, width, height) -> np.ndarray:
    image = np.full((height, width, 3), rng.integers(120, 255, 3), np.uint8)
    for row in range(int(rng.integers(3, 12))):
        colour = tuple(int(c) for c in rng.integers(0, 120, 3))
        y = int((row + 1) * height / 13)
        cv2.putText(image, "SegDesk 0123 abc", (int(rng.integers(0, width // 3)), y),
                    cv2.FONT_HERSHEY_SIMPLEX, float(rng.uniform(0.6, 2.0)), colour, 2)  # fmt: skip
    return image


def write_set(folder: Path, images: Iterator[np.ndarray]) -> list[Path]:
    """Render once as JPEG (quality 95, as the held-out evaluation does), reused per model."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, image in enumerate(images):
        path = folder / f"{index:04d}.jpg"
        cv2.imwrite(str(path), cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                    [cv2.IMWRITE_JPEG_QUALITY, 95])  # fmt: skip
        paths.append(path)
    return paths


def measure(exact, engines: dict[str, Any], paths: list[Path]) -> dict[str, Any]:
    """`engines`: device id → Segmenter. Per image: the exact mask vs each engine's mask."""
    from desktop.core.image_io import load_rgb

    others = Others()
    ppm: dict[str, list[float]] = {device: [] for device in engines}
    threshold = exact.threshold
    for path in paths:
        image = load_rgb(path)
        reference = exact.model_probability(image)[0] > threshold
        for device, segmenter in engines.items():
            mask = segmenter.model_probability(image)[0] > threshold
            ppm[device].append(1e6 * float(np.count_nonzero(mask != reference)) / mask.size)
    out: dict[str, Any] = {"other_load": others.fraction()}
    for device, values in ppm.items():
        out[device] = summary(values)
    return out


def summary(values: list[float]) -> dict[str, Any]:
    array = np.asarray(values, dtype=np.float64)
    if array.size == 0:
        return {"images": 0}
    return {
        "images": int(array.size),
        "mean_ppm": float(array.mean()),
        "median_ppm": float(np.median(array)),
        "p95_ppm": float(np.percentile(array, 95)),
        "max_ppm": float(array.max()),
        "zero": int(np.count_nonzero(array == 0)),
        "above_100": int(np.count_nonzero(array > 100)),
        "above_1000": int(np.count_nonzero(array > 1000)),
    }
