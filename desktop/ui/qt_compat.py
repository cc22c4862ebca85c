"""Work-around for reference-count defects of PySide6 6.12.0, applied when `desktop.ui` loads.

With PySide6 6.12.0 on Python 3.11, two calls lose a reference each time they run:

- `SignalInstance.emit()` from Python returns `True` without counting it (one `True` lost per
  emit);
- a C++ signal (a slider moving, an action triggered, a timer) calling a Python slot loses one
  reference to the `None` that the slot returns.

A process holds a few thousand references to `None` and a few hundred to `True`, so after some
minutes of dragging sliders the interpreter aborts with "Fatal Python error: none_dealloc" (or
`bool_dealloc`). Python 3.12 and later make these singletons immortal, so the defects are
harmless there. On older Pythons, when a probe shows the defect, the same is done here: the
three singletons get a reference count so large that no amount of lost references reaches zero.
They are never freed anyway; only the count that guards them changes.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_PROBES = 16
_PIN = 1 << 40  # references added; ~10^12 lost references would be needed to reach zero


class _Probe(QObject):
    fired = Signal()


def _on_probe(*_args) -> None:
    return None


def emit_loses_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.fired.emit()
    return sys.getrefcount(True) <= before - _PROBES


def cpp_signal_loses_none() -> bool:
    probe = QObject()
    probe.objectNameChanged.connect(_on_probe)  # emitted by C++ in setObjectName
    names = [f"probe-{index}" for index in range(_PROBES)]
    before = sys.getrefcount(None)
    for name in names:
        probe.setObjectName(name)
    after = sys.getrefcount(None)
    probe.objectNameChanged.disconnect(_on_probe)
    return after <= before - _PROBES


_applied = False


def apply() -> bool:
    """Pin None/True/False if this PySide6 loses references to them; returns whether pinned."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12):
        return False  # immortal singletons: the lost references do no harm
    if not (emit_loses_true() or cpp_signal_loses_none()):
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _PIN
    _applied = True
    return True
