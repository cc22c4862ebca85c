"""Print the pip requirement specs of pyproject.toml, one per line: the one place pins live.

    python tools/requirements_from_pyproject.py [--extra fast] [--extra dev:pyinstaller]
                                                [--without torch --without torchvision]

`--extra NAME` adds an optional-dependency group; `--extra NAME:PKG` only PKG from it.
`--without PKG` leaves a package out (e.g. torch, which the CPU bundle pins to a +cpu build).
Used by tools/bundle.sh --cpu so that its build venv honours the same exclusions (such as
`PySide6-Essentials!=6.12.0`) as everything else.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import tomllib

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def name_of(spec: str) -> str:
    return re.split(r"[\s<>=!~;\[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def requirements(extras: list[str], without: list[str], pyproject: Path = PYPROJECT) -> list[str]:
    project = tomllib.loads(pyproject.read_text("utf-8"))["project"]
    specs = list(project["dependencies"])
    groups = project.get("optional-dependencies", {})
    for extra in extras:
        group, _, only = extra.partition(":")
        if group not in groups:
            raise SystemExit(f"pyproject.toml has no optional-dependencies group '{group}'")
        specs += [s for s in groups[group] if not only or name_of(s) == only.lower()]
    dropped = {name.lower() for name in without}
    return [spec for spec in specs if name_of(spec) not in dropped]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--extra", action="append", default=[])
    parser.add_argument("--without", action="append", default=[])
    args = parser.parse_args(argv)
    print("\n".join(requirements(args.extra, args.without)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
