"""`make smoke-windows`: install the Windows installer into a fresh Wine prefix and use the app.

    .venv/bin/python tools/windows/smoke.py [--setup dist/windows/SegDesk-<v>-Setup.exe]
                                            [--work build/windows/smoke] [--skip-gui]

What a clinician's machine would see, as far as Wine can show it:
  1. a fresh prefix (Windows 10) whose user name is not ASCII ("Dévi"), so the install folder,
     %LOCALAPPDATA% and every output path hold non-ASCII characters;
  2. the installer run silently (`/S`) without administrator rights: the program lands in
     %LOCALAPPDATA%\\Programs\\SegDesk, with a Start-menu shortcut and an uninstall entry under
     HKCU; the exes carry the icon, version information and a manifest (asInvoker,
     longPathAware); the bundle holds the C++ runtime torch needs, and no Wine shim;
  3. the installed `segdesk-cli.exe`: --help, --version, models, verify; `batch` on the samples
     with `cpu` (every mask pixel compared with the Linux venv's), `cpu-fast` and, where the CPU
     computes bf16 natively, `cpu-bf16`; input given with backslashes from a non-ASCII folder,
     output on another drive letter (D:); a DICOM batch with `--save mask,seg`; `evaluate` on
     resources/validation; the GUI offscreen (SEGDESK_SMOKE) in English and Indonesian;
  4. the windowed `SegDesk.exe` under Xvfb in both languages, segmented with F5, screenshots kept
     in WORK/shots/ (look at them);
  5. the silent uninstall, then a list of what is left behind (the user's own data is kept on
     purpose);
  6. IT's deployment: `/S /D=D:\\Aplikasi-Ü\\SegDesk`, run from there, uninstall (a file of the
     user's beside the folder survives).

Wine-only workarounds (tools/windows/wine/: the ucrtbase proxy copied beside the installed exes,
stub DLLs in the prefix's system32) are applied by this harness; the installer carries none of
them, which step 2 checks before they are added. Exit status 0 when every check passes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
from smoke_bundle import (  # noqa: E402
    SMOKE_LINE,
    Smoke,
    _tail,
    check_masks,
    cpu_has_native_bf16,
    prepare_inputs,
    pydicom_test_files,
)

WINE_DIR = REPO / "tools" / "windows" / "wine"
USER = "Dévi"  # a non-ASCII Windows user name: every per-user path then holds one
UNINSTALL_KEY = r"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\SegDesk"
VC_RUNTIME = ("msvcp140.dll", "vcruntime140.dll", "vcruntime140_1.dll", "vcruntime140_threads.dll")


class Wine:
    """Runs Windows programs in one prefix. Output always through pipes: Wine 8 + CPython die at
    start when stdout/stderr are regular files."""

    def __init__(self, prefix: Path, timeout: float, amx_shim: Path) -> None:
        self.prefix = prefix
        self.timeout = timeout
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("PYTHON", "QT_", "SEGDESK_", "WINE"))}
        self.env.update({
            "WINEPREFIX": str(prefix), "WINEARCH": "win64", "WINEDEBUG": "-all",
            # the harness's ucrtbase proxy beside the exe wins; no Mono/Gecko prompts; no menu
            # entries for the Start-menu shortcut written into this Linux user's desktop
            "WINEDLLOVERRIDES": "ucrtbase=n,b;mscoree,mshtml=;winemenubuilder.exe=d",
            "KMP_AFFINITY": "disabled",  # torch's libiomp5md aborts on Wine's NUMA stub
            "USER": USER, "NO_ALBUMENTATIONS_UPDATE": "1",
        })
        if amx_shim.is_file():  # AMX tile permission, which Windows grants unasked
            self.env["LD_PRELOAD"] = str(amx_shim)

    @staticmethod
    def path(path: Path) -> str:
        """A Linux path as Wine's programs see it (drive Z: is /)."""
        return "Z:" + str(path.resolve()).replace("/", "\\")

    def c_drive(self) -> Path:
        return self.prefix / "drive_c"

    def local_appdata(self) -> Path:
        return self.c_drive() / "users" / USER / "AppData" / "Local"

    def run(self, args: list[str], *, label: str, smoke: Smoke, env: dict | None = None,
            timeout: float | None = None, quiet: bool = False):
        start = time.perf_counter()
        try:
            result = subprocess.run(["wine", *args], env={**self.env, **(env or {})},
                                    capture_output=True, stdin=subprocess.DEVNULL,
                                    timeout=timeout or self.timeout)
        except subprocess.TimeoutExpired as exc:
            smoke.check(f"{label} finishes within {timeout or self.timeout:.0f} s", False,
                        _tail((exc.stdout or b"").decode("utf-8", "replace")))
            return None
        # The app writes UTF-8 (manifest activeCodePage / stdout reconfigured): decode as such.
        result.stdout = result.stdout.decode("utf-8", "replace")
        result.stderr = result.stderr.decode("utf-8", "replace")
        seconds = time.perf_counter() - start
        smoke.timings[label] = seconds
        print(f"---- {label}: exit {result.returncode} in {seconds:.1f} s", flush=True)
        if not quiet:
            for stream, text in (("", result.stdout), ("[stderr] ", result.stderr)):
                if text.strip():
                    lines = _tail(text, 25).splitlines()
                    print("\n".join(f"    {stream}{line}" for line in lines))
        return result

    def wait_idle(self) -> None:
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=300)

    def kill(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, timeout=60)

    def registry_text(self) -> str:
        self.wait_idle()  # wineserver writes user.reg when the prefix goes idle
        return (self.prefix / "user.reg").read_text("utf-8", errors="replace")


