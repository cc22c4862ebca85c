"""Time from process start to the main window's first paint and to the model being ready.

The measured process is `python -m desktop` itself, started with a tiny bootstrap (no change to
the app): it wraps `QWidget.show*` to catch the first paint of a QMainWindow, and
`Segmenter.__init__` to catch the moment the model is loaded (the network and transform built on
the worker thread). Times are CLOCK_MONOTONIC, shared by parent and child.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

MARK = "SEGDESK_BENCH "

BOOTSTRAP = r"""
import json, os, sys, threading, time
MARK = "SEGDESK_BENCH "
seen = {}
lock = threading.Lock()

def report(name):
    with lock:
        if name in seen:
            return
        seen[name] = time.monotonic()
        print(MARK + json.dumps({"event": name, "t": seen[name]}), flush=True)
        if "window" in seen and ("model" in seen or os.environ.get("SEGDESK_BENCH_NO_MODEL")):
            os._exit(0)

from PySide6 import QtCore, QtWidgets

class _Painted(QtCore.QObject):
    def eventFilter(self, obj, event):
        if event.type() == QtCore.QEvent.Type.Paint and isinstance(obj, QtWidgets.QMainWindow):
            # Report after this paint has been handled: the window is on screen.
            QtCore.QTimer.singleShot(0, lambda: report("window"))
        return False

_filter = _Painted()

def _wrap(name):
    original = getattr(QtWidgets.QWidget, name)
    def wrapper(self, *args, **kwargs):
        if isinstance(self, QtWidgets.QMainWindow):
            self.installEventFilter(_filter)
        return original(self, *args, **kwargs)
    setattr(QtWidgets.QWidget, name, wrapper)

for _name in ("show", "showMaximized", "showNormal", "showFullScreen", "setVisible"):
    _wrap(_name)

import desktop.core.segmenter as _seg
_init = _seg.Segmenter.__init__
def _ready(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    report("model")
_seg.Segmenter.__init__ = _ready

def _deadline():
    time.sleep(float(os.environ.get("SEGDESK_BENCH_TIMEOUT", "60")))
    print(MARK + json.dumps({"event": "timeout", "t": time.monotonic()}), flush=True)
    os._exit(3)
threading.Thread(target=_deadline, daemon=True).start()

import runpy
sys.argv = ["desktop"]
runpy.run_module("desktop", run_name="__main__", alter_sys=True)
"""


def gui_available() -> str | None:
    """None when the GUI can be measured, else the reason it cannot."""
    import importlib.util

    try:
        if importlib.util.find_spec("desktop.ui.shell.app") is None:
            return "desktop/ui/shell/app.py does not exist yet (the GUI is being written)"
        if importlib.util.find_spec("PySide6") is None:
            return "PySide6 is not installed"
    except (ImportError, ValueError) as exc:
        return f"the GUI cannot be imported ({exc})"
    return None


def measure_once(
    timeout: float = 60.0, cwd: Path | None = None, extra_env: dict | None = None
) -> dict:
    """One cold start of the normal app (not its SEGDESK_SMOKE mode, which does more than start).
    `extra_env` should point XDG_CONFIG_HOME/XDG_DATA_HOME/XDG_CACHE_HOME at scratch folders so
    the user's settings are neither read nor changed (a first start), and may set SEGDESK_MODELS."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["NO_ALBUMENTATIONS_UPDATE"] = "1"
    env.pop("SEGDESK_SMOKE", None)
    env["SEGDESK_BENCH_TIMEOUT"] = str(timeout)
    env.update(extra_env or {})
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", BOOTSTRAP],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    )
    try:
        out, err = process.communicate(timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    events = {}
    for line in out.splitlines():
        if line.startswith(MARK):
            event = json.loads(line[len(MARK) :])
            events[event["event"]] = event["t"] - start
    result = {
        "window_s": events.get("window"),
        "model_s": events.get("model"),
        "exit_code": process.returncode,
    }
    if "window" not in events:
        tail = (err or out).strip().splitlines()[-3:]
        result["error"] = " | ".join(tail) or f"exit code {process.returncode}"
    elif "model" not in events:
        result["error"] = "no model was loaded at start within the timeout"
    return result
