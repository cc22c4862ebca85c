"""(1) Bare forward per engine on one transformed 256×256 image, interleaved, vs torch eager.

Engines: torch eager fp32 (the exact `cpu` device), torch channels_last, ONNX Runtime fp32
(a comparison: the runtime `cpu-fast` used before), OpenVINO fp32 (`cpu-fast`), OpenVINO bf16
(`cpu-bf16`) and torch autocast bf16 (a comparison) — the bf16 ones only where bf16 is native.
Each engine's GFLOP/s = the network's floating-point work ÷ its median time.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from benchmarks.machine import Others
from benchmarks.timing import best_ms, interleave, median_ms

EAGER = "torch eager fp32"
CHANNELS_LAST = "torch channels_last fp32"
ORT = "ONNX Runtime fp32"
OV_FP32 = "OpenVINO fp32"
OV_BF16 = "OpenVINO bf16"
AUTOCAST = "torch autocast bf16"
DEVICE_OF = {EAGER: "cpu", OV_FP32: "cpu-fast", OV_BF16: "cpu-bf16"}
PRECISION_OF = {EAGER: "fp32", CHANNELS_LAST: "fp32", ORT: "fp32", OV_FP32: "fp32",
                OV_BF16: "bf16", AUTOCAST: "bf16"}  # fmt: skip


def engines(exact, fast, bf16, x, skip, tmp) -> dict[str, Callable[[], Any]]:
    import torch

    from desktop.core.fast.cpu import native_bf16

    network = exact._engine._network
    funcs: dict[str, Callable[[], Any]] = {}

    def eager() -> None:
        with torch.inference_mode():
            network(x)

    funcs[EAGER] = eager
    if "channels_last" not in skip:
        cl_network = copy.deepcopy(network).to(memory_format=torch.channels_last)
        cl_x = x.contiguous(memory_format=torch.channels_last)

        def channels_last() -> None:
            with torch.inference_mode():
                cl_network(cl_x)

        funcs[CHANNELS_LAST] = channels_last
    batch = x.numpy()
    if "onnxruntime" not in skip:
        ort = _onnxruntime_session(exact.package, network, tmp)
        if ort is not None:
            funcs[ORT] = lambda: ort.run(None, {"image": batch})
    if fast is not None:
        funcs[OV_FP32] = lambda: fast._engine.logits(batch)
    if bf16 is not None:
        funcs[OV_BF16] = lambda: bf16._engine.logits(batch)
    if native_bf16() and "autocast" not in skip:

        def autocast() -> None:
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
                network(x)

        funcs[AUTOCAST] = autocast
    return funcs


def _onnxruntime_session(package, network, tmp):
    """ONNX Runtime on the same exported graph, set up as `cpu-fast` ran it before (intra-op
    threads = physical cores, no spinning); None when it is not installed."""
    try:
        import onnxruntime as ort
    except ImportError:
        return None
    from desktop.core.fast.cpu import physical_cores
    from desktop.core.fast.onnx_export import cache_path, export_onnx

    path = cache_path(package)
    if not path.is_file():
        export_onnx(network, path)
    options = ort.SessionOptions()
    options.intra_op_num_threads = physical_cores()
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def measure(funcs: dict[str, Callable[[], Any]], gflop: float, rounds: int, reps: int):
    others = Others()
    samples = interleave(funcs, rounds, reps)
    median = {name: median_ms(values) for name, values in samples.items()}
    best = {name: best_ms(values) for name, values in samples.items()}
    # Ratios and GFLOP/s from the best of the interleaved samples: on a shared 2-core machine a
    # burst of other load stalls torch's OpenMP kernels far more than the other runtimes, so
    # the median measures the neighbours; the best is what each engine does on free cores.
    eager = best[EAGER]
    return {
        "forward_ms": median,
        "forward_best_ms": best,
        "forward_vs_eager": {name: ms / eager for name, ms in best.items()},
        "forward_vs_eager_median": {name: ms / median[EAGER] for name, ms in median.items()},
        "gflops": {name: gflop / (ms / 1000) for name, ms in best.items()},
        "other_load": others.fraction(),
    }