def fresh_prefix(wine: Wine, shims: Path, smoke: Smoke) -> None:
    if wine.prefix.exists():
        shutil.rmtree(wine.prefix)
    start = time.perf_counter()
    subprocess.run(["xvfb-run", "-a", "wine", "wineboot", "-i"], env=wine.env,
                   capture_output=True, timeout=600)
    subprocess.run(["wine", "winecfg", "-v", "win10"], env=wine.env, capture_output=True,
                   timeout=300)
    wine.wait_idle()
    system32 = wine.c_drive() / "windows" / "system32"
    for name in ("icuuc.dll", "bcryptprimitives.dll"):  # Wine-only stubs (make_shims.sh)
        shutil.copy2(shims / name, system32 / name)
    # A second drive, D:, for outputs on another drive than the program and the inputs.
    drive_d = wine.prefix.parent / "drive-d"
    drive_d.mkdir(exist_ok=True)
    (wine.prefix / "dosdevices" / "d:").symlink_to(drive_d)
    smoke.check("fresh Wine prefix (Windows 10) with a non-ASCII user name",
                (wine.c_drive() / "users" / USER).is_dir(),
                f"{time.perf_counter() - start:.0f} s")


def install(wine: Wine, setup: Path, smoke: Smoke) -> Path | None:
    app = wine.local_appdata() / "Programs" / "SegDesk"
    result = wine.run(["start", "/wait", "/unix", str(setup), "/S"], label="silent install",
                      smoke=smoke, timeout=900)
    wine.wait_idle()
    smoke.check("silent install (/S) exits 0", result is not None and result.returncode == 0)
    if not smoke.check("installed per user into %LOCALAPPDATA%\\Programs\\SegDesk",
                       (app / "segdesk-cli.exe").is_file() and (app / "SegDesk.exe").is_file(),
                       str(app)):
        return None
    menu = (wine.c_drive() / "users" / USER / "AppData" / "Roaming" / "Microsoft" / "Windows"
            / "Start Menu" / "Programs" / "SegDesk" / "SegDesk.lnk")
    smoke.check("Start-menu shortcut", menu.is_file(), str(menu.relative_to(wine.prefix)))
    registry = wine.registry_text()
    key = re.search(rf"^\[{re.escape(UNINSTALL_KEY)}\][^\n]*\n(.*?)(?:\n\n|\Z)", registry,
                    re.M | re.S)
    entry = key.group(1) if key else ""
    smoke.check("uninstaller registered in the user's Apps list (HKCU)",
                '"DisplayName"="SegDesk"' in entry and "Uninstall.exe" in entry
                and '"DisplayVersion"=' in entry, _tail(entry, 12) or "no key")
    smoke.check("nothing written for all users (no HKLM uninstall entry)",
                "SegDesk" not in (wine.prefix / "system.reg").read_text("utf-8", "replace"))
    return app


