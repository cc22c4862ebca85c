"""One model on one device, loaded once: image in, Prediction out."""

from __future__ import annotations

import threading
import time

import numpy as np

from desktop.core.devices import BF16_CPU, FAST_CPU, Device, ResolvedDevice, resolve_device
from desktop.core.engines import Engine, TorchEngine
from desktop.core.model_loader import build_transform, load_network
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction


class Segmenter:
    """Holds the network and the package's transform; `predict` is the notebook's pipeline.

    `predict` may be called from several threads at once (the exact engine's batch does)."""

    def __init__(self, package: ModelPackage, device: str | Device | None = "cpu") -> None:
        resolved = (
            ResolvedDevice(device, None) if isinstance(device, Device) else resolve_device(device)
        )
        self.package = package
        self.device = resolved.device
        self.fallback_reason = resolved.fallback_reason
        self._transforms = threading.local()  # albumentations keeps per-call state on itself
        self._transforms.compose = build_transform(package)  # a bad transform fails here
        self._exact: Engine | None = None  # the exact engine, made on first use by an audit
        self._exact_lock = threading.Lock()
        self._engine = self._make_engine(package, self.device)

    @property
    def _transform(self):
        """The package's transform, one per thread: `predict` may run on several at once (an
        exact CPU batch runs images side by side) and albumentations stores each call's
        parameters on the transform object."""
        transform = getattr(self._transforms, "compose", None)
        if transform is None:
            transform = self._transforms.compose = build_transform(self.package)
        return transform

    def _make_engine(self, package: ModelPackage, device: Device) -> Engine:
        if device.id in (FAST_CPU, BF16_CPU):
            from desktop.core.fast.engine import FastEngine
            from desktop.core.package import check_weights_sha256

            # The compiled model is cached by the weights' sha256, so the file must be what the
            # manifest says; the torch network itself is built only if the cache misses (to
            # export it) or when the exact engine is first asked for (an audit, a check).
            check_weights_sha256(package)
            from desktop.core.thread_budget import thread_cap

            return FastEngine.for_package(package, None, device.precision, threads=thread_cap())
        return TorchEngine(load_network(package), device.id)

    @property
    def engine(self) -> Engine:
        """The engine that runs `predict` (a batch asks a fast one for its stream workers)."""
        return self._engine

    @property
    def precision(self) -> str:
        """The arithmetic of the engine that runs: "fp32" or "bf16" (DESIGN §7)."""
        return self.device.precision

    def exact_model_probability(self, image: np.ndarray) -> np.ndarray:
        """The exact engine's (torch, CPU, fp32) probability at model resolution for `image`:
        what an approximate engine is audited against. On the exact device, the engine itself."""
        if self.device.exact:
            return self.model_probability(image)[0]
        _check_rgb(image)
        return self.prepare_exact().probability(self._transform(image=image)["image"])

    def prepare_exact(self) -> Engine:
        """The exact engine beside an approximate one, built on first use and kept (a batch's
        audit starts building it on a thread of its own as the run starts); from its cached
        trace when there is one (exact_cache.py: no smp import in a fresh process)."""
        from desktop.core.exact_cache import exact_network

        with self._exact_lock:
            if self._exact is None:
                self._exact = TorchEngine(exact_network(self.package), "cpu")
            return self._exact

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
            precision=self.precision,
        )


def _check_rgb(image: np.ndarray) -> None:
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(
            f"expected an RGB uint8 image (H, W, 3), got {image.dtype} {tuple(image.shape)}"
        )
