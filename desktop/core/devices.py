"""Compute devices that really work here, proven by running a tiny computation on each.

Device ids: `cpu`, `cuda:N`, `mps` run the exact torch engine; `cpu-fast` runs the same network
in fp32 through OpenVINO, and `cpu-bf16` in bf16 (approximate) — offered only when OpenVINO is
installed and, for bf16, only on a CPU that computes bf16 natively (see `fast/`). Neither is
ever chosen silently.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache

from desktop.core.errors import DeviceError
from desktop.core.fast.cpu import native_bf16

FAST_CPU = "cpu-fast"
BF16_CPU = "cpu-bf16"
FAST_LABEL = "CPU fast (fp32, OpenVINO)"
BF16_LABEL = "CPU bf16 (approximate)"
# The picker's names of the devices whose name does not depend on the machine.
_LABELS = {
    "cpu": "CPU (exact)",
    "mps": "Apple GPU (MPS)",
    FAST_CPU: FAST_LABEL,
    BF16_CPU: BF16_LABEL,
}


@dataclass(frozen=True)
class Device:
    id: str  # what the CLI takes and what is recorded in provenance
    label: str  # what the device picker shows
    engine: str  # "torch" or "openvino"
    precision: str = "fp32"  # "fp32" or "bf16": the engine's arithmetic (DESIGN §7)

    @property
    def exact(self) -> bool:
        """Bit-exact with the training pipeline on this machine (torch on the CPU)."""
        return self.id == "cpu"

    @property
    def approximate(self) -> bool:
        """Computes in reduced precision: its masks can differ from the exact engine's."""
        return self.precision != "fp32"


@dataclass(frozen=True)
class ResolvedDevice:
    device: Device
    fallback_reason: str | None  # set when the requested device could not be used


def _cpu_device() -> Device:
    return Device("cpu", _LABELS["cpu"], "torch")


def label_for_id(device_id: str) -> str:
    """A device id from a mask's records (run.json, a sidecar) in the words the picker uses,
    for people to read. A GPU's model name is not recorded, so `cuda:1` reads "CUDA 1"; an id
    SegDesk does not know is returned as it is."""
    if device_id.startswith("cuda:") and device_id[5:].isdigit():
        return f"CUDA {device_id[5:]}"
    return _LABELS.get(device_id, device_id)


@lru_cache(maxsize=1)
def available_devices() -> tuple[Device, ...]:
    """CPU first, then each GPU that passes a real allocation, then the fast CPU engine."""
    import torch

    devices = [_cpu_device()]
    if torch.cuda.is_available():
        for index in range(torch.cuda.device_count()):
            device_id = f"cuda:{index}"
            if _works(device_id):
                name = torch.cuda.get_device_name(index)
                devices.append(Device(device_id, f"CUDA {index} — {name}", "torch"))
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available() and _works("mps"):
        devices.append(Device("mps", "Apple GPU (MPS)", "torch"))
    if importlib.util.find_spec("openvino") is not None:
        devices.append(Device(FAST_CPU, FAST_LABEL, "openvino"))
        if native_bf16():
            devices.append(Device(BF16_CPU, BF16_LABEL, "openvino", "bf16"))
    return tuple(devices)


def _works(device_id: str) -> bool:
    import torch

    try:
        probe = torch.ones(64, device=device_id) * 2
        return float(probe.sum().cpu()) == 128.0
    except Exception:  # noqa: BLE001 - any failure means "not usable"; the caller says why
        return False


def resolve_device(requested: str | None) -> ResolvedDevice:
    """Map a request (`auto`, `cpu`, `cuda`, `cuda:N`, `mps`, `cpu-fast`, `cpu-bf16`) to a
    working device.

    An unusable GPU falls back to the CPU with the reason stated; `cpu-bf16` where it cannot run
    and an unknown name are errors.
    """
    requested = (requested or "auto").strip().lower()
    devices = {device.id: device for device in available_devices()}
    if requested == "auto":
        gpu = next((d for d in devices.values() if d.id.startswith(("cuda", "mps"))), None)
        return ResolvedDevice(gpu or devices["cpu"], None)
    if requested == "cuda":
        requested = "cuda:0"
    if requested in devices:
        return ResolvedDevice(devices[requested], None)
    if requested.startswith("cuda:") and requested[5:].isdigit() or requested == "mps":
        return ResolvedDevice(devices["cpu"], f"{requested} is not available on this machine")
    if requested == FAST_CPU:
        return ResolvedDevice(devices["cpu"], "the fast CPU engine needs OpenVINO")
    if requested == BF16_CPU:
        if not native_bf16():
            from desktop.core.fast.engine import bf16_refusal

            raise DeviceError(bf16_refusal())
        raise DeviceError(
            "Device cpu-bf16 needs OpenVINO, which is not installed here. Use cpu or cpu-fast."
        )
    raise DeviceError(
        f"Unknown device '{requested}'. Use auto, cpu, {FAST_CPU}, {BF16_CPU}, cuda, cuda:N or "
        "mps."
    )
