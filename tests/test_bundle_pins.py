"""The CPU bundle's build venv takes its pins from pyproject.toml (one place), so exclusions
such as `PySide6-Essentials!=6.12.0` (a version that leaks references) apply to it too."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location(
        "requirements_from_pyproject", REPO / "tools" / "requirements_from_pyproject.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cpu_bundle_requirements_come_from_pyproject():
    tool = _tool()
    specs = tool.requirements(["fast", "dev:pyinstaller"], ["torch", "torchvision"])
    names = [tool.name_of(spec) for spec in specs]
    assert "PySide6-Essentials>=6.6,!=6.12.0" in specs
    assert "torch" not in names and "torchvision" not in names
    assert {"openvino", "onnx", "pyinstaller"} <= set(names)
    assert "pytest" not in names and "onnxruntime" not in names


def test_bundle_script_uses_the_pyproject_pins():
    script = (REPO / "tools" / "bundle.sh").read_text()
    assert "requirements_from_pyproject.py" in script
    assert "PySide6-Essentials platformdirs" not in script  # no second, unpinned list
