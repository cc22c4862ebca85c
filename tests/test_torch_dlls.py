"""torch's DLLs before Qt's on Windows (pytorch#166628): desktop/torch_dlls.py and its callers.

The Windows branch runs here with sys.platform set to "win32", a fake torch folder and
recorders in place of os.add_dll_directory and ctypes.CDLL. The order is checked for real: each
entry point runs in a subprocess whose import hook notes, at the first PySide6 import, whether
the preload had already run.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import importlib.util
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import torch_dlls

CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def windows(monkeypatch):
    """sys.platform is "win32"; returns the list of (call, argument) the DLL functions got."""
    calls: list[tuple[str, str]] = []

    def add_dll_directory(path):
        calls.append(("add_dll_directory", path))
        return object()

    def cdll(name, *args, **kwargs):
        calls.append(("CDLL", name))
        return object()

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "add_dll_directory", add_dll_directory, raising=False)
    monkeypatch.setattr(ctypes, "CDLL", cdll)
    monkeypatch.setattr(torch_dlls, "_kept", [])
    monkeypatch.setattr(torch_dlls, "outcome", None)
    return calls


def _fake_torch(folder: Path) -> Path:
    """A `torch` package folder with lib/c10.dll; returns the lib folder."""
    (folder / "torch" / "lib").mkdir(parents=True)
    (folder / "torch" / "__init__.py").write_text("raise ImportError('never imported')\n")
    (folder / "torch" / "lib" / "c10.dll").write_bytes(b"MZ")
    return folder / "torch" / "lib"


def _torch_spec(monkeypatch, package_folder: Path | None) -> None:
    """importlib.util.find_spec("torch") answers with `package_folder` (None: not installed)."""
    real = importlib.util.find_spec

    def find_spec(name, package=None):
        if name != "torch":
            return real(name, package)
        if package_folder is None:
            return None
        spec = importlib.machinery.ModuleSpec(
            "torch", None, origin=str(package_folder / "__init__.py"), is_package=True
        )
        spec.submodule_search_locations = [str(package_folder)]
        return spec

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_on_windows_loads_c10_from_torchs_lib_folder(windows, monkeypatch, tmp_path):
    lib = _fake_torch(tmp_path / "site-packages")
    _torch_spec(monkeypatch, lib.parent)
    outcome = torch_dlls.preload_torch_dlls()
    # The folder goes on the DLL search path first, so c10.dll's dependencies are found there.
    assert windows == [("add_dll_directory", str(lib)), ("CDLL", str(lib / "c10.dll"))]
    assert outcome == torch_dlls.outcome == f"loaded {lib / 'c10.dll'}"
    assert len(torch_dlls._kept) == 2  # the cookie and the handle stay alive


def test_frozen_bundle_loads_from_meipass(windows, monkeypatch, tmp_path):
    lib = _fake_torch(tmp_path / "_internal")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    _torch_spec(monkeypatch, None)  # a frozen importer may not answer find_spec at all
    torch_dlls.preload_torch_dlls()
    assert windows == [("add_dll_directory", str(lib)), ("CDLL", str(lib / "c10.dll"))]


def test_nothing_happens_without_torch(windows, monkeypatch):
    _torch_spec(monkeypatch, None)
    assert torch_dlls.preload_torch_dlls() == "not needed (torch is not installed)"
    assert windows == []


def test_a_failed_load_is_logged_not_raised(windows, monkeypatch, tmp_path, caplog):
    lib = _fake_torch(tmp_path / "site-packages")
    _torch_spec(monkeypatch, lib.parent)

    def cdll(name, *args, **kwargs):
        raise OSError(1114, "A dynamic link library (DLL) initialization routine failed")

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    with caplog.at_level(logging.WARNING, logger="desktop.torch_dlls"):
        outcome = torch_dlls.preload_torch_dlls()
    assert outcome.startswith("failed: OSError")
    assert "initialization routine failed" in caplog.text


def test_it_runs_once_per_process(windows, monkeypatch, tmp_path):
    lib = _fake_torch(tmp_path / "site-packages")
    _torch_spec(monkeypatch, lib.parent)
    first = torch_dlls.preload_torch_dlls()
    assert torch_dlls.preload_torch_dlls() == first  # desktop.ui calls it again
    assert len(windows) == 2


def test_a_failing_search_is_logged_not_raised(windows, monkeypatch):
    def find_spec(name, package=None):
        raise ValueError("torch.__spec__ is None")

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert torch_dlls.preload_torch_dlls().startswith("failed: ValueError")
    assert windows == []


def test_elsewhere_than_windows_it_does_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(torch_dlls, "outcome", None)
    calls = []
    monkeypatch.setattr(ctypes, "CDLL", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(os, "add_dll_directory", lambda *a: calls.append(a), raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert torch_dlls.preload_torch_dlls() == "not needed (not Windows)"
    assert calls == []


# -- the order, in each entry point ------------------------------------------------------------
# Written as sitecustomize.py: at the first import of PySide6 it records whether the preload had
# run (and whether torch was imported) and ends the process; a run that never imports Qt records
# the same at exit. It then runs conftest's offline sitecustomize, which it displaces.
_ORDER_HOOK = """
import atexit, importlib.abc, json, os, sys

