"""Smoke test of the built one-folder bundle (dist/SegDesk/), as a user would run it.

    python tools/smoke_bundle.py [--bundle dist/SegDesk] [--samples DIR] [--copy] [--skip-gui]

The bundle folder is first moved (renamed) to a temporary folder whose name has a space in it
(`--copy` copies it instead), and every command runs with a fresh empty temporary folder as the
working directory, no user models (SEGDESK_MODELS points at an empty folder) and user data/cache
folders inside the temporary tree — so it passes only if the bundle finds its own resources and
weights through sys._MEIPASS. The bundle is moved back afterwards, whatever happens.

Checks: layout (no OpenCV Qt, Qt offscreen/xcb platform plugins present, bundled models and
samples present); `SegDesk models` lists every bundled model from inside the moved bundle;
`SegDesk verify` exits 0; `SegDesk batch IN OUT` exits 0 and writes one 8-bit 0/255 mask per
input at the input's own size (read back with cv2); the same batch split in two parts
(`--num-parts 2 --part-id 0|1 --threads 1`) and `merge`d gives the same masks and report rows
(DESIGN §13); the GUI started offscreen with
`SEGDESK_SMOKE=1 SegDesk IMAGE` prints `SMOKE OK <foreground_pixels> <device>` and exits 0.
Fast engines: only OpenVINO's CPU plugin is bundled; `batch --device cpu-fast` really runs fp32
on it (run.json says device cpu-fast, precision fp32); on a CPU with native bf16 (read from
/proc/cpuinfo) `batch --device cpu-bf16 --audit 1` runs bf16 and writes the audit, elsewhere it
is refused with a clear message. Each prints the precision that ran.
DICOM (DESIGN §10): `SegDesk batch IN OUT --save mask,seg` on a 30-frame JPEG ultrasound file and
an extension-less CT file (both from pydicom's wheel in the dev venv, found without importing
it) writes one mask per frame at Rows x Columns, one SEG per file and mm² in the report; the GUI
opens the multi-frame file and prints SMOKE OK.

Needs only the Python standard library plus numpy and opencv (run it with the dev venv's python).
Exit status 0 when every check passes. The last line is `N passed, N failed`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}
SMOKE_LINE = re.compile(r"^SMOKE OK (\d+) (\S+)\s*$", re.MULTILINE)


class Smoke:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.timings: dict[str, float] = {}

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        print(f"{'PASS' if ok else 'FAIL'} {name}{' — ' + detail if detail else ''}", flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


def run(exe: Path, args: list[str], *, cwd: Path, env: dict[str, str], timeout: float,
        label: str, smoke: Smoke) -> subprocess.CompletedProcess | None:
    start = time.perf_counter()
    try:
        result = subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True,
                                text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        smoke.check(f"{label} finishes within {timeout:.0f} s", False,
                    _tail((exc.stdout or b"").decode(errors="replace")
                          + (exc.stderr or b"").decode(errors="replace")))
        return None
    seconds = time.perf_counter() - start
    smoke.timings[label] = seconds
    print(f"---- {label}: exit {result.returncode} in {seconds:.1f} s", flush=True)
    if result.stdout.strip():
        print(_indent(result.stdout))
    if result.stderr.strip():
        print(_indent("[stderr]\n" + _tail(result.stderr, 40)))
    return result


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines())


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def bundled_model_names(internal: Path) -> list[str]:
    return sorted(p.parent.name for p in (internal / "weights").glob("*/model.json"))


def prepare_inputs(internal: Path, samples: Path | None, dest: Path) -> list[Path]:
    """Bundled samples (or --samples), plus one odd-sized PNG so 'original size' is tested."""
    dest.mkdir(parents=True)
    source = samples or internal / "resources" / "samples"
    inputs = []
    if source.is_dir():
        for path in sorted(source.iterdir()):
            if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES:
                shutil.copy2(path, dest / path.name)
                inputs.append(dest / path.name)
    rng = np.random.default_rng(5)
    odd = (rng.random((211, 317, 3)) * 255).astype(np.uint8)
    cv2.circle(odd, (150, 100), 60, (40, 40, 200), -1)
    cv2.imwrite(str(dest / "zz_odd_317x211.png"), odd)
    inputs.append(dest / "zz_odd_317x211.png")
    return inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "SegDesk")
    parser.add_argument("--samples", type=Path, help="input images (default: the bundle's samples)")
    parser.add_argument("--copy", action="store_true",
                        help="copy the bundle instead of moving it (slow: it is gigabytes)")
    parser.add_argument("--skip-gui", action="store_true")
    parser.add_argument("--fast-only", action="store_true",
                        help="only the layout and the fast engines (cpu-fast, cpu-bf16) checks")
    parser.add_argument("--timeout", type=float, default=600, help="per command, seconds")
    args = parser.parse_args(argv)

    bundle = args.bundle.resolve()
    # On Windows SegDesk.exe is windowed (no console output): the commands run segdesk-cli.exe.
    exe_name = "segdesk-cli.exe" if os.name == "nt" else "SegDesk"
    if not (bundle / exe_name).is_file():
        print(f"FAIL no bundle at {bundle} (run tools/bundle.sh first)")
        print("0 passed, 1 failed")
        return 1

    smoke = Smoke()
    tmp = Path(tempfile.mkdtemp(prefix="segdesk-smoke-"))
    moved = tmp / "Moved SegDesk copy"
    try:
        start = time.perf_counter()
        if args.copy:
            shutil.copytree(bundle, moved, symlinks=True)
        else:
            bundle.rename(moved)
        print(f"bundle {'copied' if args.copy else 'moved'} to '{moved}' "
              f"({time.perf_counter() - start:.1f} s)", flush=True)
        exe = moved / exe_name
        internal = moved / "_internal"
        workdir = tmp / "elsewhere"
        workdir.mkdir()
        home = tmp / "home"
        (home / "no-user-models").mkdir(parents=True)
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("PYTHON", "QT_", "SEGDESK_"))}
        env.update({
            "NO_ALBUMENTATIONS_UPDATE": "1",
            "QT_QPA_PLATFORM": "offscreen",
            "SEGDESK_MODELS": str(home / "no-user-models"),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
        })
        run_checks(smoke, exe, internal, workdir, env, args)
    finally:
        restored = True
        if not args.copy and moved.exists():
            try:
                moved.rename(bundle)
            except OSError as exc:  # e.g. a build wrote a new bundle meanwhile: keep both
                restored = False
                print(f"FAIL could not move the bundle back ({exc}); it is left in '{moved}'")
                smoke.failed += 1
        if restored:
            shutil.rmtree(tmp, ignore_errors=True)

    if smoke.timings:
        print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in smoke.timings.items()))
    print(f"{smoke.passed} passed, {smoke.failed} failed")
    return 0 if smoke.failed == 0 else 1


def run_checks(smoke: Smoke, exe: Path, internal: Path, workdir: Path, env: dict[str, str],
               args: argparse.Namespace) -> None:
    # -- layout ------------------------------------------------------------------------------
    smoke.check("no OpenCV Qt in the bundle", not (internal / "cv2" / "qt").exists())
    platforms = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    found = sorted(p.name for p in platforms.glob("*")) if platforms.is_dir() else []
    if sys.platform.startswith("linux"):
        smoke.check("Qt platform plugins offscreen and xcb", any("offscreen" in n for n in found)
                    and any("xcb" in n for n in found), ", ".join(found) or "none")
    models = bundled_model_names(internal)
    smoke.check("model packages bundled", bool(models), ", ".join(models) or "none")
    inputs = prepare_inputs(internal, args.samples, workdir / "in")
    smoke.check("sample images available", len(inputs) > 1,
                f"{len(inputs) - 1} samples + 1 generated odd-sized image")
    if args.fast_only:
        check_fast_engines(smoke, exe, internal, workdir, env, args, inputs)
        return

    # -- models ------------------------------------------------------------------------------
    result = run(exe, ["models"], cwd=workdir, env=env, timeout=args.timeout,
                 label="models", smoke=smoke)
    if result is not None:
        listed = [name for name in models
                  if re.search(rf"^{re.escape(name)} — ", result.stdout, re.M)]
        smoke.check("`SegDesk models` exits 0", result.returncode == 0)
        smoke.check("`SegDesk models` lists every bundled model", listed == models,
                    f"listed {listed} of {models}")
        smoke.check("models are found inside the moved bundle",
                    str(internal / "weights") in result.stdout and "[bundled]" in result.stdout)

    # -- verify ------------------------------------------------------------------------------
    result = run(exe, ["verify", "--device", "cpu"], cwd=workdir, env=env, timeout=args.timeout,
                 label="verify", smoke=smoke)
    if result is not None:
        smoke.check("`SegDesk verify` exits 0", result.returncode == 0)

    # -- batch -------------------------------------------------------------------------------
    out = workdir / "out"
    result = run(exe, ["batch", str(workdir / "in"), str(out)], cwd=workdir, env=env,
                 timeout=args.timeout, label="batch", smoke=smoke)
    if result is not None:
        smoke.check("`SegDesk batch` exits 0", result.returncode == 0)
        check_masks(smoke, inputs, out)
        check_split_batch(smoke, exe, workdir, env, args, out)
    check_fast_engines(smoke, exe, internal, workdir, env, args, inputs)

    dicom_inputs = check_dicom_batch(smoke, exe, workdir, env, args)

    # -- GUI ---------------------------------------------------------------------------------
    if args.skip_gui:
        return
    image = inputs[0]
    gui_env = dict(env, SEGDESK_SMOKE="1")
    launched = time.time()
    result = run(exe, [str(image)], cwd=workdir, env=gui_env, timeout=args.timeout,
                 label="gui", smoke=smoke)
    if result is not None:
        match = SMOKE_LINE.search(result.stdout)
        smoke.check("GUI (offscreen) prints SMOKE OK and exits 0",
                    result.returncode == 0 and match is not None,
                    match.group(0).strip() if match else _tail(result.stdout + result.stderr, 5))
        report_window_shown(smoke, Path(env["XDG_DATA_HOME"]), launched)
    if dicom_inputs:
        result = run(exe, [str(dicom_inputs[0])], cwd=workdir, env=gui_env, timeout=args.timeout,
                     label="gui dicom", smoke=smoke)
        if result is not None:
            match = SMOKE_LINE.search(result.stdout)
            smoke.check("GUI (offscreen) opens and segments a multi-frame DICOM file",
                        result.returncode == 0 and match is not None,
                        match.group(0).strip() if match else _tail(result.stdout + result.stderr))


def cpu_has_native_bf16() -> bool:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines()
                  if line.startswith("flags")), [])
    return "avx512_bf16" in flags or "amx_bf16" in flags


def check_fast_engines(smoke: Smoke, exe: Path, internal: Path, workdir: Path,
                       env: dict[str, str], args: argparse.Namespace, inputs: list[Path]) -> None:
    libs = internal / "openvino" / "libs"
    names = sorted(p.name for p in libs.iterdir()) if libs.is_dir() else []
    smoke.check("OpenVINO CPU plugin bundled", any("intel_cpu_plugin" in n for n in names),
                ", ".join(names) or f"no {libs}")
    extra = [n for n in names if any(k in n for k in ("gpu", "npu", "auto", "hetero",
                                                       "tensorflow", "paddle", "pytorch", "jax"))]
    smoke.check("no other OpenVINO plugins or frontends", not extra, ", ".join(extra))
    smoke.check("ONNX Runtime not bundled", not (internal / "onnxruntime").exists())
    runs = [("cpu-fast", "fp32", [])]
    if cpu_has_native_bf16():
        runs.append(("cpu-bf16", "bf16", ["--audit", "1"]))
    for device, precision, extra_args in runs:
        out = workdir / f"out-{device}"
        result = run(exe, ["batch", str(workdir / "in"), str(out), "--device", device,
                           *extra_args], cwd=workdir, env=env, timeout=args.timeout,
                     label=f"batch {device}", smoke=smoke)
        if result is None:
            continue
        smoke.check(f"`SegDesk batch --device {device}` exits 0", result.returncode == 0)
        smoke.check(f"{device} really ran (no fallback)",
                    f"device {device}\n" in result.stdout and "note:" not in result.stderr,
                    _tail(result.stdout, 2))
        try:
            record = json.loads((out / "run.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            smoke.check(f"{device}: run.json readable", False, str(exc))
            continue
        print(f"{device}: device {record.get('device')}, precision {record.get('precision')}",
              flush=True)
        smoke.check(f"{device}: run.json says precision {precision}",
                    record.get("device") == device and record.get("precision") == precision)
        if device == "cpu-bf16":
            audit = record.get("audit") or {}
            checked = [e for e in audit.get("images", []) if e.get("ppm") is not None]
            smoke.check("cpu-bf16: every image audited against the exact engine",
                        len(checked) == len(inputs),
                        f"mean {audit.get('mean_ppm')} ppm, max {audit.get('max_ppm')} ppm")
            smoke.check("cpu-bf16 labelled approximate", "CPU bf16 (approximate)" in result.stdout)
    if not cpu_has_native_bf16():
        out = workdir / "out-bf16-refused"
        result = run(exe, ["batch", str(workdir / "in"), str(out), "--device", "cpu-bf16"],
                     cwd=workdir, env=env, timeout=args.timeout, label="batch cpu-bf16 refused",
                     smoke=smoke)
        if result is not None:
            smoke.check("cpu-bf16 refused on a CPU without native bf16 (exit 2, clear message)",
                        result.returncode == 2 and "AVX-512 BF16" in result.stderr,
                        _tail(result.stderr, 2))


def report_window_shown(smoke: Smoke, data_home: Path, launched: float) -> None:
    """The app logs 'window shown N ms after start'; the record's time stamp minus the launch
    time is the cold start to window (the bundle's own unpacking and imports included)."""
    pattern = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) .*window shown (\d+) ms", re.M)
    for log in data_home.rglob("segdesk.log"):
        match = pattern.search(log.read_text(encoding="utf-8", errors="replace"))
        if match:
            stamp = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").timestamp()
            shown = stamp + int(match.group(2)) / 1000
            smoke.timings["launch to window shown"] = shown - launched
            print(f"window shown {shown - launched:.1f} s after launch "
                  f"({match.group(3)} ms after run_app started)", flush=True)
            return
    print("note: no 'window shown' record in the app's log", flush=True)


