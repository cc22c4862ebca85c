"""The machine a run measured on, and how busy other processes kept it (the machine is shared:
every section prints the share of CPU time others used while it ran)."""

from __future__ import annotations

import contextlib
import os
import platform
import time
from pathlib import Path
from typing import Any


def describe() -> dict[str, Any]:
    import cv2
    import torch

    from desktop.core.fast import cpu

    versions = {}
    for module in ("onnxruntime", "openvino"):
        try:
            versions[module] = __import__(module).__version__
        except ImportError:
            versions[module] = "not installed"
    flags = cpu.cpu_flags()
    return {
        "cpu": cpu.cpu_name(),
        "cpu_kind": cpu_kind(flags),
        "physical_cores": cpu.physical_cores(),
        "logical_cpus": os.cpu_count(),
        "avx2": "avx2" in flags,
        "avx512": "avx512f" in flags,
        "avx512_bf16": "avx512_bf16" in flags,
        "amx_bf16": "amx_bf16" in flags,
        "native_bf16": cpu.native_bf16(flags),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        **versions,
        "opencv": cv2.__version__,
        "load_before": busy_fraction(),
        "background": background_jobs(),
    }


def cpu_kind(flags: frozenset[str]) -> str:
    """The kind that decides which engines exist: AMX, AVX-512 BF16, AVX-512, AVX2."""
    if "amx_bf16" in flags:
        return "AMX (native bf16)"
    if "avx512_bf16" in flags:
        return "AVX-512 BF16 (native bf16)"
    if "avx512f" in flags:
        return "AVX-512 without BF16 (bf16 emulated: cpu-bf16 not offered)"
    if "avx2" in flags:
        return "AVX2 only (bf16 emulated: cpu-bf16 not offered)"
    return "baseline x86/other"


class Others:
    """Share of the machine's CPU time used by other processes since creation (/proc/stat
    busy time minus this process's own CPU time, children included)."""

    def __init__(self) -> None:
        self._start = self._snapshot()

    @staticmethod
    def _snapshot() -> tuple[float, float, float]:
        ticks = os.sysconf("SC_CLK_TCK")
        try:
            with open("/proc/stat", encoding="ascii") as handle:
                values = [int(v) for v in handle.readline().split()[1:]]
        except (OSError, ValueError):
            return 0.0, 0.0, 0.0
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        own = os.times()
        own_seconds = own.user + own.system + own.children_user + own.children_system
        return sum(values) / ticks, (sum(values) - idle) / ticks, own_seconds

    def fraction(self) -> float:
        total0, busy0, own0 = self._start
        total1, busy1, own1 = self._snapshot()
        if total1 <= total0:
            return 0.0
        return max(0.0, min(1.0, ((busy1 - busy0) - (own1 - own0)) / (total1 - total0)))


def busy_fraction(seconds: float = 1.0) -> float:
    """Share of all CPUs busy with other processes, sampled over `seconds` while we idle."""

    def read() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        return sum(values), idle

    try:
        total0, idle0 = read()
        time.sleep(seconds)
        total1, idle1 = read()
    except (OSError, ValueError):
        return 0.0
    return max(0.0, 1 - (idle1 - idle0) / max(1, total1 - total0))


def background_jobs() -> list[str]:
    jobs = []
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                command = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                )
                if "train_demo" in command and " train" in command:
                    jobs.append(command.strip()[:100])
    return sorted(set(jobs))
