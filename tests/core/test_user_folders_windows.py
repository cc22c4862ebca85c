"""On Windows SegDesk keeps the user's files under %LOCALAPPDATA%\\SegDesk, never beside the
program (Program Files is read-only, and an update replaces it): desktop/core/paths.py run
against platformdirs' Windows implementation, with its folder lookup answering for a user whose
name is not ASCII."""

from __future__ import annotations

import sys
from pathlib import PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest

from desktop.core import paths

LOCAL = PureWindowsPath(r"C:\Users\Dévi\AppData\Local")
ROAMING = PureWindowsPath(r"C:\Users\Dévi\AppData\Roaming")
INSTALL = PureWindowsPath(r"C:\Program Files\SegDesk\_internal")


@pytest.fixture()
def windows(monkeypatch):
    folders = {"CSIDL_LOCAL_APPDATA": str(LOCAL), "CSIDL_APPDATA": str(ROAMING)}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(sys, "_MEIPASS", str(INSTALL), raising=False)  # the frozen app
    monkeypatch.delenv(paths.MODELS_ENV, raising=False)


def _windows(path) -> PureWindowsPath:
    return PureWindowsPath(str(path))  # here a PosixPath holding a Windows path's text


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        (paths.user_data_dir, LOCAL / "SegDesk"),
        (paths.user_models_dir, LOCAL / "SegDesk" / "models"),
        (paths.cache_dir, LOCAL / "SegDesk" / "Cache"),
        (paths.log_dir, LOCAL / "SegDesk" / "logs"),
    ],
)
def test_user_files_live_under_localappdata_segdesk(windows, folder, expected):
    found = _windows(folder())
    assert found == expected
    # Not SegDesk\SegDesk (an "author" folder), not roaming, not the install folder.
    assert found.relative_to(LOCAL).parts[:2] != ("SegDesk", "SegDesk")
    assert not found.is_relative_to(ROAMING)
    assert not found.is_relative_to(INSTALL.parent)


def test_bundled_files_are_read_from_the_install_folder(windows):
    assert _windows(paths.bundled_models_dir()) == INSTALL / "weights"
    assert _windows(paths.resources_dir()) == INSTALL / "resources"


def test_segdesk_models_still_overrides_the_models_folder(windows, monkeypatch):
    monkeypatch.setenv(paths.MODELS_ENV, r"\\server\share\models")
    assert _windows(paths.user_models_dir()) == PureWindowsPath(r"\\server\share\models")