@contextmanager
def wine_only_patches(app: Path, shims: Path):
    """While the installed app runs under Wine (never shipped, undone afterwards): the ucrtbase
    proxy beside the exes, and no _wmi module (platform's WMI query calls
    propsys.VariantToString, which Wine 8 lacks; without _wmi, platform takes the fallback
    Windows itself takes when WMI is unavailable)."""
    for name in ("ucrtbase.dll", "ucrtwine.dll"):
        shutil.copy2(shims / name, app / name)
    wmi = app / "_internal" / "_wmi.pyd"
    set_aside = wmi.with_suffix(".pyd.wine-off")
    if wmi.is_file():
        wmi.rename(set_aside)
    try:
        yield
    finally:
        for name in ("ucrtbase.dll", "ucrtwine.dll"):
            (app / name).unlink(missing_ok=True)
        if set_aside.is_file():
            set_aside.rename(wmi)


def check_executables(app: Path, smoke: Smoke) -> None:
    import pefile

    for name, subsystem in (("SegDesk.exe", 2), ("segdesk-cli.exe", 3)):  # 2 GUI, 3 console
        pe = pefile.PE(str(app / name))
        manifest = version = ""
        icon = False
        for entry in getattr(pe, "DIRECTORY_ENTRY_RESOURCE", None).entries:
            if entry.id == pefile.RESOURCE_TYPE["RT_MANIFEST"]:
                data = entry.directory.entries[0].directory.entries[0].data.struct
                manifest = pe.get_data(data.OffsetToData, data.Size).decode("utf-8", "replace")
            icon |= entry.id == pefile.RESOURCE_TYPE["RT_GROUP_ICON"]
        for info in getattr(pe, "FileInfo", [[]])[0]:
            for table in getattr(info, "StringTable", []):
                version = table.entries.get(b"ProductVersion", b"").decode()
        smoke.check(f"{name}: {'windowed' if subsystem == 2 else 'console'} exe",
                    pe.OPTIONAL_HEADER.Subsystem == subsystem)
        smoke.check(f"{name}: manifest asInvoker + longPathAware + UTF-8 code page",
                    'level="asInvoker"' in manifest and "longPathAware" in manifest
                    and ">true</" in manifest.split("longPathAware", 1)[-1][:80]
                    and "UTF-8" in manifest, _tail(manifest, 3))
        smoke.check(f"{name}: icon and version information", icon and bool(version),
                    f"ProductVersion {version!r}")
        pe.close()
    internal = app / "_internal"
    versions = {}
    for dll in internal.rglob("*.dll"):
        if dll.name.lower() in VC_RUNTIME:
            pe = pefile.PE(str(dll), fast_load=True)
            pe.parse_data_directories(
                directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
            info = pe.VS_FIXEDFILEINFO[0]
            versions[str(dll.relative_to(internal))] = (
                f"{info.FileVersionMS >> 16}.{info.FileVersionMS & 0xFFFF}."
                f"{info.FileVersionLS >> 16}")
            pe.close()
    by_name = {path.lower(): version for path, version in versions.items()}
    top = {name: by_name.get(name) for name in VC_RUNTIME}
    smoke.check("C++ runtime torch needs ships at the top (vcruntime140_threads.dll …)",
                all(top.values()), json.dumps(top))
    msvcp = {path: v for path, v in versions.items() if Path(path).name.lower() == "msvcp140.dll"}
    smoke.check("one msvcp140.dll version in the whole bundle (no older private copy)",
                len(set(msvcp.values())) == 1, json.dumps(msvcp))
    shims = [p.name for p in app.rglob("*") if p.name.lower() in ("ucrtwine.dll", "icuuc.dll",
                                                                  "bcryptprimitives.dll")]
    shims += [p.name for p in app.glob("ucrtbase.dll")]
    smoke.check("no Wine shim in the installed program", not shims, ", ".join(shims))


def linux_reference(inputs_dir: Path, out: Path, *options: str) -> None:
    """The same batch with the Linux venv: what the Windows masks must equal."""
    if not (out / "report.csv").is_file():
        subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-m", "desktop", "batch",
                        str(inputs_dir), str(out), *options],
                       cwd=REPO, check=True, capture_output=True,
                       env={**os.environ, "NO_ALBUMENTATIONS_UPDATE": "1"})