def pydicom_test_files() -> Path | None:
    """pydicom's wheel test files in the venv running this script (not imported: just found)."""
    import importlib.util

    spec = importlib.util.find_spec("pydicom")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "data" / "test_files"
    return folder if folder.is_dir() else None


def check_split_batch(smoke: Smoke, exe: Path, workdir: Path, env: dict[str, str],
                      args: argparse.Namespace, whole: Path) -> None:
    """`batch --num-parts 2 --part-id 0|1 --threads 1` (as two cluster tasks), then `merge`:
    the same masks, byte for byte, and the same report rows (times aside) as the whole run."""
    out = workdir / "out-parts"
    for part in ("0", "1"):
        result = run(exe, ["batch", str(workdir / "in"), str(out), "--num-parts", "2",
                           "--part-id", part, "--threads", "1", "--quiet"], cwd=workdir,
                     env=env, timeout=args.timeout, label=f"batch part {part} of 2", smoke=smoke)
        if result is None or not smoke.check(f"`SegDesk batch --part-id {part}` exits 0",
                                             result.returncode == 0, _tail(result.stdout)):
            return
    result = run(exe, ["merge", str(out)], cwd=workdir, env=env, timeout=args.timeout,
                 label="merge", smoke=smoke)
    if result is None or not smoke.check("`SegDesk merge` exits 0", result.returncode == 0,
                                         _tail(result.stdout + result.stderr)):
        return
    masks = sorted(path.relative_to(whole) for path in whole.rglob("*_mask.png"))
    same = bool(masks) and masks == sorted(p.relative_to(out) for p in out.rglob("*_mask.png"))
    same = same and all((whole / m).read_bytes() == (out / m).read_bytes() for m in masks)
    smoke.check("2 parts + merge: every mask identical to the whole run's", same)

    def rows(folder: Path) -> list[dict[str, str]]:
        with open(folder / "report.csv", newline="", encoding="utf-8") as handle:
            return [{k: v for k, v in row.items() if k != "seconds"}
                    for row in csv.DictReader(handle)]

    smoke.check("2 parts + merge: report.csv rows equal the whole run's", rows(out) == rows(whole))


