"""Previous/next image in the same folder, and the recent-files list. Plain Python, no Qt."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.image_io import is_image_file

RECENT_LIMIT = 10


def _natural_key(path: Path) -> list[object]:
    """'img2' before 'img10', case-insensitively."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)]


def sibling_images(path: Path) -> list[Path]:
    """The image files in `path`'s folder, in natural order (hidden files left out)."""
    folder = path.parent
    try:
        entries = list(folder.iterdir())
    except OSError:
        return [path]
    images = [p for p in entries if p.is_file() and is_image_file(p) and not p.name.startswith(".")]
    return sorted(images, key=_natural_key)


def neighbor_image(path: Path, step: int) -> Path | None:
    """The image `step` places after (`+1`) or before (`-1`) `path`; None past either end."""
    images = sibling_images(path)
    try:
        index = images.index(path)
    except ValueError:
        # The current file was renamed or removed: continue from where it would sort.
        key = _natural_key(path)
        index = sum(1 for image in images if _natural_key(image) < key) - (1 if step > 0 else 0)
    target = index + step
    return images[target] if 0 <= target < len(images) else None


def push_recent(recent: list[str], path: str, limit: int = RECENT_LIMIT) -> list[str]:
    """`recent` with `path` moved to the front, duplicates removed, at most `limit` long."""
    return [path, *[item for item in recent if item != path]][:limit]