def compare_masks(smoke: Smoke, label: str, reference: Path, candidate: Path) -> None:
    compared = differing = 0
    problems = []
    for mask_path in sorted(reference.glob("*_mask.png")):
        theirs = cv2.imread(str(mask_path), cv2.IMREAD_UNCHANGED)
        ours = cv2.imread(str(candidate / mask_path.name), cv2.IMREAD_UNCHANGED)
        if ours is None or ours.shape != theirs.shape:
            problems.append(f"{mask_path.name}: {None if ours is None else ours.shape}")
            continue
        compared += theirs.size
        differing += int(np.count_nonzero(ours != theirs))
    smoke.check(f"{label}: every mask pixel equals the Linux venv's",
                compared > 0 and differing == 0 and not problems,
                f"{differing} of {compared:,} pixels differ" + (f"; {problems}" if problems
                                                                 else ""))


def run_cli(wine: Wine, cli: Path, smoke: Smoke, work: Path, inputs: list[Path]) -> None:
    exe = str(cli)
    for args, expect in ((["--help"], "batch"), (["--version"], "SegDesk")):
        result = wine.run([exe, *args], label=" ".join(args), smoke=smoke)
        smoke.check(f"segdesk-cli {' '.join(args)}", result is not None and result.returncode == 0
                    and expect in result.stdout, _tail(result.stdout, 2) if result else "")
        if args == ["--help"] and result is not None:
            smoke.check("console text survives the pipe (no U+FFFD for non-ASCII)",
                        "\ufffd" not in result.stdout + result.stderr)
    result = wine.run([exe, "models"], label="models", smoke=smoke)
    smoke.check("models lists both bundled models", result is not None
                and result.returncode == 0 and "demo-unet-resnet34" in result.stdout
                and "demo-unetplusplus-resnet34" in result.stdout)
    result = wine.run([exe, "verify", "--device", "cpu"], label="verify", smoke=smoke)
    smoke.check("verify (golden references) exits 0", result is not None
                and result.returncode == 0, _tail(result.stdout, 3) if result else "")

    inputs_dir = inputs[0].parent
    devices = ["cpu", "cpu-fast"] + (["cpu-bf16"] if cpu_has_native_bf16() else [])
    for device in devices:
        # Output on drive D:, given with backslashes; input from the non-ASCII folder on Z:.
        win_out = f"D:\\hasil ü\\batch {device}"
        out = work / "drive-d" / "hasil ü" / f"batch {device}"
        result = wine.run([exe, "batch", Wine.path(inputs_dir), win_out, "--device", device],
                          label=f"batch {device}", smoke=smoke)
        if result is None:
            continue
        smoke.check(f"batch --device {device} exits 0 and says done",
                    result.returncode == 0 and "done " in result.stdout, _tail(result.stderr, 3))
        if device == "cpu":  # a non-ASCII path printed through a pipe arrives intact
            smoke.check("console shows the non-ASCII output path intact",
                        "D:\\hasil ü\\batch cpu" in result.stdout, _tail(result.stdout, 1))
        check_masks(smoke, inputs, out)
        record = json.loads((out / "run.json").read_text("utf-8")) if (
            out / "run.json").is_file() else {}
        smoke.check(f"{device}: run.json says device {device}", record.get("device") == device,
                    f"precision {record.get('precision')}")
        if device in ("cpu", "cpu-fast"):
            reference = work / f"linux-{device}"
            linux_reference(inputs_dir, reference, "--device", device)
            compare_masks(smoke, f"batch {device}", reference, out)
        else:
            audit = record.get("audit") or {}
            print(f"cpu-bf16 audit: mean {audit.get('mean_ppm')} ppm, max "
                  f"{audit.get('max_ppm')} ppm", flush=True)

    check_dicom(wine, exe, smoke, work)
    validation = REPO / "resources" / "validation"
    out = work / "evaluation"
    result = wine.run([exe, "evaluate", Wine.path(validation / "images"),
                       Wine.path(validation / "masks"), Wine.path(out), "--device", "cpu"],
                      label="evaluate", smoke=smoke)
    summary = out / "summary.json"
    smoke.check("evaluate on resources/validation writes metrics and a report",
                result is not None and result.returncode == 0 and summary.is_file()
                and (out / "report.html").is_file(), _tail(result.stdout, 3) if result else "")


