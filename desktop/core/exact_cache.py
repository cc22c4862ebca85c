"""The exact engine beside an approximate one, without importing segmentation_models_pytorch.

Why: a command-line batch on `cpu-fast` / `cpu-bf16` audits its images against the exact engine,
and building that engine in a fresh process costs ~2.4 s of CPU, 1.8 s of it importing smp (which
imports timm, which imports torchvision, whose ops import torch._dynamo), while the fast engine
keeps every core busy (benchmarks/pipeline.py). The package's network traced once into
TorchScript loads in ~0.13 s and runs the same ATen kernels. A trace is kept only when its
logits equal the eager network's bit for bit on the package's own reference images; anything
wrong with the cached file (missing, damaged, unreadable by this torch) means the eager network is
built as before and the trace made again.

The file is SegDesk's own, made on this machine from a package whose weights were checked (the
fast engine checks them before it is made), in the user cache beside the OpenVINO models; model
packages themselves never carry code. torch.export would be the non-deprecated format, but
loading an exported program imports torch._dynamo (1.9 s measured): the very cost avoided here.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import paths
from desktop.core.atomic import write_bytes_atomic

if TYPE_CHECKING:
    import torch

    from desktop.core.package import ModelPackage

CACHE_SUBDIR = "torchscript"


def cache_path(package: ModelPackage) -> Path:
    import torch

    return paths.cache_dir() / CACHE_SUBDIR / f"{package.sha256}-torch{torch.__version__}.pt"


def exact_network(package: ModelPackage) -> torch.nn.Module:
    """The package's network for the exact engine: its cached trace when there is a good one,
    else the eager network, whose trace is then kept for the next process."""
    from desktop.core.model_loader import load_network

    path = cache_path(package)
    traced = _load(path)
    if traced is not None:
        return traced
    network = load_network(package)
    try:
        _store(network, package, path)
    except Exception:  # noqa: BLE001 - the trace is an optimisation only
        path.unlink(missing_ok=True)
    return network


def _load(path: Path):
    import torch

    if not path.is_file():
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # "torch.jit.load is deprecated"
            return torch.jit.load(str(path), map_location="cpu").eval()
    except Exception:  # noqa: BLE001 - a damaged or foreign file is made again
        path.unlink(missing_ok=True)
        return None


def _store(network, package: ModelPackage, path: Path) -> None:
    import torch

    inputs = _reference_inputs(package)
    network.eval()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's deprecation and shape warnings
        traced = torch.jit.trace(network, inputs[:1], check_trace=False)
        for x in inputs:
            if not torch.equal(traced(x[None]), network(x[None])):
                return  # not the same bits: the eager network stays the exact engine
        buffer = io.BytesIO()
        torch.jit.save(traced, buffer)
    write_bytes_atomic(path, buffer.getvalue(), keep_if_in_use=False)


def _reference_inputs(package: ModelPackage) -> torch.Tensor:
    """The package's reference images through its own transform, stacked (N, 3, h, w)."""
    import torch

    from desktop.core.image_io import load_rgb
    from desktop.core.model_loader import build_transform
    from desktop.core.verify import load_reference_cases

    transform = build_transform(package)
    images = [
        load_rgb(package.reference_dir / case["input"]) for case in load_reference_cases(package)
    ]
    return torch.stack([transform(image=image)["image"] for image in images])
