"""A batch's plan: the inputs in IN, where each one's outputs go in OUT, and the refusals
(a missing IN, OUT equal to or inside IN, a bad threshold or `--save`) raised before any model
is loaded (DESIGN §5)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.dicom import DicomInfo
from desktop.core.dicom.batch_frames import expand_frames
from desktop.core.errors import BatchError
from desktop.core.export import SAVE_KINDS, OverlaySpec
from desktop.core.fast.audit import DEFAULT_AUDIT_FRACTION
from desktop.core.image_io import is_image_file


@dataclass(frozen=True)
class BatchOptions:
    input_dir: Path
    output_dir: Path
    recursive: bool = False
    save: frozenset[str] = frozenset({"mask"})
    overwrite: bool = False
    threshold: float | None = None  # None: the package's own (training) threshold
    overlay_style: OverlaySpec | None = None  # None: the default overlay look
    audit: float = DEFAULT_AUDIT_FRACTION  # approximate devices: share checked by the exact engine
    # shard.Part: this run is part K of N of a split batch (§13): its share of the inputs, its
    # own journal, report and run record; None: the whole batch
    part: Any = None


@dataclass(frozen=True)
class BatchItem:
    source: Path
    relative: str  # path relative to IN with '/' separators (the report's `file`)
    output_base: Path  # OUT/sub/x, to which `_mask.png` etc. are appended
    frame: int | None = None  # 0-based frame of a multi-frame DICOM file (`x_f0003`)
    frames: int = 1  # frames in the source file
    dicom: DicomInfo | None = None  # set for DICOM inputs (no patient identifiers)
    file_base: Path | None = None  # OUT/sub/x for per-file outputs (`x_seg.dcm`)


def prepare_batch(options: BatchOptions) -> list[BatchItem]:
    """Everything that can be checked before a model is loaded: the plan and a writable OUT."""
    items = plan_batch(options)
    _ensure_writable(Path(options.output_dir).expanduser())
    return items


def plan_batch(options: BatchOptions) -> list[BatchItem]:
    """The inputs and where each one's outputs go; raises BatchError if the run cannot start."""
    input_dir = Path(options.input_dir).expanduser()
    output_dir = Path(options.output_dir).expanduser()
    if not input_dir.exists():
        raise BatchError(f"Input folder '{input_dir}' does not exist.")
    if not input_dir.is_dir():
        raise BatchError(f"Input '{input_dir}' is not a folder.")
    check_threshold(options.threshold)
    unknown = set(options.save) - set(SAVE_KINDS)
    if unknown or not options.save:
        raise BatchError(f"--save takes a comma list of {', '.join(SAVE_KINDS)}.")
    input_real, output_real = input_dir.resolve(), output_dir.resolve()
    if input_real == output_real:
        raise BatchError(
            f"The output folder must differ from the input folder '{input_dir}' "
            "(SegDesk never writes among your originals)."
        )
    sources = _scan(input_dir, options.recursive, exclude=output_real)
    items = expand_frames(_assign_outputs(input_dir, output_dir, sources))
    for item in items:
        if _is_within(item.output_base.parent.resolve(), input_real) and not _is_within(
            output_real, input_real
        ):
            raise BatchError(
                f"Output '{item.output_base.parent}' would lie inside the input folder; "
                "choose an output folder outside it."
            )
    return items


def count_inputs(input_dir: Path, recursive: bool = False) -> int:
    """How many inputs a batch of `input_dir` would have (for a dialog, before it starts):
    one per frame of a multi-frame DICOM file, as the run counts them."""
    folder = Path(input_dir).expanduser()
    return len(expand_frames(_assign_outputs(folder, folder, _scan(folder, recursive, Path()))))


def check_threshold(threshold: float | None) -> None:
    """A threshold override must lie strictly between 0 and 1 (DESIGN §5)."""
    if threshold is not None and not 0.0 < threshold < 1.0:
        raise BatchError(f"The threshold must be between 0 and 1 (exclusive), not {threshold:g}.")


def _scan(input_dir: Path, recursive: bool, exclude: Path) -> list[Path]:
    found: list[Path] = []
    for folder, subfolders, files in os.walk(input_dir, followlinks=False):
        here = Path(folder)
        # Skip hidden folders and the output folder when it lies inside IN; never follow links.
        subfolders[:] = (
            sorted(
                name
                for name in subfolders
                if not name.startswith(".") and (here / name).resolve() != exclude
            )
            if recursive
            else []
        )
        found.extend(
            here / name
            for name in sorted(files)
            if not name.startswith(".") and is_image_file(here / name)
        )
    return found


def _assign_outputs(input_dir: Path, output_dir: Path, sources: list[Path]) -> list[BatchItem]:
    """`x.jpg` → `x`; when two inputs in a folder share a stem (`x.jpg`, `x.png`, `X.JPG`) each
    keeps its extension (`x_jpg`), and any remaining clash gets a counter. Comparison ignores case,
    so the plan is safe on case-insensitive file systems too."""
    relatives = [source.relative_to(input_dir) for source in sources]
    stem_counts: dict[tuple[str, str], int] = {}
    for rel in relatives:
        key = (rel.parent.as_posix().lower(), rel.stem.lower())
        stem_counts[key] = stem_counts.get(key, 0) + 1
    used: set[tuple[str, str]] = set()
    items = []
    for source, rel in zip(sources, relatives, strict=True):
        parent = rel.parent.as_posix().lower()
        shared = stem_counts[(parent, rel.stem.lower())] > 1
        wanted = f"{rel.stem}_{rel.suffix[1:].lower()}" if shared else rel.stem
        name, counter = wanted, 2
        while (parent, name.lower()) in used:
            name, counter = f"{wanted}_{counter}", counter + 1
        used.add((parent, name.lower()))
        items.append(BatchItem(source, rel.as_posix(), output_dir / rel.parent / name))
    return items


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _ensure_writable(output_dir: Path) -> None:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        # A probe of its own: parts checking one OUT at once (threads, or processes on nodes
        # that share a pid) unlinked each other's '.segdesk-write-test-<pid>' and were refused.
        with tempfile.TemporaryFile(prefix=".segdesk-write-test-", dir=output_dir):
            pass
    except OSError as exc:
        raise BatchError(
            f"Cannot write into output folder '{output_dir}': {exc.strerror or exc}."
        ) from exc
