"""End to end with a real smp package on the worker thread, and the app as a process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from desktop.core.package import read_package
from desktop.ui.worker.jobs import Services, _make_segmenter
from tests.ui.conftest import segment_and_wait, write_image

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_real_model_open_segment_overlay_threshold(qtbot, make_window, unet18, tmp_path):
    predicts = []

    def counting_segmenter(package, device_id):
        segmenter = _make_segmenter(package, device_id)
        real_predict = segmenter.predict

        def predict(image):
            predicts.append(image.shape)
            return real_predict(image)

        segmenter.predict = predict
        return segmenter

    package = read_package(unet18.package_dir)
    window = make_window([package], Services(make_segmenter=counting_segmenter))
    assert window.models.loaded.device.id == "cpu"
    image = write_image(tmp_path / "frame.png", 300, 400, 11)
    window.document.open_image(image)
    segment_and_wait(qtbot, window)

    prediction = window.session.prediction
    assert prediction.mask.shape == (300, 400) and prediction.device == "cpu"
    assert prediction.timings.forward_ms > 0
    assert window.view.overlay_item.pixmap().size().toTuple() == (400, 300)
    assert "CPU (exact)" in window.status.device.text()
    assert window.result_panel.area.text().endswith("%)")

    # Re-thresholding the real prediction needs no second forward pass.
    window.session.set_threshold_override(0.8)
    shown = window.session.prediction
    assert shown.threshold == 0.8 and shown.threshold_overridden
    assert np.array_equal(shown.mask, prediction.probability > 0.8)
    assert len(predicts) == 1


def _run_app(args: list[str], models: Path, base_env: dict[str, str], tmp_path: Path):
    env = {
        **base_env,  # offline (network blocked in the child too), headless
        "SEGDESK_SMOKE": "1",
        "SEGDESK_MODELS": str(models),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TMPDIR": str(tmp_path / "tmp"),  # where the smoke run keeps its scratch settings
    }
    (tmp_path / "tmp").mkdir(exist_ok=True)
    code = "import sys; from desktop.ui.shell.app import run_app; sys.exit(run_app(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=240,
        cwd=REPO,
    )  # fmt: skip


@pytest.mark.slow
def test_smoke_run_prints_result_and_exits_zero(unet18, offline_subprocess_env, tmp_path):
    image = write_image(tmp_path / "frame.png", 120, 160, 5)
    done = _run_app([str(image)], unet18.package_dir.parent, offline_subprocess_env, tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("SMOKE OK ")
    _, _, pixels, device = lines[0].split()
    assert 0 <= int(pixels) <= 120 * 160 and device == "cpu"
    assert "SEGDESK-TEST-NETWORK-BLOCKED" not in done.stderr
    assert (tmp_path / "data" / "SegDesk" / "logs" / "segdesk.log").exists()
    assert list((tmp_path / "tmp").iterdir()) == []  # no scratch settings left in the temp folder


@pytest.mark.slow
def test_smoke_run_fails_clearly_on_a_bad_image(unet18, offline_subprocess_env, tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    done = _run_app([str(bad)], unet18.package_dir.parent, offline_subprocess_env, tmp_path)
    assert done.returncode == 1
    assert "SMOKE FAILED Cannot open image" in done.stderr and "bad.png" in done.stderr


def test_ui_modules_do_not_import_torch(offline_subprocess_env) -> None:
    code = (
        "import sys, pkgutil, importlib, desktop.ui\n"
        "for m in pkgutil.walk_packages(desktop.ui.__path__, 'desktop.ui.'):\n"
        "    importlib.import_module(m.name)\n"
        "from desktop.ui.shell.about_dialog import about_html; about_html()\n"
        "heavy = ('torch', 'segmentation_models_pytorch', 'albumentations', 'openvino')\n"
        "bad = [m for m in heavy if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=offline_subprocess_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
