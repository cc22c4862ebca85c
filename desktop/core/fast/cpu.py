"""What this CPU can compute natively, read from the operating system, never assumed.

bf16 is worth offering only where the CPU has bf16 instructions (AVX-512 BF16 or AMX-BF16);
elsewhere runtimes emulate it and a bf16 network runs ~100× slower than fp32.
"""

from __future__ import annotations

import os
import platform
from functools import lru_cache
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")
BF16_FLAGS = ("avx512_bf16", "amx_bf16")
# The instruction sets a compiled CPU kernel may depend on: a compiled model is cached per set.
ISA_FLAGS = (
    "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512dq",
    "avx512_vnni", "avx_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "amx_int8",
)  # fmt: skip


def read_cpu_flags(cpuinfo: Path = CPUINFO) -> frozenset[str]:
    """The `flags` of the first processor in /proc/cpuinfo (empty when unreadable: then nothing
    optional is offered)."""
    try:
        text = cpuinfo.read_text("utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


@lru_cache(maxsize=1)
def cpu_flags() -> frozenset[str]:
    return read_cpu_flags()


def cpu_name(cpuinfo: Path = CPUINFO) -> str:
    try:
        for line in cpuinfo.read_text("utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def native_bf16(flags: frozenset[str] | None = None) -> bool:
    """True when the CPU computes bf16 in hardware (AVX-512 BF16 or AMX-BF16)."""
    flags = cpu_flags() if flags is None else flags
    return any(flag in flags for flag in BF16_FLAGS)


def bf16_kind(flags: frozenset[str] | None = None) -> str | None:
    """"AMX" or "AVX-512 BF16" (what the bf16 engine runs on), or None."""
    flags = cpu_flags() if flags is None else flags
    if "amx_bf16" in flags:
        return "AMX"
    if "avx512_bf16" in flags:
        return "AVX-512 BF16"
    return None


def capability(flags: frozenset[str] | None = None) -> str:
    """The CPU's instruction-set capability as a short stable text, e.g.
    `x86_64:avx,avx2,...,avx512_bf16` — part of a compiled model's cache key."""
    flags = cpu_flags() if flags is None else flags
    present = [flag for flag in ISA_FLAGS if flag in flags]
    return f"{platform.machine()}:{','.join(present) or 'baseline'}"


def physical_cores() -> int:
    """Physical cores this process may use (hyper-threads share one core's FMA units, so the
    runtimes run best with one thread per physical core)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    cores: int | None = None
    try:
        import psutil  # optional

        cores = psutil.cpu_count(logical=False)
    except Exception:  # noqa: BLE001 - psutil is optional
        cores = None
    cores = cores or _linux_physical_cores() or os.cpu_count() or 1
    return max(1, min(cores, usable))


def _linux_physical_cores() -> int | None:
    try:
        text = CPUINFO.read_text("utf-8", errors="replace")
    except OSError:
        return None
    pairs, physical_id = set(), "0"
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "physical id":
            physical_id = value.strip()
        elif key == "core id":
            pairs.add((physical_id, value.strip()))
    return len(pairs) or None
