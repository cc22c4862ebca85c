"""Qt test fixtures: temporary settings, captured messages, fake segmenters, a started window.

The offscreen platform, the network block and the real (untrained) model packages come from
the top-level tests/conftest.py.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")

import threading
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QSettings

from desktop.core.devices import Device
from desktop.core.package import ModelPackage, PackageListing
from desktop.core.prediction import Prediction
from desktop.ui.shell import error_reporting
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.worker.jobs import Services

CPU = Device("cpu", "CPU (exact)", "torch")
FAKE_GPU = Device("cuda:0", "CUDA 0 — Fake GPU", "torch")
TRANSFORM = {"transform": {"transforms": [
    {"__class_fullname__": "Resize", "height": 256, "width": 256},
    {"__class_fullname__": "Normalize"},
    {"__class_fullname__": "ToTensorV2"},
]}}  # fmt: skip


def fake_package(name: str = "fake-unet", architecture: str = "Unet", threshold: float = 0.5,
                 bundled: bool = True) -> ModelPackage:  # fmt: skip
    return ModelPackage(
        folder=Path(f"/nonexistent/models/{name}"), name=name, architecture=architecture,
        encoder="resnet34", in_channels=3, classes=1, transform=TRANSFORM, loader="opencv-rgb",
        activation="sigmoid", threshold=threshold, weights="model.safetensors",
        sha256="0" * 64, input_size=(256, 256), description=f"{name} for tests",
        training={"val_dice": 0.91, "epochs": 3}, source="tests", bundled=bundled,
    )  # fmt: skip


def radial_probability(height: int, width: int) -> np.ndarray:
    """1 at the centre falling to 0 at the corners: `> t` is a centred disk shrinking with t."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    distance = np.hypot((ys - (height - 1) / 2) / height, (xs - (width - 1) / 2) / width)
    return np.clip(1.0 - distance / distance.max(), 0.0, 1.0).astype(np.float32)


@dataclass
class FakeLab:
    """Shared record of what the fake segmenters did, and knobs to make them slow or fail."""

    predict_calls: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    loads: list[tuple[str, str]] = field(default_factory=list)
    gate: threading.Event | None = None  # when set up, predict waits for it
    entered: threading.Event = field(default_factory=threading.Event)
    fail_predict: Exception | None = None
    fail_load: Exception | None = None
    fallback_for: dict[str, str] = field(default_factory=dict)  # device id → reason


class FakeSegmenter:
    """Same interface as core Segmenter: predict, model_probability, device, package, ..."""

    def __init__(self, lab: FakeLab, package: ModelPackage, device_id: str) -> None:
        if lab.fail_load is not None:
            raise lab.fail_load
        lab.loads.append((package.name, device_id))
        self._lab = lab
        self.package = package
        self.fallback_reason = lab.fallback_for.get(device_id)
        self.device = FAKE_GPU if device_id == "cuda:0" and not self.fallback_reason else CPU
        self.threshold = package.threshold

    def model_probability(self, image: np.ndarray):
        return radial_probability(32, 32), 0.1, 1.0

    def predict(self, image: np.ndarray) -> Prediction:
        self._lab.entered.set()
        if self._lab.gate is not None:
            assert self._lab.gate.wait(20), "test gate never opened"
        self._lab.predict_calls.append((self.package.name, image.shape[:2]))
        if self._lab.fail_predict is not None:
            raise self._lab.fail_predict
        probability, _, forward_ms = self.model_probability(image)
        return Prediction.from_model_probability(
            probability, image.shape[:2], threshold=self.threshold, device=self.device.id,
            forward_ms=forward_ms,
        )  # fmt: skip


@pytest.fixture
def lab() -> FakeLab:
    return FakeLab()


@pytest.fixture
def fake_services(lab: FakeLab) -> Services:
    return Services(
        make_segmenter=lambda package, device_id: FakeSegmenter(lab, package, device_id),
        list_devices=lambda: (CPU, FAKE_GPU),
    )


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    """Every message box the app would open, as (title, text); none is actually shown."""
    shown: list[tuple[str, str]] = []

    def capture(parent, icon, title, text, details=""):
        shown.append((title, text))

    monkeypatch.setattr(error_reporting, "present_message", capture)
    return shown


@pytest.fixture
def reporter(messages) -> ErrorReporter:
    return ErrorReporter(interactive=True)


def write_image(path: Path, height: int = 120, width: int = 160, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    rgb = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return path


@pytest.fixture
def images(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "images"
    return [
        write_image(folder / "a.png", 120, 160, 1),
        write_image(folder / "b.png", 90, 200, 2),
        write_image(folder / "c.jpg", 100, 100, 3),
    ]


@pytest.fixture(autouse=True)
def discard_corrections_without_a_dialog(monkeypatch):
    """Closing a window with corrections asks; a real message box would block the offscreen
    suite, so unless a test answers itself the corrections are discarded."""
    from desktop.ui.editing import threshold_guard

    monkeypatch.setattr(threshold_guard, "ask_with_message_box", lambda *question: True)


@dataclass
class DiscardQuestion:
    """Stands in for the "Discard corrections?" message box: gives `answers` in order, then
    `default`; `texts` records every question asked."""

    texts: list[str] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)
    default: bool = True  # True (Discard) also lets a test's window close at the end

    def __call__(self, parent, title: str, text: str) -> bool:
        self.texts.append(text)
        return self.answers.pop(0) if self.answers else self.default


@pytest.fixture
def discard_question(monkeypatch) -> DiscardQuestion:
    """Answer the window's "Discard corrections?" questions without a dialog."""
    from desktop.ui.editing import threshold_guard

    question = DiscardQuestion()
    monkeypatch.setattr(threshold_guard, "ask_with_message_box", question)
    return question


@pytest.fixture
def make_window(qtbot, settings, reporter, fake_services):
    """A started main window on fake packages; the worker thread is stopped afterwards."""
    from desktop.ui.shell.main_window import MainWindow

    windows = []

    def make(packages=None, services=None, wait_loaded=True, discover=None):
        """`discover` (default: `packages`, fixed) is what the window finds on (re)scanning."""
        listing = PackageListing(tuple(packages or (fake_package(),)), ())
        window = MainWindow(
            settings, reporter, services or fake_services, discover or (lambda: listing)
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        if wait_loaded:
            with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
                window.start()
        else:
            window.start()
        return window

    yield make
    for window in windows:
        window.close()


def segment_and_wait(qtbot, window) -> None:
    with qtbot.waitSignal(window.client.predicted, timeout=20_000):
        window.document.segment()
