"""docs/architecture.md is the design document the code cites: every "DESIGN §n" in desktop/
(and in the tests) names a section that exists there, and the sections are §1-§14 in order."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "docs" / "architecture.md"
CITATION = re.compile(r"DESIGN §(\d+)")


def _sections() -> list[int]:
    text = DOCUMENT.read_text(encoding="utf-8")
    return [int(number) for number in re.findall(r"^## (\d+)\. ", text, flags=re.MULTILINE)]


def _citations(folder: Path) -> dict[int, list[str]]:
    cited: dict[int, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for number in CITATION.findall(path.read_text(encoding="utf-8")):
            cited.setdefault(int(number), []).append(str(path.relative_to(ROOT)))
    return cited


def test_the_sections_are_numbered_one_to_fourteen_in_order():
    assert _sections() == list(range(1, 15))


def test_every_design_section_the_code_cites_exists():
    cited = _citations(ROOT / "desktop")
    assert len(cited) >= 10  # the code does cite the document
    missing = {number: files for number, files in cited.items() if number not in _sections()}
    assert not missing, f"cited but not in docs/architecture.md: {missing}"


def test_every_design_section_the_tests_cite_exists():
    cited = _citations(ROOT / "tests")
    missing = {number: files for number, files in cited.items() if number not in _sections()}
    assert not missing, f"cited but not in docs/architecture.md: {missing}"


def test_the_files_the_document_names_exist():
    text = DOCUMENT.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:core|ui|desktop|docs|tools|tests)/[\w/]+(?:\.py|\.md)?)`", text))
    assert len(named) > 20
    missing = []
    for name in sorted(named):
        candidates = [ROOT / name, ROOT / "desktop" / name]
        if not any(candidate.exists() for candidate in candidates):
            missing.append(name)
    assert not missing, f"docs/architecture.md names files that do not exist: {missing}"
