"""Persistent user settings: one QSettings, every key under a versioned group.

Bumping `GROUP` resets everything (an old, incompatible layout is simply not read). Tests pass
a QSettings backed by a temporary file, never the user's real settings.
"""

from __future__ import annotations

import json
from dataclasses import replace

from PySide6.QtCore import QByteArray, QSettings

from desktop.core.paths import APP_NAME
from desktop.ui.viewer.overlay_render import DEFAULT_COLOR, MODES, OverlayStyle

GROUP = "v1"


def default_qsettings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


class AppSettings:
    """Typed access to SegDesk's settings; invalid stored values fall back to defaults."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else default_qsettings()

    # -- generic access ---------------------------------------------------------------------
    def _key(self, name: str) -> str:
        return f"{GROUP}/{name}"

    def _text(self, name: str, default: str = "") -> str:
        value = self._store.value(self._key(name), default)
        return value if isinstance(value, str) else default

    def _set(self, name: str, value: object) -> None:
        self._store.setValue(self._key(name), value)

    def _json(self, name: str, default: object) -> object:
        try:
            return json.loads(self._text(name, json.dumps(default)))
        except json.JSONDecodeError:
            return default

    def sync(self) -> None:
        self._store.sync()

    # -- window -----------------------------------------------------------------------------
    @property
    def geometry(self) -> QByteArray | None:
        value = self._store.value(self._key("window/geometry"))
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        value = self._store.value(self._key("window/state"))
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._set("window/state", value)

    # -- folders ----------------------------------------------------------------------------
    def last_folder(self, purpose: str) -> str:
        """The folder last used to open / export / batch-input / batch-output."""
        return self._text(f"folders/{purpose}")

    def set_last_folder(self, purpose: str, folder: str) -> None:
        self._set(f"folders/{purpose}", folder)

    # -- model and device -------------------------------------------------------------------
    @property
    def model(self) -> str:
        """The chosen package's folder ('' for the default, the first bundled model)."""
        return self._text("model/package")

    @model.setter
    def model(self, folder: str) -> None:
        self._set("model/package", folder)

    @property
    def device(self) -> str:
        return self._text("model/device", "auto") or "auto"

    @device.setter
    def device(self, device_id: str) -> None:
        self._set("model/device", device_id)

    @property
    def auto_segment(self) -> bool:
        return self._text("model/auto_segment", "false") == "true"

    @auto_segment.setter
    def auto_segment(self, on: bool) -> None:
        self._set("model/auto_segment", "true" if on else "false")

    # -- overlay ----------------------------------------------------------------------------
    @property
    def overlay_style(self) -> OverlayStyle:
        style = OverlayStyle()
        data = self._json("overlay/style", {})
        if not isinstance(data, dict):
            return style
        color = data.get("color")
        if (
            isinstance(color, list)
            and len(color) == 3
            and all(isinstance(c, int) and 0 <= c <= 255 for c in color)
        ):
            style = replace(style, color=tuple(color))
        opacity = data.get("opacity")
        if isinstance(opacity, (int, float)) and 0.0 <= opacity <= 1.0:
            style = replace(style, opacity=float(opacity))
        if data.get("mode") in MODES:
            style = replace(style, mode=data["mode"])
        if isinstance(data.get("visible"), bool):
            style = replace(style, visible=data["visible"])
        return style

    @overlay_style.setter
    def overlay_style(self, style: OverlayStyle) -> None:
        data = {
            "color": list(style.color or DEFAULT_COLOR),
            "opacity": round(style.opacity, 3),
            "mode": style.mode,
            "visible": style.visible,
        }
        self._set("overlay/style", json.dumps(data))

    # -- recent files -----------------------------------------------------------------------
    @property
    def recent_files(self) -> list[str]:
        data = self._json("files/recent", [])
        return [item for item in data if isinstance(item, str)] if isinstance(data, list) else []

    @recent_files.setter
    def recent_files(self, files: list[str]) -> None:
        self._set("files/recent", json.dumps(list(files)))

    # -- dialogs ----------------------------------------------------------------------------
    def choices(self, dialog: str) -> dict:
        """Last choices made in a dialog (batch, export), as a plain dict."""
        data = self._json(f"dialogs/{dialog}", {})
        return data if isinstance(data, dict) else {}

    def set_choices(self, dialog: str, choices: dict) -> None:
        self._set(f"dialogs/{dialog}", json.dumps(choices))

    # -- language ---------------------------------------------------------------------------
    @property
    def language(self) -> str:
        """The chosen UI language ("en", "id"), or "" to follow the system (the default)."""
        return self._text("ui/language", "")

    @language.setter
    def language(self, code: str) -> None:
        self._set("ui/language", code)
