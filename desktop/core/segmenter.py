"""One model on one device, loaded once: image in, Prediction out."""

from __future__ import annotations

import time

import numpy as np

from desktop.core.devices import FAST_CPU, Device, ResolvedDevice, resolve_device
from desktop.core.engines import Engine, TorchEngine
from desktop.core.model_loader import build_transform, load_network
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction


class Segmenter:
    """Holds the network and the package's transform; `predict` is the notebook's pipeline."""

    def __init__(self, package: ModelPackage, device: str | Device | None = "cpu") -> None:
        resolved = (
            ResolvedDevice(device, None) if isinstance(device, Device) else resolve_device(device)
        )
        self.package = package
        self.device = resolved.device
        self.fallback_reason = resolved.fallback_reason
        self._transform = build_transform(package)
        self._engine = self._make_engine(package, self.device)

    @staticmethod
    def _make_engine(package: ModelPackage, device: Device) -> Engine:
        network = load_network(package)
        if device.id == FAST_CPU:
            from desktop.core.fast_engine import OnnxEngine

            return OnnxEngine.for_package(package, network)
        return TorchEngine(network, device.id)

    @property
    def threshold(self) -> float:
        return self.package.threshold

    def model_probability(self, image: np.ndarray) -> tuple[np.ndarray, float, float]:
        """(probability at model resolution, transform ms, forward ms) for an RGB uint8 image."""
        _check_rgb(image)
        start = time.perf_counter()
        tensor = self._transform(image=image)["image"]
        transformed = time.perf_counter()
        probability = self._engine.probability(tensor)
        done = time.perf_counter()
        return probability, (transformed - start) * 1000, (done - transformed) * 1000

    def predict(self, image: np.ndarray) -> Prediction:
        probability, transform_ms, forward_ms = self.model_probability(image)
        return Prediction.from_model_probability(
            probability,
            image.shape[:2],
            threshold=self.threshold,
            device=self.device.id,
            transform_ms=transform_ms,
            forward_ms=forward_ms,
        )


def _check_rgb(image: np.ndarray) -> None:
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(
            f"expected an RGB uint8 image (H, W, 3), got {image.dtype} {tuple(image.shape)}"
        )
