"""The fast devices on the command line: `--audit`, what ran said in words, and `cpu-bf16`
refused with a clear message where the CPU has no native bf16 (in-process, CPU flags mocked)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop import cli
from desktop.core import devices
from desktop.core.fast import cpu


@pytest.fixture
def models(unet18, tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "models"
    shutil.copytree(unet18.package_dir, folder / "unet18")
    monkeypatch.setenv("SEGDESK_MODELS", str(folder))
    return folder


@pytest.fixture
def avx2_only(monkeypatch):
    monkeypatch.setattr(cpu, "cpu_flags", lambda: frozenset({"avx", "avx2", "fma"}))
    devices.available_devices.cache_clear()
    yield
    devices.available_devices.cache_clear()


def test_cpu_bf16_is_refused_on_a_cpu_without_native_bf16(
    photos, models, tmp_path, avx2_only, capsys
):
    out = tmp_path / "out"
    status = cli.main(["batch", str(photos), str(out), "--model", "unet18", "--device", "cpu-bf16"])
    err = capsys.readouterr().err
    assert status == cli.EXIT_CANNOT_RUN
    assert "cpu-bf16" in err and "AVX-512 BF16" in err and "Traceback" not in err
    assert not (out / "run.json").exists()


@pytest.mark.parametrize("bad", ["2", "-0.5", "half"])
def test_audit_takes_a_fraction_from_0_to_1(photos, tmp_path, bad, capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["batch", str(photos), str(tmp_path / "out"), "--audit", bad])
    assert caught.value.code == 2 and "--audit" in capsys.readouterr().err


def test_cpu_fast_says_what_ran_and_records_fp32(photos, models, tmp_path, capsys):
    pytest.importorskip("openvino")
    out = tmp_path / "out"
    status = cli.main(
        ["batch", str(photos), str(out), "--model", "unet18", "--device", "cpu-fast",
         "--audit", "1"]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert status == cli.EXIT_OK, printed
    assert "device cpu-fast\n" in printed
    assert "engine: cpu-fast — CPU fast (fp32, OpenVINO), precision fp32" in printed
    assert "Audit against the exact engine: 3 images checked" in printed
    run = json.loads((out / "run.json").read_text())
    assert run["device"] == "cpu-fast" and run["precision"] == "fp32"
    assert run["audit"]["fraction"] == 1.0 and len(run["audit"]["images"]) == 3
    assert run["audit"]["max_ppm"] == 0.0  # fp32: the same masks as the exact engine
