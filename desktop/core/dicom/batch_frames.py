"""Batch planning for DICOM inputs: one item per frame, per-file outputs (DESIGN §10).

A multi-frame `IN/sub/x.dcm` becomes items `sub/x.dcm#1` … `sub/x.dcm#N` (1-based) with
outputs `OUT/sub/x_f0001_mask.png` …; its SEG is `OUT/sub/x_seg.dcm` (one per file). A
single-frame DICOM file stays one item named as any image. A file whose header cannot be read
stays one item and fails at loading, with the reason.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.core.errors import ImageLoadError

SEG_SUFFIX = "_seg.dcm"


def frame_name(stem: str, frame: int) -> str:
    """`x`, frame index 2 (0-based) → `x_f0003`."""
    return f"{stem}_f{frame + 1:04d}"


def frame_label(relative: str, frame: int) -> str:
    """`sub/x.dcm`, frame index 2 (0-based) → `sub/x.dcm#3` (the report's `file`)."""
    return f"{relative}#{frame + 1}"


def frame_of_label(label: str, source: Path) -> int | None:
    """The 0-based frame named by a `file` label (`sub/x.dcm#3` → 2), None when the label is
    just the file's own name (a `#` in a file name is not a frame)."""
    name = label.rsplit("/", 1)[-1]
    if name == source.name or "#" not in name:
        return None
    head, _, number = name.rpartition("#")
    if head != source.name or not number.isdigit() or int(number) < 1:
        return None
    return int(number) - 1


def seg_path(file_base: Path) -> Path:
    return file_base.with_name(f"{file_base.name}{SEG_SUFFIX}")


def expand_frames(items: list[Any]) -> list[Any]:
    """Items (core.batch.BatchItem) with each DICOM file described and split into frames."""
    from desktop.core.dicom.detect import is_dicom_file
    from desktop.core.dicom.reader import read_info

    taken = {item.output_base.as_posix().lower() for item in items}
    expanded: list[Any] = []
    for item in items:
        if not is_dicom_file(item.source):
            expanded.append(item)
            continue
        try:
            info = read_info(item.source)
        except ImageLoadError:
            expanded.append(item)  # loading fails again, and the report gives the reason
            continue
        if info.frames == 1:
            expanded.append(replace(item, dicom=info, file_base=item.output_base))
            continue
        stem = item.output_base.name
        if any(
            item.output_base.with_name(frame_name(stem, k)).as_posix().lower() in taken
            for k in range(info.frames)
        ):
            stem = f"{stem}_dcm"  # an input named like one of our frame outputs: stay apart
        for k in range(info.frames):
            expanded.append(
                replace(
                    item,
                    relative=frame_label(item.relative, k),
                    output_base=item.output_base.with_name(frame_name(stem, k)),
                    frame=k,
                    frames=info.frames,
                    dicom=info,
                    file_base=item.output_base,
                )
            )
    return expanded