def check_dicom_batch(smoke: Smoke, exe: Path, workdir: Path, env: dict[str, str],
                      args: argparse.Namespace) -> list[Path]:
    """`batch --save mask,seg` on DICOM files: masks per frame, a SEG per file, mm²."""
    files = pydicom_test_files()
    cine_source = files / "examples_ybr_color.dcm" if files else None
    ct_source = files / "CT_small.dcm" if files else None
    if not smoke.check("DICOM test files available (pydicom's wheel in this venv)",
                       bool(cine_source and cine_source.is_file() and ct_source.is_file())):
        return []
    dicom_in = workdir / "dicom in"
    dicom_in.mkdir()
    cine, ct = dicom_in / "cine.dcm", dicom_in / "IMG0001"  # the CT has no extension
    shutil.copy2(cine_source, cine)
    shutil.copy2(ct_source, ct)
    out = workdir / "dicom out"
    result = run(exe, ["batch", str(dicom_in), str(out), "--save", "mask,seg"], cwd=workdir,
                 env=env, timeout=args.timeout, label="batch dicom", smoke=smoke)
    if result is None:
        return [cine]
    smoke.check("`SegDesk batch` on DICOM exits 0", result.returncode == 0)
    problems = []
    expected = [(f"cine_f{k:04d}_mask.png", (240, 320)) for k in range(1, 31)]
    expected.append(("IMG0001_mask.png", (128, 128)))
    for name, shape in expected:
        mask = cv2.imread(str(out / name), cv2.IMREAD_UNCHANGED)
        if mask is None or mask.shape != shape or not set(np.unique(mask).tolist()) <= {0, 255}:
            problems.append(f"{name}: {None if mask is None else mask.shape}, wanted {shape}")
    smoke.check("one mask per DICOM frame at Rows x Columns", not problems,
                "; ".join(problems[:5]) or f"{len(expected)} masks")
    segs = [out / "cine_seg.dcm", out / "IMG0001_seg.dcm"]
    smoke.check("one DICOM SEG per DICOM file", all(
        path.is_file() and path.read_bytes()[128:132] == b"DICM" for path in segs),
        ", ".join(f"{p.name}: {p.stat().st_size if p.exists() else 'missing'}" for p in segs))
    report = out / "report.csv"
    if report.is_file():
        with open(report, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        files_ok = sorted(row["file"] for row in rows) == sorted(
            ["IMG0001"] + [f"cine.dcm#{k}" for k in range(1, 31)])
        smoke.check("DICOM report: frames named x.dcm#k, all ok, mm² given",
                    files_ok and all(row["status"] == "ok" and row.get("foreground_mm2", "") != ""
                                     for row in rows), f"{len(rows)} rows")
    return [cine]


def check_masks(smoke: Smoke, inputs: list[Path], out: Path) -> None:
    problems = []
    for path in inputs:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        mask_path = out / f"{path.stem}_mask.png"
        mask = cv2.imread(str(mask_path), cv2.IMREAD_UNCHANGED)
        if mask is None:
            problems.append(f"{mask_path.name} missing")
            continue
        if mask.shape != image.shape[:2] or mask.dtype != np.uint8:
            problems.append(f"{mask_path.name} is {mask.dtype} {mask.shape}, "
                            f"input is {image.shape[:2]}")
        elif not set(np.unique(mask).tolist()) <= {0, 255}:
            problems.append(f"{mask_path.name} has values other than 0/255")
    smoke.check("one mask per input, at the input's size, 0/255 uint8", not problems,
                "; ".join(problems) or f"{len(inputs)} masks")
    report = out / "report.csv"
    if smoke.check("report.csv written", report.is_file()):
        with open(report, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        statuses = {row["file"]: row["status"] for row in rows}
        smoke.check("report.csv: every input ok", len(rows) == len(inputs)
                    and all(s == "ok" for s in statuses.values()), json.dumps(statuses))


if __name__ == "__main__":
    sys.exit(main())
