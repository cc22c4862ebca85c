"""The hardware's limit, measured in the same run: a large fp32 and bf16 matrix multiply
(torch, all cores) in GFLOP/s, and the network's own floating-point work per image, so each
engine's GFLOP/s can be stated as a fraction of what the CPU does at best."""

from __future__ import annotations

from typing import Any

MATMUL_SIZE = 2048


def matmul_gflops(dtype_name: str, size: int = MATMUL_SIZE, reps: int = 6) -> float:
    """Best-of-`reps` GFLOP/s of a size×size @ size×size product in `dtype_name`."""
    import torch

    from benchmarks.timing import time_call

    dtype = {"fp32": torch.float32, "bf16": torch.bfloat16}[dtype_name]
    generator = torch.Generator().manual_seed(0)
    a = torch.randn(size, size, generator=generator).to(dtype)
    b = torch.randn(size, size, generator=generator).to(dtype)
    torch.mm(a, b)
    best = min(time_call(lambda: torch.mm(a, b)) for _ in range(reps))
    return 2 * size**3 / best / 1e9


def network_gflop(network, x) -> float:
    """Floating-point operations (2 × multiply-adds) of one forward pass, counted over its
    convolutions and linear layers (everything else is a rounding error)."""
    import torch

    total = [0]

    def conv(module, inputs, output) -> None:
        kernel = module.weight.shape[2] * module.weight.shape[3]
        in_per_group = module.in_channels // module.groups
        total[0] += 2 * output.numel() * in_per_group * kernel

    def transposed(module, inputs, output) -> None:
        kernel = module.weight.shape[2] * module.weight.shape[3]
        total[0] += 2 * inputs[0].numel() * (module.out_channels // module.groups) * kernel

    def linear(module, inputs, output) -> None:
        total[0] += 2 * output.numel() * module.in_features

    hooks = []
    for module in network.modules():
        if isinstance(module, torch.nn.Conv2d):
            hooks.append(module.register_forward_hook(conv))
        elif isinstance(module, torch.nn.ConvTranspose2d):
            hooks.append(module.register_forward_hook(transposed))
        elif isinstance(module, torch.nn.Linear):
            hooks.append(module.register_forward_hook(linear))
    try:
        with torch.inference_mode():
            network(x)
    finally:
        for hook in hooks:
            hook.remove()
    return total[0] / 1e9


def measure(rounds: int = 2) -> dict[str, Any]:
    """fp32 and bf16 interleaved (best of all rounds); bf16 only where it is native."""
    from desktop.core.fast.cpu import native_bf16

    kinds = ["fp32", "bf16"] if native_bf16() else ["fp32"]
    best: dict[str, float] = {}
    for _ in range(rounds):
        for kind in kinds:
            best[kind] = max(best.get(kind, 0.0), matmul_gflops(kind))
    return {"matmul_size": MATMUL_SIZE, "gflops": best}
