"""Where SegDesk finds its bundled files and keeps the user's files.

Bundled folders (`resources/`, `weights/`) are located relative to the code, never the working
directory, so the app works when started from anywhere and inside a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "SegDesk"
MODELS_ENV = "SEGDESK_MODELS"


def install_root() -> Path:
    """The folder holding `resources/` and `weights/`: the bundle's data folder when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return install_root() / "resources"


def samples_dir() -> Path:
    return resources_dir() / "samples"


def bundled_models_dir() -> Path:
    return install_root() / "weights"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_models_dir() -> Path:
    """`$SEGDESK_MODELS` when set, else `<user data>/models`. Not created here."""
    override = os.environ.get(MODELS_ENV)
    return Path(override).expanduser() if override else user_data_dir() / "models"


def cache_dir() -> Path:
    """Derived, rebuildable files (e.g. exported fast-engine graphs)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return user_data_dir() / "logs"


def absolute(path: Path | str) -> Path:
    """`path` made absolute against the working directory, `~` and `..` resolved but symlinks
    kept: records written to OUT must still say which file they mean after the app is started
    from another folder (a relative `IN` typed on the command line would not)."""
    return Path(os.path.abspath(Path(path).expanduser()))
