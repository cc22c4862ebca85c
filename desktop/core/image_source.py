"""Where a shown image came from: the file, the frame of a multi-frame DICOM file, the DICOM
description (no patient identifiers), its size and whether it is grey. Opened in one call, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from desktop.core.dicom import DicomInfo, is_dicom_file
from desktop.core.image_io import load_rgb
from desktop.core.input_checks import (
    GREY_WARNING,
    is_colour_model,
    is_grey,
    is_small,
    small_warning,
)


@dataclass(frozen=True)
class ImageSource:
    path: Path
    frame: int | None = None  # 0-based frame of a multi-frame DICOM file; None otherwise
    frames: int = 1
    dicom: DicomInfo | None = None
    grey: bool = False
    size: tuple[int, int] | None = None  # (height, width) of the decoded image

    @property
    def small(self) -> bool:
        """Tiny next to any model's input (input_checks.MIN_SIDE), whichever model is loaded."""
        return self.size is not None and is_small(*self.size)

    @property
    def frame_number(self) -> int | None:
        """1-based, as in reports (`x.dcm#3`); None for single-frame files."""
        return None if self.frame is None else self.frame + 1

    @property
    def export_stem(self) -> str:
        """`x`, or `x_f0003` for frame 3 of a multi-frame file (as the batch names it)."""
        from desktop.core.dicom.batch_frames import frame_name

        stem = self.path.stem
        return stem if self.frame is None else frame_name(stem, self.frame)

    def provenance_record(self) -> dict[str, Any] | None:
        """The §7 DICOM fields (source SOPInstanceUID and frame), None for other files."""
        return None if self.dicom is None else self.dicom.source_record(self.frame_number)

    def area_mm2(self, pixels: int) -> float | None:
        return None if self.dicom is None else self.dicom.area_mm2(pixels)

    def warnings(self, package: Any = None) -> list[str]:
        """The input warnings (§10) for segmenting this image with `package`."""
        warnings = []
        if self.grey and (package is None or is_colour_model(package)):
            warnings.append(GREY_WARNING)
        if self.size is not None and is_small(*self.size, package):
            warnings.append(small_warning(*self.size))
        return warnings


def open_source(path: Path | str, frame: int | None = None) -> tuple[np.ndarray, ImageSource]:
    """Decode `path` (frame `frame`, 0-based, of a DICOM file) and describe where it came from.

    Raises ImageLoadError with the file and the reason, like `load_rgb`.
    """
    path = Path(path)
    if is_dicom_file(path):
        from desktop.core.dicom.reader import load_frame

        image, info = load_frame(path, frame)
        index = (frame or 0) if info.frames > 1 else None
        return image, ImageSource(
            path, index, info.frames, info, is_grey(image), image.shape[:2]
        )
    image = load_rgb(path, frame)
    return image, ImageSource(path, None, 1, None, is_grey(image), image.shape[:2])
