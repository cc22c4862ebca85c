"""Evaluation test helpers: a stand-in model whose prediction is written into the image itself,
so every expected number can be worked out by hand, and small image/mask writers.

The network block, offscreen Qt and the real (untrained) model packages come from the
top-level tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from desktop.core.devices import Device
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction

CPU = Device("cpu", "CPU (exact)", "torch")


def transform_dict() -> dict[str, Any]:
    import albumentations as A
    from helpers import seed_val_transform

    return A.to_dict(seed_val_transform())


def package(name: str, training: dict[str, Any] | None = None) -> ModelPackage:
    return ModelPackage(
        folder=Path(f"/nonexistent/models/{name}"), name=name, architecture="Unet",
        encoder="resnet34", in_channels=3, classes=1, transform=transform_dict(),
        loader="opencv-rgb", activation="sigmoid", threshold=0.5, weights="model.safetensors",
        sha256="0" * 64, input_size=(256, 256), training=training or {},
    )  # fmt: skip


class RedChannelModel:
    """Probability = the image's red channel / 255, resized (nearest) to 256×256: a 256×256
    image whose red channel is 255 where the "model" should see foreground predicts exactly
    that. `channel` picks another channel, so two models can disagree on purpose."""

    def __init__(self, name: str, training: dict[str, Any] | None = None, channel: int = 0):
        self.package = package(name, training)
        self.device = CPU
        self.threshold = 0.5
        self.channel = channel
        self.calls: list[tuple[int, int]] = []

    def predict(self, image: np.ndarray) -> Prediction:
        self.calls.append(image.shape[:2])
        probability = cv2.resize(
            image[..., self.channel].astype(np.float32) / 255.0, (256, 256),
            interpolation=cv2.INTER_NEAREST,
        )  # fmt: skip
        return Prediction.from_model_probability(
            probability, image.shape[:2], threshold=self.threshold, device="cpu"
        )


def write_case(
    images: Path,
    masks: Path,
    name: str,
    truth: np.ndarray,
    predicted: np.ndarray,
    *,
    predicted_b: np.ndarray | None = None,
    mask_name: str | None = None,
) -> None:
    """IMAGES/name (red = `predicted`, green = `predicted_b`) and MASKS/mask_name (0/255 PNG)."""
    height, width = truth.shape
    image = np.full((height, width, 3), 60, np.uint8)
    image[..., 0] = np.where(predicted, 255, 0)
    if predicted_b is not None:
        image[..., 1] = np.where(predicted_b, 255, 0)
    path = images / name
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    mask_path = masks / (mask_name or (Path(name).stem + ".png"))
    mask_path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(mask_path), truth.astype(np.uint8) * 255)


def square(size: int, top: int, left: int, side: int, shape: tuple[int, int] | None = None):
    mask = np.zeros(shape or (size, size), bool)
    mask[top : top + side, left : left + side] = True
    return mask


@pytest.fixture
def red_model():
    return RedChannelModel
