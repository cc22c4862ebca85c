"""The Windows packaging's promises that can be checked without Wine (the rest: make
smoke-windows): a per-user installer that never needs administrator rights and never deletes
more than it installed, the C++ runtime pinned for Windows only, an icon with every size."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
NSI = (REPO / "tools" / "windows" / "installer.nsi").read_text("utf-8")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _section(name: str) -> str:
    match = re.search(rf'^Section "{name}".*?^SectionEnd', NSI, re.M | re.S)
    assert match, f"no section {name!r} in installer.nsi"
    return match.group(0)


def test_installer_is_per_user_without_administrator_rights():
    assert re.search(r"^RequestExecutionLevel user\s*$", NSI, re.M)
    assert re.search(r'^InstallDir "\$LOCALAPPDATA\\Programs\\\$\{APP\}"', NSI, re.M)
    # everything it registers is the user's own: no HKLM, no all-users shell folders
    assert "HKLM" not in NSI and "SetShellVarContext all" not in NSI
    assert "WriteRegStr HKCU" in _section("SegDesk")


def test_uninstaller_removes_only_what_was_installed_and_keeps_user_data():
    uninstall = _section("Uninstall")
    # /D= may point at a folder holding the user's own files: never delete it wholesale
    assert not re.search(r'RMDir /r "\$INSTDIR"\s*$', uninstall, re.M)
    assert 'RMDir /r "$INSTDIR\\_internal"' in uninstall
    assert re.search(r'^\s*RMDir "\$INSTDIR"\s*$', uninstall, re.M)  # only if empty
    # the user's data is never touched: of %LOCALAPPDATA%\SegDesk only the rebuildable Cache
    # goes (and the folder itself only when empty); nothing of %APPDATA%\SegDesk (settings)
    removals = re.findall(r"^\s*(RMDir(?: /r)?|Delete) \"([^\"]*)\"", uninstall, re.M)
    user_data = [(verb, path) for verb, path in removals if "APPDATA" in path]
    assert user_data == [("RMDir /r", "$LOCALAPPDATA\\${APP}\\Cache"),
                         ("RMDir", "$LOCALAPPDATA\\${APP}")]
    # and the uninstaller says so, in both languages
    kept = re.findall(r"^LangString KeepUserData \$\{LANG_(\w+)\} \"(.*)\"$", NSI, re.M)
    assert {language for language, _ in kept} == {"ENGLISH", "INDONESIAN"}
    for _, text in kept:
        assert "$LOCALAPPDATA\\SegDesk" in text and "$APPDATA\\SegDesk" in text


def test_vc_runtime_is_a_windows_only_dependency():
    tool = _load("requirements_from_pyproject", REPO / "tools" / "requirements_from_pyproject.py")
    specs = tool.requirements(["fast", "dev:pyinstaller"], [])
    runtime = [spec for spec in specs if tool.name_of(spec) == "msvc-runtime"]
    assert runtime and "sys_platform == 'win32'" in runtime[0]


def test_icon_holds_every_size_windows_asks_for(tmp_path):
    make_icon = _load("make_icon", REPO / "tools" / "windows" / "make_icon.py")
    icon = make_icon.write_icon(tmp_path / "segdesk.ico")
    with Image.open(icon) as image:
        sizes = set(image.info["sizes"])
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes


def test_manifest_never_asks_for_administrator_and_allows_long_paths():
    manifest = (REPO / "tools" / "windows" / "segdesk.exe.manifest").read_text("utf-8")
    assert 'level="asInvoker"' in manifest
    assert re.search(r"<longPathAware[^>]*>true</longPathAware>", manifest)
    spec = (REPO / "build.spec").read_text("utf-8")
    assert "segdesk.exe.manifest" in spec  # the spec really embeds it
