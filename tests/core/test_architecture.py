"""DESIGN §2: `core` (and the CLI) never import Qt; manifests and images load without torch."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop.core

CORE_MODULES = sorted(
    f"desktop.core.{info.name}" for info in pkgutil.iter_modules(desktop.core.__path__)
)


def _modules_after_import(modules: list[str], env: dict[str, str], then: str = "") -> set[str]:
    """sys.modules of a fresh interpreter after importing `modules` (and running `then`)."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"{then}\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300,
        cwd=Path(desktop.core.__file__).parents[2],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _qt(modules: set[str]) -> list[str]:
    return sorted(
        m for m in modules if m.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")
    )


def test_core_modules_are_discovered():
    expected = {"batch", "checkpoint", "devices", "export", "image_io", "package", "segmenter"}
    assert {name.rsplit(".", 1)[1] for name in CORE_MODULES} >= expected


# After importing, also run the lazily imported parts: network, transform, weights, fast engine.
_EXERCISE_LAZY_IMPORTS = """
from desktop.core.checkpoint import build_network
from desktop.core.package_import import seed_transform
from desktop.core.devices import available_devices
import safetensors.torch
build_network("Unet", "resnet18")
seed_transform()
available_devices()
try:
    import onnxruntime
except ImportError:
    pass
"""


def test_core_and_cli_never_import_qt(offline_subprocess_env):
    loaded = _modules_after_import(
        [*CORE_MODULES, "desktop.cli", "desktop"], offline_subprocess_env, _EXERCISE_LAZY_IMPORTS
    )
    assert set(CORE_MODULES) <= loaded
    assert not _qt(loaded), f"Qt imported by core/cli: {_qt(loaded)}"
    # Sanity: the probe really loaded the heavy dependencies core uses at run time.
    assert {"torch", "segmentation_models_pytorch", "albumentations", "cv2"} <= loaded


def test_manifests_and_images_load_without_torch(offline_subprocess_env):
    loaded = _modules_after_import(
        ["desktop.core.package", "desktop.core.image_io", "desktop.core.errors", "desktop.cli"],
        offline_subprocess_env,
    )
    assert "torch" not in loaded
    assert "albumentations" not in loaded and "segmentation_models_pytorch" not in loaded
    assert not _qt(loaded)
