"""Benchmark inputs made on the spot: realistic JPEG frames and, when no trained model is given,
a model package holding an untrained network (same architecture, same cost)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import cv2
import numpy as np

# (width, height): the capture formats between 640×480 and 1280×1024 the issue asks for.
SIZES: tuple[tuple[int, int], ...] = (
    (640, 480),
    (800, 600),
    (1024, 768),
    (1280, 720),
    (1280, 960),
    (1280, 1024),
)
JPEG_QUALITY = 92


def make_frame(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """An endoscopy-like RGB frame: smooth pink tissue, darker vessels-ish texture, a few
    lesion-like blobs, sensor noise and a vignette — so JPEG decode costs what real frames cost."""
    small = rng.random((max(2, height // 64), max(2, width // 64), 3)).astype(np.float32)
    base = cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)
    tissue = np.array([0.85, 0.45, 0.42], np.float32) * (0.6 + 0.4 * base)
    detail = cv2.resize(
        rng.random((height // 8, width // 8), dtype=np.float32),
        (width, height),
        interpolation=cv2.INTER_LINEAR,
    )
    tissue *= (0.85 + 0.3 * detail)[..., None]
    for _ in range(int(rng.integers(1, 4))):
        center = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        axes = (
            int(rng.integers(width // 16, width // 5)),
            int(rng.integers(height // 16, height // 5)),
        )
        blob = np.zeros((height, width), np.float32)
        cv2.ellipse(blob, center, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
        blob = cv2.GaussianBlur(blob, (0, 0), 3)
        tissue = tissue * (1 - 0.5 * blob[..., None]) + 0.5 * blob[..., None] * np.array(
            [0.6, 0.25, 0.3], np.float32
        )
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    radius = np.hypot((xx - width / 2) / width, (yy - height / 2) / height)
    tissue *= np.clip(1.2 - 1.2 * radius, 0, 1)[..., None]
    noisy = tissue * 255 + rng.normal(0, 4, tissue.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def write_frames(
    folder: Path, count: int, seed: int = 6, sizes: tuple[tuple[int, int], ...] = SIZES
) -> list[Path]:
    """`count` JPEGs cycling through `sizes`; a few distinct frames per size are rendered, the
    rest are byte copies under new names (decoding cost is what matters, not novelty)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    originals: list[Path] = []
    for variant in range(3):
        for width, height in sizes:
            path = folder / f".orig-{variant}-{width}x{height}.jpg"
            bgr = cv2.cvtColor(make_frame(rng, width, height), cv2.COLOR_RGB2BGR)
            cv2.imwrite(str(path), bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
            originals.append(path)
    paths = []
    for index in range(count):
        source = originals[index % len(originals)]
        target = folder / f"frame-{index:04d}.jpg"
        shutil.copyfile(source, target)
        paths.append(target)
    for source in originals:
        source.unlink()
    return paths


def copy_frames(sources: list[Path], folder: Path, count: int) -> list[Path]:
    """`count` inputs in `folder` made by copying `sources` round robin."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for index in range(count):
        target = folder / f"frame-{index:04d}.jpg"
        try:
            os.link(sources[index % len(sources)], target)
        except OSError:
            shutil.copyfile(sources[index % len(sources)], target)
        out.append(target)
    return out


def untrained_package(dest: Path, architecture: str = "Unet", encoder: str = "resnet34") -> Path:
    """A real package (manifest, safetensors, reference cases) around an untrained network with
    the bundled demo models' architecture and transform: identical compute cost."""
    import albumentations as A
    import torch
    from albumentations.pytorch import ToTensorV2

    from desktop.core.checkpoint import build_network
    from desktop.core.package_writer import write_package

    torch.manual_seed(0)
    network = build_network(architecture, encoder).eval()
    transform = A.Compose(
        [
            A.Resize(256, 256),
            A.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
            ToTensorV2(),
        ]
    )
    rng = np.random.default_rng(11)
    references = [make_frame(rng, w, h) for w, h in ((640, 480), (1024, 768))]
    return write_package(
        dest,
        model=network,
        name=f"bench-untrained-{architecture.lower()}-{encoder}",
        architecture=architecture,
        encoder=encoder,
        transform=transform,
        reference_images=references,
        description="untrained network for benchmarking only",
        overwrite=True,
    )
