"""Every pydicom test file the tests and tools name is in the installed wheel (issue #18 item 16).

pydicom ships some of its test files in the wheel and fetches the rest (US1_J2KR.dcm, MR2_J2KR.dcm,
...) from the network on first use. Offline, a test or smoke step naming a fetched-only file
cannot run, so any such name is caught here rather than on a machine without network.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pydicom

REPO = Path(__file__).resolve().parents[1]
DATA = Path(pydicom.__file__).parent / "data"
SHIPPED = {path.name for path in (DATA / "test_files").iterdir()}
# pydicom's list of files it would download: names there are pydicom's, not ours.
FETCHED_ONLY = set(json.loads((DATA / "urls.json").read_text(encoding="utf-8"))) - SHIPPED
SCANNED = ("tests", "tools", "benchmarks", "docs")

_QUOTED = re.compile(r"""["']([\w+.\-]+\.dcm)["']""")
# Helpers and paths that take a name from the wheel's folder (tests/core/dicom_files.py).
_FROM_WHEEL = re.compile(
    r"""(?:wheel_file|copy_to|modified)\(\s*["']([^"']+)["']|\bDATA / ["']([^"']+)["']"""
)


def missing_names(text: str) -> set[str]:
    """pydicom test-file names in `text` that the installed wheel does not ship."""
    named = {m for m in _QUOTED.findall(text) if m in FETCHED_ONLY}
    named |= {
        a or b
        for a, b in _FROM_WHEEL.findall(text)
        if not (DATA / "test_files" / (a or b)).exists()
    }
    return named


def test_the_check_catches_a_name_the_wheel_does_not_ship() -> None:
    assert missing_names('copy_to("US1_J2KR.dcm", tmp)') == {"US1_J2KR.dcm"}
    assert missing_names('for name in ("MR2_J2KR.dcm", "CT_small.dcm"):') == {"MR2_J2KR.dcm"}
    assert missing_names('DATA / "nope.dcm"') == {"nope.dcm"}
    assert missing_names('copy_to("CT_small.dcm", tmp, "us.dcm")') == set()


def test_every_pydicom_file_named_in_tests_and_tools_is_in_the_wheel() -> None:
    this = Path(__file__).resolve()
    files = [REPO / "README.md"]
    for folder in SCANNED:
        files += [p for p in (REPO / folder).rglob("*") if p.suffix in (".py", ".md", ".sh")]
    problems, seen = {}, set()
    for path in files:
        if path.resolve() == this:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        seen |= set(_QUOTED.findall(text)) & SHIPPED
        missing = missing_names(text)
        if missing:
            problems[str(path.relative_to(REPO))] = sorted(missing)
    assert {"CT_small.dcm", "examples_ybr_color.dcm"} <= seen  # the scan does reach the tests
    assert not problems, f"not in pydicom's wheel (would need the network): {problems}"
