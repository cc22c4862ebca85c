"""SegDesk's translations (DESIGN §11), with the Qt tools that ship with PySide6.

    python tools/i18n.py update            lupdate: desktop/ui's tr() strings → resources/i18n/
                                           segdesk_<lang>.ts (keeps translations, drops vanished)
    python tools/i18n.py release [--out D] lrelease: segdesk_<lang>.ts + qt_<lang>.ts →
                                           D/segdesk_<lang>.qm (default D: resources/i18n)
    python tools/i18n.py check             what the completeness test checks: every string in
                                           the code translated, nothing unfinished or vanished

The .qm files are build products (not committed): `make run`, `make test` and build.spec make
them. `qt_<lang>.ts` holds the strings of Qt's own dialogs and standard buttons that SegDesk
shows, for a language Qt ships no `qtbase_<lang>.qm` for; it is edited by hand.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "desktop" / "ui"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("id",)  # English is the source language
CATALOG = "segdesk"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: beside this interpreter (a venv's bin/ or Scripts\\),
    in the interpreter's scripts folder (a plain Windows Python: <prefix>\\Scripts\\), else on
    PATH. On Windows the scripts are `<name>.exe`."""
    names = (name, f"{name}.exe")
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        for candidate in (folder / n for n in names):
            if candidate.is_file():
                return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"i18n: '{name}' not found (it ships with PySide6-Essentials)")
    return found


def source_files(root: Path = SOURCES) -> list[str]:
    return [str(p) for p in sorted(root.rglob("*.py")) if "__pycache__" not in p.parts]


def ts_path(language: str, folder: Path = I18N) -> Path:
    return folder / f"{CATALOG}_{language}.ts"


def run_lupdate(ts: Path, keep_vanished: bool = False) -> None:
    command = [tool("pyside6-lupdate"), *source_files(), "-locations", "none"]
    if not keep_vanished:
        command.append("-no-obsolete")
    if not ts.exists():
        command += ["-source-language", "en", "-target-language", ts.stem.rsplit("_", 1)[1]]
    command += ["-ts", str(ts)]
    subprocess.run(command, check=True, capture_output=True, text=True)


def update(folder: Path = I18N) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for language in LANGUAGES:
        ts = ts_path(language, folder)
        run_lupdate(ts)
        written.append(ts)
    return written


def release(out: Path = I18N, sources: Path = I18N) -> list[Path]:
    """Compile each language's .ts files into one out/segdesk_<lang>.qm."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for language in LANGUAGES:
        inputs = [ts_path(language, sources)]
        qt = sources / f"qt_{language}.ts"
        if qt.exists():
            inputs.append(qt)
        qm = out / f"{CATALOG}_{language}.qm"
        subprocess.run(
            [tool("pyside6-lrelease"), *map(str, inputs), "-qm", str(qm)],
            check=True,
            capture_output=True,
            text=True,
        )
        written.append(qm)
    return written


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translation: str
    kind: str  # "" (finished), "unfinished", "vanished", "obsolete"


def read_ts(path: Path) -> list[Entry]:
    entries = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            text = (translation.text or "") if translation is not None else ""
            entries.append(Entry(name, message.findtext("source") or "", text, kind))
    return entries


def problems(language: str, folder: Path = I18N) -> list[str]:
    """Run lupdate over the code into a copy of the committed .ts and list what is wrong:
    strings the code has that the .ts lacks or leaves unfinished/empty, and entries whose string
    vanished from the code."""
    committed = ts_path(language, folder)
    if not committed.exists():
        return [f"{committed} does not exist (python tools/i18n.py update)"]
    found = []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / committed.name
        shutil.copyfile(committed, copy)
        run_lupdate(copy, keep_vanished=True)
        known = {(e.context, e.source) for e in read_ts(committed)}
        for entry in read_ts(copy):
            where = f"[{entry.context}] {entry.source!r}"
            if (entry.context, entry.source) not in known:
                found.append(f"missing from {committed.name}: {where}")
            elif entry.kind in ("vanished", "obsolete"):
                found.append(f"no longer in the code ({entry.kind}): {where}")
            elif entry.kind == "unfinished":
                found.append(f"unfinished: {where}")
            elif not entry.translation.strip():
                found.append(f"empty translation: {where}")
    qt = folder / f"qt_{language}.ts"
    if qt.exists():
        for entry in read_ts(qt):
            if entry.kind or not entry.translation.strip():
                found.append(f"{qt.name}: not translated: [{entry.context}] {entry.source!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="extract the tr() strings into resources/i18n/*.ts")
    rel = sub.add_parser("release", help="compile resources/i18n/*.ts into .qm files")
    rel.add_argument("--out", type=Path, default=I18N)
    sub.add_parser("check", help="list untranslated, missing and vanished strings")
    args = parser.parse_args(argv)
    if args.command == "update":
        for path in update():
            entries = read_ts(path)
            todo = sum(1 for e in entries if e.kind == "unfinished")
            print(f"{path.relative_to(ROOT)}: {len(entries)} strings, {todo} to translate")
    elif args.command == "release":
        for path in release(args.out):
            print(f"wrote {path}")
    else:
        status = 0
        for language in LANGUAGES:
            for problem in problems(language):
                print(f"{language}: {problem}")
                status = 1
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
