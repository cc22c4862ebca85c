"""DICOM in, DICOM Segmentation out (DESIGN §10).

- `detect`: which files are DICOM (`*.dcm`, `*.dicom`, or `DICM` at byte 128).
- `info`: what a file is, without patient identifiers: modality, dates, frames, spacing, UIDs.
- `pixels`: one decoded frame → RGB uint8 by the rules of §10.
- `reader`: header and frame reading with clear refusals (no pixels, SR, DICOMDIR, codecs).
- `seg`: the DICOM Segmentation writer (highdicom); `seg_collector`: per-file SEGs in a batch.

pydicom and highdicom are imported lazily: opening a PNG never pays for them.
"""

from desktop.core.dicom.detect import DICOM_EXTENSIONS, has_dicom_extension, is_dicom_file
from desktop.core.dicom.info import DicomInfo

__all__ = ["DICOM_EXTENSIONS", "DicomInfo", "has_dicom_extension", "is_dicom_file"]
