"""PyInstaller hook for OpenVINO: the runtime core, its CPU plugin, and the two model readers
SegDesk uses (ONNX for the first compile, IR) — nothing else.

The wheel also holds GPU and NPU plugins, the AUTO/HETERO/BATCH meta-plugins, five more
frontends (TensorFlow, TF Lite, PaddlePaddle, PyTorch, JAX, GGUF) and an 8.8 MB GPU kernel
tuning cache: ~70 MB SegDesk never loads (the fast engines compile for "CPU" only).
"""

import importlib.util
from pathlib import Path

from PyInstaller.utils.hooks import collect_submodules

_package = Path(importlib.util.find_spec("openvino").submodule_search_locations[0])
_libs = _package / "libs"

# Library name stems kept (Linux `libX.so*`, Windows `X.dll`, macOS `libX.dylib`).
KEEP = (
    "openvino", "openvino_c", "openvino_intel_cpu_plugin", "openvino_ir_frontend",
    "openvino_onnx_frontend", "tbb", "tbbmalloc", "tbbbind_2_5", "tbbmalloc_proxy", "hwloc",
)
DROPPED_MODULES = (
    "openvino.frontend.pytorch", "openvino.frontend.tensorflow", "openvino.frontend.paddle",
    "openvino.frontend.jax", "openvino.tools", "openvino.torch",
)


def _stem(name: str) -> str:
    stem = name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def kept(name: str) -> bool:
    return _stem(name) in KEEP and not name.endswith((".pc", ".json", ".lib"))


binaries = [(str(path), "openvino/libs") for path in sorted(_libs.iterdir()) if kept(path.name)]
hiddenimports = collect_submodules(
    "openvino", filter=lambda name: not name.startswith(DROPPED_MODULES)
)
excludedimports = list(DROPPED_MODULES)
