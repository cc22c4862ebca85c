"""Turning a validated package into the training objects: the network and the transform."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.checkpoint import build_network, load_into, read_state_dict
from desktop.core.errors import ModelPackageError
from desktop.core.package import ModelPackage, check_weights_sha256

if TYPE_CHECKING:
    import albumentations
    import torch


def load_network(package: ModelPackage) -> torch.nn.Module:
    """The package's network in eval mode, float32, on the CPU; weights checked and strict."""
    check_weights_sha256(package)
    network = build_network(
        package.architecture, package.encoder, package.in_channels, package.classes
    )
    state = read_state_dict(package.weights_path)
    load_into(network, state, package.weights_path)
    return network.eval()


def build_transform(package: ModelPackage) -> albumentations.Compose:
    """The training pipeline itself, rebuilt with `albumentations.from_dict` (not a copy)."""
    import albumentations as A

    try:
        transform = A.from_dict(package.transform)
    except Exception as exc:  # noqa: BLE001 - from_dict raises many types for bad input
        raise ModelPackageError(
            f"Model package '{package.folder}': the transform cannot be rebuilt by "
            f"albumentations {A.__version__} ({type(exc).__name__}: {exc})."
        ) from exc
    _check_transform_output(package, transform)
    return transform


def _check_transform_output(package: ModelPackage, transform) -> None:
    import numpy as np
    import torch

    probe = np.zeros((32, 48, 3), dtype=np.uint8)
    try:
        output = transform(image=probe)["image"]
    except Exception as exc:  # noqa: BLE001
        raise ModelPackageError(
            f"Model package '{package.folder}': the transform fails on an RGB image ({exc})."
        ) from exc
    if not (isinstance(output, torch.Tensor) and output.ndim == 3 and output.shape[0] == 3):
        raise ModelPackageError(
            f"Model package '{package.folder}': the transform must end with ToTensorV2 and "
            "give a 3×H×W tensor."
        )
