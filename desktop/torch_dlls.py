"""On Windows, load torch's DLLs before Qt's, without importing torch.

PySide6 ships its own, older `msvcp140.dll`. Once Qt has loaded it, Windows hands that copy to
every later DLL asking for `msvcp140.dll`, and torch >= 2.9's `c10.dll` then fails to
initialise: `import torch` raises "WinError 1114: A dynamic link library (DLL) initialization
routine failed" (pytorch#166628). SegDesk imports torch late (the window paints first), so every
entry point calls `preload_torch_dlls()` before anything can import PySide6: loading `c10.dll`
from torch's own `lib` folder pulls in the C++ runtime it needs, and Qt then reuses that one.

This module imports neither torch nor Qt; elsewhere than Windows it does nothing.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

FIRST_DLL = "c10.dll"  # torch's lowest-level library: every other torch DLL depends on it

# What the last call did, in words (None: never called). The app logs it once its log file is
# open, and a test checks that each entry point ran the preload before importing Qt.
outcome: str | None = None
# The DLL handle and the DLL-directory cookie: kept for the life of the process, since closing
# the cookie would take torch's folder off the DLL search path again.
_kept: list[object] = []


def torch_lib_dir() -> Path | None:
    """torch's `lib` folder (holding c10.dll), found without importing torch; None if absent.

    Frozen by PyInstaller, torch lives in `sys._MEIPASS/torch/lib`; else wherever the import
    system would find the `torch` package."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root and (Path(frozen_root) / "torch" / "lib").is_dir():
        return Path(frozen_root) / "torch" / "lib"
    spec = importlib.util.find_spec("torch")
    if spec is None:
        return None
    folders = list(spec.submodule_search_locations or [])
    if spec.origin:
        folders.append(str(Path(spec.origin).parent))
    for folder in folders:
        lib = Path(folder) / "lib"
        if lib.is_dir():
            return lib
    return None


def preload_torch_dlls() -> str:
    """Windows: put torch's `lib` folder on the DLL search path and load `c10.dll` from it.

    Never raises: a failure is logged, and the later `import torch` reports the real problem
    where the app reports its other errors. Returns (and keeps in `outcome`) what it did; once
    it has run, later calls only return that."""
    global outcome
    if outcome is not None:
        return outcome
    try:
        outcome = _preload()
    except Exception as exc:  # noqa: BLE001 - the app must still start and say what is wrong
        outcome = f"failed: {type(exc).__name__}: {exc}"
        log.warning("Could not preload torch's DLLs before Qt's (%s)", outcome)
    return outcome


def _preload() -> str:
    if sys.platform != "win32":
        return "not needed (not Windows)"
    lib = torch_lib_dir()
    if lib is None:
        return "not needed (torch is not installed)"
    dll = lib / FIRST_DLL
    if not dll.is_file():
        return f"not needed (no {dll})"
    # The folder first: c10.dll's own dependencies (and later torch's) are found there.
    _kept.append(os.add_dll_directory(str(lib)))
    import ctypes

    # A full path: ctypes then also searches the DLL's own folder for its dependencies.
    _kept.append(ctypes.CDLL(str(dll)))
    return f"loaded {dll}"
