"""Which files are DICOM: by name (`.dcm`, `.dicom`) or by the `DICM` magic at byte 128."""

from __future__ import annotations

from pathlib import Path

DICOM_EXTENSIONS = frozenset({".dcm", ".dicom"})
_MAGIC_OFFSET = 128
_MAGIC = b"DICM"
# A DICOMDIR is the index of a DICOM medium, not an image: never a batch input.
DICOMDIR_NAME = "dicomdir"


def has_dicom_extension(path: Path) -> bool:
    return path.suffix.lower() in DICOM_EXTENSIONS


def has_dicom_magic(data: bytes) -> bool:
    """True when the bytes start with the 128-byte preamble followed by `DICM` (PS3.10)."""
    return data[_MAGIC_OFFSET : _MAGIC_OFFSET + len(_MAGIC)] == _MAGIC


def sniff_dicom(path: Path) -> bool:
    """True when the file at `path` starts with the DICOM preamble and `DICM` (reads 132 bytes)."""
    try:
        with open(path, "rb") as handle:
            return has_dicom_magic(handle.read(_MAGIC_OFFSET + len(_MAGIC)))
    except OSError:
        return False


def is_dicom_file(path: Path) -> bool:
    """A DICOM input: a `.dcm`/`.dicom` name, or any other file that starts like DICOM.

    Only existing files are sniffed; a bare name (no folder to look in) counts by extension.
    """
    path = Path(path)
    if has_dicom_extension(path):
        return True
    return path.is_file() and sniff_dicom(path)


def is_dicomdir(path: Path) -> bool:
    return Path(path).name.lower() == DICOMDIR_NAME
