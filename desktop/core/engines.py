"""Inference engines: one network, run by torch (exact) or by a fast CPU runtime.

An engine maps one transformed image tensor (3, h, w) to the sigmoid probability (h, w). The
sigmoid runs in torch exactly as in the notebook: `torch.sigmoid(model(x))`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from desktop.core.heap import release_freed_heap
from desktop.core.thread_budget import use_torch_threads_here

if TYPE_CHECKING:
    import torch


class Engine(Protocol):
    device: str

    def probability(self, image: torch.Tensor) -> np.ndarray: ...


class TorchEngine:
    def __init__(self, network: torch.nn.Module, device: str) -> None:
        self.device = device
        self._network = network.to(device).eval()

    def probability(self, image: torch.Tensor) -> np.ndarray:
        import torch

        if self.device == "cpu":
            use_torch_threads_here()  # a batch may have changed the count threads start with
        with torch.inference_mode():
            logits = self._network(image.unsqueeze(0).to(self.device))
            probability = torch.sigmoid(logits)[0, 0].float().cpu().numpy()
        if self.device == "cpu":
            release_freed_heap()  # the forward's activations, else resident memory wanders
        return probability
