"""Gathering a multi-frame file's masks during a batch and writing its SEG when complete.

Frames arrive in order on the batch's single writer thread. A file's SEG is written when its
last frame arrives and every frame's mask is there; if a frame failed, no SEG is written and the
last frame's report row says why. Writing a SEG never fails the frame: its failure is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from desktop.core.dicom.batch_frames import seg_path
from desktop.core.errors import first_line


@dataclass
class SegCollector:
    package: Any
    output_dir: Path
    written: list[str] = field(default_factory=list)  # SEG paths relative to OUT
    _pending: dict[Path, dict[int, np.ndarray]] = field(default_factory=dict)

    def add(self, item: Any, mask: np.ndarray) -> str:
        """Record `item`'s mask; returns a warning for the report ("" when all is well)."""
        if item.dicom is None or item.file_base is None:
            return ""
        frames = item.frames if item.frame is not None else 1
        masks = self._pending.setdefault(item.file_base, {})
        masks[item.frame or 0] = np.asarray(mask, dtype=bool)
        if (item.frame or 0) < frames - 1:
            return ""
        del self._pending[item.file_base]
        missing = [k + 1 for k in range(frames) if k not in masks]
        target = seg_path(item.file_base)
        if missing:
            if target.exists():
                return ""
            shown = ", ".join(str(k) for k in missing[:10]) + (" …" if len(missing) > 10 else "")
            return f"no DICOM SEG written: frame(s) {shown} were not segmented"
        from desktop.core.export import write_seg_output

        try:
            write_seg_output(item.source, np.stack([masks[k] for k in range(frames)]),
                             self.package, target)  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - the masks are written; the SEG is extra
            return f"no DICOM SEG written: {first_line(exc)}"
        self.written.append(target.relative_to(self.output_dir).as_posix())
        return ""
