"""tools/i18n.py finds PySide6's Qt tools where each kind of Python installs them: beside the
interpreter (a venv), in sysconfig's scripts folder (a plain Windows Python: <prefix>\\Scripts\\,
while python.exe is in <prefix>\\), as `<name>.exe` on Windows, else on PATH."""

from __future__ import annotations

import importlib.util
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = "pyside6-lrelease"


@pytest.fixture(scope="module")
def i18n_tool():
    path = ROOT / "tools" / "i18n.py"
    spec = importlib.util.spec_from_file_location("segdesk_i18n_tool_paths", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture()
def python(monkeypatch, tmp_path):
    """A Python at tmp/Python311/python.exe whose scripts folder is tmp/Python311/Scripts, with
    nothing on PATH; returns (interpreter folder, scripts folder)."""
    home, scripts = tmp_path / "Python311", tmp_path / "Python311" / "Scripts"
    scripts.mkdir(parents=True)
    (home / "python.exe").write_bytes(b"")
    real_get_path = sysconfig.get_path

    def get_path(name, *args, **kwargs):
        return str(scripts) if name == "scripts" else real_get_path(name, *args, **kwargs)

    monkeypatch.setattr(sys, "executable", str(home / "python.exe"))
    monkeypatch.setattr(sysconfig, "get_path", get_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    return home, scripts


def _executable(path: Path) -> Path:
    path.write_bytes(b"")
    path.chmod(0o755)
    return path


def test_plain_windows_python_finds_the_exe_in_scripts(i18n_tool, python, monkeypatch):
    _, scripts = python
    monkeypatch.setattr(sys, "platform", "win32")
    found = _executable(scripts / f"{TOOL}.exe")
    assert i18n_tool.tool(TOOL) == str(found)


def test_a_venv_finds_the_tool_beside_its_interpreter_first(i18n_tool, python):
    home, scripts = python
    _executable(scripts / TOOL)
    beside = _executable(home / TOOL)
    assert i18n_tool.tool(TOOL) == str(beside)


def test_the_scripts_folder_without_exe_elsewhere(i18n_tool, python):
    _, scripts = python
    found = _executable(scripts / TOOL)
    assert i18n_tool.tool(TOOL) == str(found)


def test_then_path_then_a_clear_message(i18n_tool, python, monkeypatch, tmp_path):
    on_path = tmp_path / "bin"
    on_path.mkdir()
    with pytest.raises(SystemExit, match="not found"):
        i18n_tool.tool(TOOL)
    found = _executable(on_path / TOOL)
    monkeypatch.setenv("PATH", str(on_path))
    assert i18n_tool.tool(TOOL) == str(found)