def check_dicom(wine: Wine, exe: str, smoke: Smoke, work: Path) -> None:
    files = pydicom_test_files()
    if not smoke.check("DICOM test files available (pydicom's wheel in .venv)", files is not None):
        return
    dicom_in = work / "dicom in"
    dicom_in.mkdir(exist_ok=True)
    for name in ("examples_ybr_color.dcm", "CT_small.dcm", "SC_rgb_rle_2frame.dcm"):
        shutil.copy2(files / name, dicom_in / name)
    out = work / "dicom out"
    result = wine.run([exe, "batch", Wine.path(dicom_in), Wine.path(out), "--save", "mask,seg"],
                      label="batch dicom", smoke=smoke)
    masks = sorted(out.glob("*_mask.png"))
    segs = sorted(out.glob("*_seg.dcm"))
    smoke.check("DICOM batch --save mask,seg: a mask per frame and a SEG per file",
                result is not None and result.returncode == 0 and len(masks) == 30 + 1 + 2
                and len(segs) == 3 and all(p.read_bytes()[128:132] == b"DICM" for p in segs),
                f"{len(masks)} masks, {len(segs)} SEGs")
    reference = work / "linux-dicom"
    linux_reference(dicom_in, reference, "--save", "mask")
    compare_masks(smoke, "DICOM batch", reference, out)


def gui_offscreen(wine: Wine, cli: Path, smoke: Smoke, image: Path) -> None:
    for language in ("en", "id"):
        start = time.perf_counter()
        result = wine.run([str(cli), "--lang", language, Wine.path(image)],
                          label=f"gui offscreen {language}", smoke=smoke,
                          env={"QT_QPA_PLATFORM": "offscreen", "SEGDESK_SMOKE": "1"})
        match = SMOKE_LINE.search(result.stdout) if result else None
        smoke.check(f"GUI offscreen ({language}): opens, segments, prints SMOKE OK",
                    result is not None and result.returncode == 0 and match is not None,
                    (match.group(0).strip() if match else _tail(result.stdout + result.stderr))
                    + f" ({time.perf_counter() - start:.0f} s cold start to a segmented sample)"
                    if result else "")


def check_start_log(wine: Wine, smoke: Smoke) -> None:
    """The installed app's log: torch's DLLs were loaded before Qt's (pytorch#166628), and how
    soon the window was shown."""
    log = wine.local_appdata() / "SegDesk" / "logs" / "segdesk.log"
    text = log.read_text("utf-8", "replace") if log.is_file() else ""
    preloads = re.findall(r"torch DLL preload: (.*)", text)
    smoke.check("frozen exe loaded torch's c10.dll before Qt (every start)",
                bool(preloads) and all(p.startswith("loaded ") and p.rstrip().endswith(
                    "c10.dll") for p in preloads), preloads[-1] if preloads else f"no {log}")
    shown = [int(ms) for ms in re.findall(r"window shown (\d+) ms after start", text)]
    if shown:
        print(f"window shown {min(shown)}–{max(shown)} ms after run_app started "
              f"({len(shown)} starts under Wine)", flush=True)


