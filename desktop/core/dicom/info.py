"""What a DICOM file is, as SegDesk shows and records it — never who it is about.

`DicomInfo` deliberately has no field for the patient's name, ID or birth date: what is not
read cannot be written to a report, a provenance record or a log by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# PS3.3 C.8.5.5.1.1: PhysicalUnitsXDirection / YDirection code for centimetres.
_UNITS_CM = 3
ULTRASOUND_REGION = "ultrasound region"  # pixel_spacing_source of a calibrated ultrasound region


@dataclass(frozen=True)
class DicomInfo:
    """One DICOM image file's description (identifiers of the *objects*, not of the patient)."""

    modality: str
    sop_class_uid: str
    sop_class_name: str
    study_instance_uid: str
    series_instance_uid: str
    sop_instance_uid: str
    transfer_syntax_uid: str
    transfer_syntax_name: str
    photometric_interpretation: str
    rows: int
    columns: int
    frames: int
    samples_per_pixel: int
    bits_stored: int
    acquisition_date: str  # YYYY-MM-DD or ""
    study_date: str  # YYYY-MM-DD or ""
    pixel_spacing_mm: tuple[float, float] | None  # (row spacing, column spacing)
    # A key, not a sentence (the UI translates it): "PixelSpacing", "ImagerPixelSpacing",
    # ULTRASOUND_REGION, or "" when no spacing is given.
    pixel_spacing_source: str

    @property
    def is_grey(self) -> bool:
        return self.samples_per_pixel == 1 and self.photometric_interpretation.startswith(
            "MONOCHROME"
        )

    @property
    def pixel_area_mm2(self) -> float | None:
        if self.pixel_spacing_mm is None:
            return None
        return self.pixel_spacing_mm[0] * self.pixel_spacing_mm[1]

    def area_mm2(self, pixels: int) -> float | None:
        """`pixels` foreground pixels in mm², when the file gives a pixel spacing."""
        area = self.pixel_area_mm2
        return None if area is None else pixels * area

    def source_record(self, frame: int | None) -> dict[str, Any]:
        """The provenance fields of §7 for this source (`frame` 1-based, None if single-frame)."""
        return {
            "sop_instance_uid": self.sop_instance_uid,
            "frame": frame,
            "frames": self.frames,
            "series_instance_uid": self.series_instance_uid,
            "study_instance_uid": self.study_instance_uid,
            "sop_class_uid": self.sop_class_uid,
            "modality": self.modality,
            "transfer_syntax": self.transfer_syntax_name,
            "pixel_spacing_mm": list(self.pixel_spacing_mm) if self.pixel_spacing_mm else None,
        }


def info_from_dataset(ds: Any) -> DicomInfo:
    """Build a DicomInfo from a pydicom Dataset (header only is enough)."""
    meta = getattr(ds, "file_meta", None)
    transfer_syntax = getattr(meta, "TransferSyntaxUID", None) if meta is not None else None
    sop_class = ds.get("SOPClassUID") or (
        getattr(meta, "MediaStorageSOPClassUID", "") if meta is not None else ""
    )
    spacing, source = pixel_spacing(ds)
    return DicomInfo(
        modality=str(ds.get("Modality", "") or ""),
        sop_class_uid=str(sop_class or ""),
        sop_class_name=_uid_name(sop_class),
        study_instance_uid=str(ds.get("StudyInstanceUID", "") or ""),
        series_instance_uid=str(ds.get("SeriesInstanceUID", "") or ""),
        sop_instance_uid=str(ds.get("SOPInstanceUID", "") or ""),
        transfer_syntax_uid=str(transfer_syntax or ""),
        transfer_syntax_name=_uid_name(transfer_syntax) or "unknown transfer syntax",
        photometric_interpretation=str(ds.get("PhotometricInterpretation", "") or ""),
        rows=_int(ds.get("Rows")),
        columns=_int(ds.get("Columns")),
        frames=max(1, _int(ds.get("NumberOfFrames"), 1)),
        samples_per_pixel=_int(ds.get("SamplesPerPixel"), 1),
        bits_stored=_int(ds.get("BitsStored"), _int(ds.get("BitsAllocated"), 8)),
        acquisition_date=_date(ds.get("AcquisitionDate") or str(ds.get("AcquisitionDateTime", ""))),
        study_date=_date(ds.get("StudyDate")),
        pixel_spacing_mm=spacing,
        pixel_spacing_source=source,
    )


def pixel_spacing(ds: Any) -> tuple[tuple[float, float] | None, str]:
    """(row, column) spacing in mm and where it came from, or (None, "")."""
    shared = _first_item(ds.get("SharedFunctionalGroupsSequence"))
    measures = _first_item(shared.get("PixelMeasuresSequence")) if shared is not None else None
    for holder, keyword in (
        (ds, "PixelSpacing"),
        (measures, "PixelSpacing"),
        (ds, "ImagerPixelSpacing"),
    ):
        if holder is None:
            continue
        value = _pair(holder.get(keyword))
        if value is not None:
            return value, keyword
    for region in ds.get("SequenceOfUltrasoundRegions") or ():
        if (
            region.get("PhysicalUnitsXDirection") == _UNITS_CM
            and region.get("PhysicalUnitsYDirection") == _UNITS_CM
        ):
            value = _pair([region.get("PhysicalDeltaY"), region.get("PhysicalDeltaX")])
            if value is not None:  # cm → mm
                return (value[0] * 10.0, value[1] * 10.0), ULTRASOUND_REGION
    return None, ""


def frame_attribute(ds: Any, frame_index: int, sequence: str, keyword: str) -> Any:
    """An attribute at the top level, else in the frame's (or the shared) functional group."""
    value = ds.get(keyword)
    if value is not None:
        return value
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    groups = []
    if per_frame is not None and frame_index < len(per_frame):
        groups.append(per_frame[frame_index])
    shared = _first_item(ds.get("SharedFunctionalGroupsSequence"))
    if shared is not None:
        groups.append(shared)
    for group in groups:
        item = _first_item(group.get(sequence))
        if item is not None and item.get(keyword) is not None:
            return item.get(keyword)
    return None


def _first_item(sequence: Any) -> Any:
    try:
        return sequence[0] if sequence is not None and len(sequence) else None
    except (TypeError, IndexError):
        return None


def _pair(value: Any) -> tuple[float, float] | None:
    try:
        first, second = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    if first > 0 and second > 0:
        return first, second
    return None


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _date(value: Any) -> str:
    text = str(value or "").strip()
    if len(text) >= 8 and text[:8].isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    return ""


def _uid_name(uid: Any) -> str:
    if not uid:
        return ""
    from pydicom.uid import UID

    return str(UID(str(uid)).name)
