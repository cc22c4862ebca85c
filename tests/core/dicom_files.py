"""pydicom's own test files (in its wheel, written by DCMTK, GDCM and others) and helpers.

Only names listed in the wheel's folder are used: `get_testdata_file` would try the network
for a missing one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pydicom

DATA = Path(pydicom.__file__).parent / "data" / "test_files"


def wheel_file(name: str) -> Path:
    path = DATA / name
    assert path.is_file(), f"{name} is not in pydicom's wheel ({DATA})"
    return path


def copy_to(name: str, folder: Path, new_name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (new_name or name)
    shutil.copy2(wheel_file(name), target)
    return target


def modified(name: str, target: Path, **attributes) -> Path:
    """A copy of a wheel file with some attributes changed (e.g. PhotometricInterpretation)."""
    ds = pydicom.dcmread(wheel_file(name))
    for keyword, value in attributes.items():
        if keyword == "TransferSyntaxUID":
            ds.file_meta.TransferSyntaxUID = value
        else:
            setattr(ds, keyword, value)
    target.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(target)
    return target


def dciodvfy_errors(path: Path) -> list[str]:
    """The "Error" lines of dicom3tools' IOD checker for `path` (warnings are not counted).

    Callers skip when `shutil.which("dciodvfy")` is None (Debian: `apt-get install dicom3tools`).
    """
    import subprocess

    result = subprocess.run(
        ["dciodvfy", str(path)], capture_output=True, text=True, errors="replace", timeout=120
    )
    lines = (result.stdout + "\n" + result.stderr).splitlines()
    return [line for line in lines if line.startswith("Error")]
