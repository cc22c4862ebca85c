"""A tiny base model (Unet-resnet18 at 32×32, trained for a few seconds on "site A": bright
discs on a dark background) and small reviewed folders of "site A" and "site B" (the same
discs under other light and colour), so that real fine-tunes run in seconds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.core.finetune.reviewed_layout import write_review

SIZE = 32  # the tiny base's Resize: the network sees 32×32
FRAME = (40, 48)  # (height, width) of the test images


def disc_frame(seed: int, site: str) -> tuple[np.ndarray, np.ndarray]:
    """(RGB uint8, mask 0/255): one or two discs. Site A: bright warm discs on dark noise;
    site B: the light and colour balance of another scope (brighter, bluish, lower contrast)."""
    import cv2

    rng = np.random.default_rng(seed)
    height, width = FRAME
    mask = np.zeros((height, width), np.uint8)
    for _ in range(int(rng.integers(1, 3))):
        centre = (int(rng.integers(10, width - 10)), int(rng.integers(10, height - 10)))
        cv2.circle(mask, centre, int(rng.integers(5, 10)), 255, -1)
    noise = rng.normal(0, 12, (height, width, 3))
    if site == "a":
        background, disc = np.array([40, 30, 30]), np.array([220, 160, 120])
    else:
        background, disc = np.array([90, 90, 120]), np.array([200, 190, 220])
    image = np.where(mask[..., None] > 0, disc, background) + noise
    return np.clip(image, 0, 255).astype(np.uint8), mask


def write_frames(folder: Path, site: str, seeds: range) -> dict[str, Path]:
    """images/<n>.png and masks/<n>.png; returns {image file name: mask path}."""
    from desktop.core.image_io import write_png

    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "masks").mkdir(parents=True, exist_ok=True)
    masks = {}
    for seed in seeds:
        image, mask = disc_frame(seed, site)
        name = f"f{seed:04d}.png"
        write_png(folder / "images" / name, image)
        write_png(folder / "masks" / name, mask)
        masks[name] = folder / "masks" / name
    return masks


@dataclass(frozen=True)
class Site:
    images: Path
    masks: Path
    reviewed: Path


def make_site(folder: Path, site: str, seeds: range) -> Site:
    masks = write_frames(folder, site, seeds)
    reviewed = write_review(masks, folder / "reviewed")
    return Site(folder / "images", folder / "masks", reviewed)


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    """A package trained on site A to a decent Dice in a few seconds."""
    import albumentations as A
    import segmentation_models_pytorch as smp
    import torch
    from albumentations.pytorch import ToTensorV2

    from desktop.core.package_writer import write_package

    transform = A.Compose([
        A.Resize(SIZE, SIZE), A.Normalize(), ToTensorV2(),
    ])  # fmt: skip
    torch.manual_seed(0)
    model = smp.Unet("resnet18", encoder_weights=None, in_channels=3, classes=1)
    frames = [disc_frame(10_000 + i, "a") for i in range(64)]
    x = torch.stack([transform(image=image)["image"] for image, _ in frames])
    y = torch.stack([
        torch.from_numpy(transform(image=image, mask=mask)["mask"].numpy() > 127).float()[None]
        for image, mask in frames
    ])  # fmt: skip
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = smp.losses.DiceLoss("binary")
    model.train()
    for step in range(40):
        pick = torch.arange(step * 8, step * 8 + 8) % len(x)
        optimizer.zero_grad()
        logits = model(x[pick])
        loss = loss_fn(logits, y[pick]) + torch.nn.functional.binary_cross_entropy_with_logits(
            logits, y[pick]
        )
        loss.backward()
        optimizer.step()
    model.eval()
    folder = tmp_path_factory.mktemp("tiny-base")
    reference = [disc_frame(20_000, "a")[0], disc_frame(20_001, "b")[0]]
    return write_package(
        folder / "tiny-base", model=model, name="tiny-base", architecture="Unet",
        encoder="resnet18", transform=transform, reference_images=reference,
        training={"validation": {"dice": 0.9, "frames": 64}},
    )  # fmt: skip


@pytest.fixture(scope="session")
def site_b(tmp_path_factory) -> Site:
    return make_site(tmp_path_factory.mktemp("site-b"), "b", range(100, 120))


@pytest.fixture(scope="session")
def site_a(tmp_path_factory) -> Site:
    return make_site(tmp_path_factory.mktemp("site-a"), "a", range(200, 212))