def gui_screenshots(wine: Wine, app: Path, smoke: Smoke, image: Path, shots: Path) -> None:
    """The windowed SegDesk.exe on a virtual X screen: open, F5, screenshot, in both languages."""
    shots.mkdir(parents=True, exist_ok=True)
    xvfb = subprocess.Popen(["Xvfb", ":87", "-screen", "0", "1366x820x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    display = {"DISPLAY": ":87"}
    # A window manager (when installed) gives the window its frame and title in the screenshots
    # and keeps keyboard focus where xdotool puts it.
    manager = (subprocess.Popen(["openbox"], env={**os.environ, **display},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               if shutil.which("openbox") else None)
    try:
        time.sleep(2)
        for language in ("en", "id"):
            shot = shots / f"windows-gui-{language}.png"
            gui = subprocess.Popen(["wine", str(app / "SegDesk.exe"), "--lang", language,
                                    Wine.path(image)], env={**wine.env, **display},
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
            window = _wait_for_window(display, timeout=180)
            if not smoke.check(f"SegDesk.exe ({language}) shows its window under Xvfb",
                               window is not None):
                gui.kill()
                wine.kill()
                continue
            time.sleep(3)
            subprocess.run(["xdotool", "windowfocus", "--sync", window, "key", "F5"],
                           env={**os.environ, **display}, capture_output=True, timeout=30)
            settled = _wait_until_settled(display, shot, timeout=150)
            smoke.check(f"screenshot ({language}) after F5: {shot}", settled and shot.is_file())
            wine.kill()
            gui.wait(timeout=60)
    finally:
        if manager is not None:
            manager.kill()
        xvfb.kill()


def _wait_for_window(display: dict, timeout: float) -> str | None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "SegDesk"],
                               env={**os.environ, **display}, capture_output=True, text=True)
        if found.stdout.split():
            return found.stdout.split()[-1]
        time.sleep(2)
    return None


def _wait_until_settled(display: dict, shot: Path, timeout: float) -> bool:
    """Screenshots every 4 s until three in a row are identical (the segmentation has drawn)."""
    deadline = time.time() + timeout
    previous, same = None, 0
    while time.time() < deadline:
        time.sleep(4)
        subprocess.run(["import", "-display", display["DISPLAY"], "-window", "root", str(shot)],
                       capture_output=True, timeout=60)
        data = shot.read_bytes() if shot.is_file() else b""
        same = same + 1 if data and data == previous else 0
        previous = data
        if same >= 2:
            return True
    return False


def install_elsewhere(wine: Wine, setup: Path, smoke: Smoke, work: Path, shims: Path) -> None:
    """IT's deployment: `/S /D=folder` on another drive, run from there, silent uninstall."""
    # No space in the folder: Wine quotes an argument that holds one, and NSIS reads /D= only
    # unquoted (a person types it so in cmd; spaces are fine there).
    folder = work / "drive-d" / "Aplikasi-Ü" / "SegDesk"
    result = wine.run(["start", "/wait", "/unix", str(setup), "/S", "/D=D:\\Aplikasi-Ü\\SegDesk"],
                      label="silent install /D=", smoke=smoke, timeout=900)
    wine.wait_idle()
    installed = result is not None and (folder / "segdesk-cli.exe").is_file()
    smoke.check("/S /D=D:\\Aplikasi-Ü\\SegDesk installs into that folder", installed, str(folder))
    if not installed:
        return
    with wine_only_patches(folder, shims):
        version = wine.run([str(folder / "segdesk-cli.exe"), "--version"],
                           label="--version (D:)", smoke=smoke)
    smoke.check("the app runs from the /D= folder", version is not None
                and version.returncode == 0 and "SegDesk" in version.stdout)
    registry = wine.registry_text()
    smoke.check("the Apps entry points at the /D= folder",
                "InstallLocation\"=\"D:\\\\Aplikasi-" in registry)
    (folder.parent / "notes of the user.txt").write_text("kept", "utf-8")
    run_uninstaller(wine, folder, "silent uninstall (D:)", smoke)
    smoke.check("uninstalling from the /D= folder removes it and nothing beside it",
                not folder.exists() and (folder.parent / "notes of the user.txt").is_file())


def run_uninstaller(wine: Wine, folder: Path, label: str, smoke: Smoke):
    result = wine.run([str(folder / "Uninstall.exe"), "/S"], label=label, smoke=smoke)
    # The uninstaller copies itself to a temporary folder and runs from there: wait for it.
    deadline = time.time() + 180
    while folder.exists() and time.time() < deadline:
        time.sleep(2)
    wine.wait_idle()
    return result


def uninstall(wine: Wine, app: Path, smoke: Smoke) -> None:
    data = wine.local_appdata() / "SegDesk"
    # A model of the user's own (as `import` would leave it) must survive the uninstall.
    shutil.copytree(app / "_internal" / "weights" / "demo-unet-resnet34",
                    data / "models" / "my-site-model")
    settings = wine.c_drive() / "users" / USER / "AppData" / "Roaming" / "SegDesk"
    # What the user made or chose (logs, models, settings): every file must survive.
    users_files = [p for folder in (data, settings) if folder.is_dir()
                   for p in folder.rglob("*") if p.is_file() and "Cache" not in p.parts]
    had_cache = (data / "Cache").is_dir()
    result = run_uninstaller(wine, app, "silent uninstall", smoke)
    smoke.check("silent uninstall removes the program folder",
                result is not None and not app.exists())
    registry = wine.registry_text()
    smoke.check("uninstall entry removed from HKCU",
                f"[{UNINSTALL_KEY}]" not in registry)
    menu = (wine.c_drive() / "users" / USER / "AppData" / "Roaming" / "Microsoft" / "Windows"
            / "Start Menu" / "Programs" / "SegDesk")
    smoke.check("Start-menu shortcut removed", not menu.exists())
    lost = [p.name for p in users_files if not p.is_file()]
    smoke.check("the user's logs, models and settings are kept; the rebuildable caches removed",
                bool(users_files) and had_cache and not lost and not (data / "Cache").exists(),
                f"{len(users_files)} files kept" + (f", lost {lost}" if lost else ""))
    print("left behind in the prefix after uninstall (besides Wine's own files):", flush=True)
    for path in sorted(wine.c_drive().rglob("*")):
        text = str(path)
        if "SegDesk" in text or "segdesk" in text.lower():
            size = path.stat().st_size if path.is_file() else 0
            print(f"    {path.relative_to(wine.prefix)}{'' if path.is_dir() else f'  {size:,} B'}")
    for line in registry.splitlines():
        if "segdesk" in line.lower():
            print(f"    registry: {line[:120]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", type=Path, help="the installer (default: the newest in "
                        "dist/windows)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "windows" / "smoke")
    parser.add_argument("--shims", type=Path, default=REPO / "build" / "windows" / "shims")
    parser.add_argument("--skip-gui", action="store_true")
    parser.add_argument("--timeout", type=float, default=900, help="per command, seconds")
    args = parser.parse_args(argv)

    setups = sorted((REPO / "dist" / "windows").glob("SegDesk-*-Setup.exe"),
                    key=lambda p: p.stat().st_mtime)
    setup = (args.setup or (setups[-1] if setups else Path("missing"))).resolve()
    smoke = Smoke()
    if not smoke.check("installer built", setup.is_file(), str(setup)):
        print("0 passed, 1 failed (run `make installer-windows` first)")
        return 1
    print(f"installer {setup.name}: {setup.stat().st_size / 2**20:.0f} MB", flush=True)
    if not (args.shims / "amx_permission.so").is_file():
        subprocess.run(["bash", str(WINE_DIR / "make_shims.sh"), str(args.shims)], check=True)
    work = args.work.resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    wine = Wine(work / "prefix", args.timeout, args.shims / "amx_permission.so")
    started = time.perf_counter()
    try:
        fresh_prefix(wine, args.shims, smoke)
        app = install(wine, setup, smoke)
        if app is None:
            return _finish(smoke, started)
        installed = sum(p.stat().st_size for p in app.rglob("*") if p.is_file())
        print(f"installed size {installed / 2**20:.0f} MB", flush=True)
        check_executables(app, smoke)
        with wine_only_patches(app, args.shims):
            inputs = prepare_inputs(app / "_internal", None, work / "Pasién Ütara" / "gambar")
            run_cli(wine, app / "segdesk-cli.exe", smoke, work, inputs)
            if not args.skip_gui:
                gui_offscreen(wine, app / "segdesk-cli.exe", smoke, inputs[0])
                gui_screenshots(wine, app, smoke, inputs[0], work / "shots")
                check_start_log(wine, smoke)
            smoke.check("user data under %LOCALAPPDATA%\\SegDesk, nothing written into the "
                        "program", (wine.local_appdata() / "SegDesk").is_dir()
                        and not any(p.suffix in (".log", ".ini", ".xml") for p in app.rglob("*")))
        uninstall(wine, app, smoke)
        install_elsewhere(wine, setup, smoke, work, args.shims)
    finally:
        wine.kill()
    return _finish(smoke, started)


def _finish(smoke: Smoke, started: float) -> int:
    smoke.timings["whole smoke"] = time.perf_counter() - started
    print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in smoke.timings.items()))
    print(f"{smoke.passed} passed, {smoke.failed} failed")
    return 0 if smoke.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