_RECORD = os.environ["SEGDESK_TEST_ORDER_RECORD"]

def _record(event):
    module = sys.modules.get("desktop.torch_dlls")
    with open(_RECORD, "w", encoding="utf-8") as handle:
        json.dump({"event": event, "preload": getattr(module, "outcome", None),
                   "torch": "torch" in sys.modules}, handle)

class _FirstQtImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "PySide6":
            _record("PySide6")
            sys.stdout.flush()
            os._exit(0)
        return None

sys.meta_path.insert(0, _FirstQtImport())
atexit.register(lambda: os.path.exists(_RECORD) or _record("exit"))

_offline = os.path.join(os.environ["SEGDESK_TEST_OFFLINE_SITE"], "sitecustomize.py")
with open(_offline, encoding="utf-8") as _source:
    exec(compile(_source.read(), _offline, "exec"), {"__name__": "offline_sitecustomize"})
"""

_CONSOLE_SCRIPT = "import sys; from desktop.__main__ import main; sys.exit(main())"
_RUN_APP = "import sys; from desktop.ui.shell.app import run_app; sys.exit(run_app([]))"


@pytest.fixture(scope="module")
def review_folders(tmp_path_factory):
    from helpers import write_test_image

    base = tmp_path_factory.mktemp("review")
    write_test_image(base / "in" / "a.png", 16, 16, 1)
    return {"IN": str(base / "in"), "OUT": str(base / "out")}


@pytest.mark.parametrize(
    ("name", "args", "opens_qt"),
    [
        ("python -m desktop (GUI)", ["-m", "desktop"], True),
        ("frozen exe: __main__.py as a script", [str(CHECKOUT / "desktop" / "__main__.py")], True),
        ("segdesk console script", ["-c", _CONSOLE_SCRIPT], True),
        ("review command", ["-m", "desktop", "review", "IN", "OUT"], True),
        ("run_app imported directly", ["-c", _RUN_APP], True),
        ("--help", ["-m", "desktop", "--help"], False),
        ("models command", ["-m", "desktop", "models"], False),
    ],
)
def test_each_entry_point_preloads_before_importing_qt(
    name, args, opens_qt, offline_subprocess_env, review_folders, tmp_path
):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_ORDER_HOOK, "utf-8")
    env = dict(offline_subprocess_env)
    offline_site, *rest = env["PYTHONPATH"].split(os.pathsep)
    env["PYTHONPATH"] = os.pathsep.join([str(hook), offline_site, *rest])
    env["SEGDESK_TEST_OFFLINE_SITE"] = offline_site
    env["SEGDESK_TEST_ORDER_RECORD"] = str(tmp_path / "order.json")
    env["SEGDESK_SMOKE"] = "1"  # should the hook fail to stop it, the GUI ends by itself
    args = [review_folders.get(arg, arg) for arg in args]
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"{name}: {done.stderr}"
    record = json.loads((tmp_path / "order.json").read_text("utf-8"))
    assert record["event"] == ("PySide6" if opens_qt else "exit"), name
    assert record["preload"] is not None, f"{name}: no preload before {record['event']}"
    assert record["preload"] == "not needed (not Windows)"
    assert not record["torch"], f"{name}: torch was imported before the window (or by the preload)"
