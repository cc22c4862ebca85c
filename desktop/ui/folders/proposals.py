"""Which folder a save dialog proposes: never SegDesk's own install folder (read-only when
installed), else the last folder the user chose, else (exports) the image's own folder, else
their Pictures or Documents folder."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from desktop.core import paths


def is_inside_install(folder: Path | str) -> bool:
    """True for the install folder and anything in it (resources/samples, weights, ...)."""
    try:
        target = Path(folder).expanduser().resolve()
        root = paths.install_root().resolve()
    except OSError:
        return False
    return target == root or root in target.parents


def user_documents_folder() -> Path:
    """The user's Pictures folder, else Documents, else home."""
    for location in (
        QStandardPaths.StandardLocation.PicturesLocation,
        QStandardPaths.StandardLocation.DocumentsLocation,
    ):
        found = QStandardPaths.writableLocation(location)
        if found and Path(found).is_dir() and not is_inside_install(found):
            return Path(found)
    return Path.home()


def proposed_export_folder(last_folder: str, image_folder: Path | None = None) -> str:
    """The last export folder if it still exists outside the install folder, else the image's
    own folder (the first export: results usually go beside their image, not into Pictures),
    if writable, else the user's Pictures/Documents folder."""
    if last_folder and Path(last_folder).is_dir() and not is_inside_install(last_folder):
        return last_folder
    if (
        image_folder is not None
        and image_folder.is_dir()
        and not is_inside_install(image_folder)  # e.g. the bundled samples
        and os.access(image_folder, os.W_OK)
    ):
        return str(image_folder)
    return str(user_documents_folder())


def proposed_batch_output(input_folder: Path) -> Path:
    """`<input>-segdesk` beside the input, or in the user's folder when the input lies in the
    install folder (e.g. the bundled samples)."""
    name = f"{input_folder.name}-segdesk"
    beside = input_folder.parent / name
    return user_documents_folder() / name if is_inside_install(beside) else beside
