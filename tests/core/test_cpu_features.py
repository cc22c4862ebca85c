"""CPU capability detection: bf16 is offered only where the CPU computes it natively, read from
/proc/cpuinfo (mocked here both ways), and refused elsewhere with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core import devices
from desktop.core.errors import DeviceError
from desktop.core.fast import cpu

AVX2_ONLY = "fpu sse4_2 avx fma avx2"
AVX512_BF16 = AVX2_ONLY + " avx512f avx512bw avx512vl avx512_vnni avx512_bf16"
AMX = AVX512_BF16 + " amx_tile amx_bf16 amx_int8"


def _cpuinfo(tmp_path: Path, flags: str) -> Path:
    path = tmp_path / "cpuinfo"
    body = f"processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: {flags}\n\n"
    path.write_text(body + body.replace(": 0", ": 1"))
    return path


@pytest.mark.parametrize(
    ("flags", "native", "kind"),
    [(AVX2_ONLY, False, None), (AVX512_BF16, True, "AVX-512 BF16"), (AMX, True, "AMX")],
)
def test_native_bf16_is_read_from_cpuinfo(tmp_path, flags, native, kind):
    read = cpu.read_cpu_flags(_cpuinfo(tmp_path, flags))
    assert "avx2" in read
    assert cpu.native_bf16(read) is native and cpu.bf16_kind(read) == kind


def test_unreadable_cpuinfo_offers_nothing_optional(tmp_path):
    flags = cpu.read_cpu_flags(tmp_path / "missing")
    assert flags == frozenset() and not cpu.native_bf16(flags)


def test_capability_names_the_instruction_sets_in_a_stable_order(tmp_path):
    avx2 = cpu.capability(cpu.read_cpu_flags(_cpuinfo(tmp_path, AVX2_ONLY)))
    bf16 = cpu.capability(cpu.read_cpu_flags(_cpuinfo(tmp_path, "avx512_bf16 " + AVX512_BF16)))
    assert avx2.endswith(":sse4_2,avx,avx2,fma") and "avx512_bf16" in bf16 and avx2 != bf16
    assert "fpu" not in avx2


@pytest.fixture
def flags(monkeypatch):
    """Pretend the CPU has the given flags; the device list is recomputed."""

    def set_flags(text: str) -> None:
        monkeypatch.setattr(cpu, "cpu_flags", lambda: frozenset(text.split()))
        devices.available_devices.cache_clear()

    yield set_flags
    devices.available_devices.cache_clear()


def test_an_avx2_only_cpu_gets_no_bf16_device_and_a_clear_refusal(flags):
    flags(AVX2_ONLY)
    ids = [device.id for device in devices.available_devices()]
    assert "cpu-bf16" not in ids and "cpu-fast" in ids
    with pytest.raises(DeviceError) as caught:
        devices.resolve_device("cpu-bf16")
    message = str(caught.value)
    assert "AVX-512 BF16" in message and "AMX" in message and "100× slower" in message
    assert "cpu-fast" in message and "Traceback" not in message


def test_a_bf16_cpu_gets_the_approximate_device_never_by_default(flags):
    flags(AVX512_BF16)
    listed = {device.id: device for device in devices.available_devices()}
    bf16 = listed["cpu-bf16"]
    assert bf16.label == "CPU bf16 (approximate)" and bf16.precision == "bf16"
    assert bf16.approximate and not bf16.exact and bf16.engine == "openvino"
    assert listed["cpu-fast"].precision == "fp32" and not listed["cpu-fast"].approximate
    assert list(listed)[-1] == "cpu-bf16"
    assert devices.resolve_device("cpu-bf16").device == bf16
    assert devices.resolve_device("auto").device.id not in ("cpu-fast", "cpu-bf16")
