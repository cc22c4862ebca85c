"""Writing a DICOM Segmentation (binary, one segment) for a source image, with highdicom.

The SEG references the source's Study/Series/SOP Instance UIDs and, for a multi-frame source,
each source frame by number: one SEG frame per source frame given. The segment is labelled
from the model (its first label, else "foreground"), algorithm type AUTOMATIC, algorithm name =
model name, algorithm version = the first 12 hex digits of the weights' sha256.

highdicom writes SEGs natively for single-frame sources and for enhanced multi-frame sources
(with functional groups). For classic multi-frame sources (US cine, multi-frame Secondary
Capture, RT dose...) it refuses ("only a single frame is supported when the source image has no
Frame of Reference UID"); SegDesk then has highdicom build the SEG from the source's first frame
and extends it to every frame: one Per-Frame Functional Groups item per source frame, each
deriving from that frame (ReferencedFrameNumber), and the bit-packed frames concatenated.

Every SEG must pass dicom3tools' `dciodvfy` without errors (tests check it). Two rules highdicom
leaves to the caller: Patient Orientation for sources without a patient space
(`_add_patient_orientation`), and no Referenced Frame Number into a source whose SOP class is
single-frame, even when the file holds several frames (`_extend_to_frames`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from desktop import __version__
from desktop.core.atomic import write_bytes_atomic
from desktop.core.dicom.quiet import no_library_warnings, silence_dicom_libraries

SEG_SERIES_NUMBER = 9100
_SC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7"
_MULTIFRAME_KEYWORDS = (
    "NumberOfFrames", "FrameIncrementPointer", "FrameOfReferenceUID",
    "PerFrameFunctionalGroupsSequence", "SharedFunctionalGroupsSequence",
)  # fmt: skip

silence_dicom_libraries()


class SegWriteError(ValueError):
    """The SEG cannot be made for this source (the message says why)."""


@dataclass(frozen=True)
class SegAlgorithm:
    """Who made the mask: the model (name, sha256) and what it segments."""

    model_name: str
    model_sha256: str
    label: str = "foreground"

    @property
    def version(self) -> str:
        return self.model_sha256[:12]

    @classmethod
    def from_package(cls, package: Any) -> SegAlgorithm:
        labels = getattr(package, "labels", ()) or ()
        return cls(package.name, package.sha256, str(labels[0]) if labels else "foreground")


def build_seg(
    source: Any,
    masks: np.ndarray,
    algorithm: SegAlgorithm,
    frame_numbers: list[int] | None = None,
) -> Any:
    """A highdicom Segmentation for `source` (a pydicom Dataset) and `masks` (frames, R, C).

    `masks` holds one mask per source frame, or, with `frame_numbers` (1-based), one per listed
    frame (the GUI segments the frame on show, not the whole file).
    """
    import highdicom as hd
    from pydicom.uid import generate_uid

    masks = np.asarray(masks).astype(bool)
    if masks.ndim == 2:
        masks = masks[None]
    frames = int(source.get("NumberOfFrames", 1) or 1)
    numbers = list(frame_numbers) if frame_numbers else list(range(1, frames + 1))
    rows, columns = int(source.Rows), int(source.Columns)
    if masks.shape != (len(numbers), rows, columns) or not all(1 <= n <= frames for n in numbers):
        raise SegWriteError(
            f"{masks.shape[0]} mask(s) of {masks.shape[-1]}x{masks.shape[-2]} for frames "
            f"{numbers[:5]} of a source of {frames} frame(s) of {columns}x{rows}"
        )
    classic_multiframe = (
        "NumberOfFrames" in source or hd.utils.is_multiframe_image(source)
    ) and "SharedFunctionalGroupsSequence" not in source
    proxy = _single_frame_proxy(source) if classic_multiframe else _without_flat_spacing(source)
    omit_empty = False
    if classic_multiframe or frames == 1:
        pixels = masks[0]
    elif len(numbers) == frames:
        pixels = masks
    else:  # enhanced multi-frame, some frames: the others are left out of the SEG
        pixels = np.zeros((frames, rows, columns), bool)
        pixels[[n - 1 for n in numbers]] = masks
        omit_empty = True
    try:
        seg = hd.seg.Segmentation(
            source_images=[proxy],
            pixel_array=pixels,
            segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
            segment_descriptions=[_segment_description(algorithm)],
            series_instance_uid=generate_uid(),
            series_number=SEG_SERIES_NUMBER,
            sop_instance_uid=generate_uid(),
            instance_number=1,
            manufacturer="SegDesk",
            manufacturer_model_name="SegDesk",
            software_versions=__version__,
            device_serial_number="n/a",
            series_description=f"SegDesk {algorithm.model_name}",
            omit_empty_frames=omit_empty,
        )
    except (ValueError, AttributeError, TypeError, KeyError) as exc:
        raise SegWriteError(f"highdicom cannot make a SEG for this source: {exc}") from exc
    if classic_multiframe:
        _extend_to_frames(seg, source, masks, numbers, hd.utils.is_multiframe_image(source))
    _add_patient_orientation(seg, source)
    return seg


def write_seg(
    source_path: Path,
    masks: np.ndarray,
    algorithm: SegAlgorithm,
    out_path: Path,
    frame_numbers: list[int] | None = None,
) -> Path:
    """Build the SEG for the DICOM file at `source_path` and write it atomically to `out_path`."""
    import io

    import pydicom

    with no_library_warnings():
        source = pydicom.dcmread(source_path, stop_before_pixels=True, force=True)
        seg = build_seg(source, masks, algorithm, frame_numbers)
        buffer = io.BytesIO()
        seg.save_as(buffer, enforce_file_format=True)
    write_bytes_atomic(Path(out_path), buffer.getvalue())
    return Path(out_path)


def _segment_description(algorithm: SegAlgorithm) -> Any:
    import highdicom as hd
    from pydicom.sr.codedict import codes

    return hd.seg.SegmentDescription(
        segment_number=1,
        segment_label=algorithm.label[:64],
        segmented_property_category=codes.SCT.Tissue,
        segmented_property_type=codes.SCT.Tissue,
        algorithm_type=hd.seg.SegmentAlgorithmTypeValues.AUTOMATIC,
        algorithm_identification=hd.AlgorithmIdentificationSequence(
            name=algorithm.model_name[:64],
            version=algorithm.version,
            family=codes.cid7162.ArtificialIntelligence,
        ),
    )


def _single_frame_proxy(source: Any) -> Any:
    """The source's header as a single-frame image without a spatial frame of reference."""
    proxy = copy.deepcopy(source)
    for keyword in _MULTIFRAME_KEYWORDS:
        if keyword in proxy:
            delattr(proxy, keyword)
    proxy.SOPClassUID = _SC_IMAGE_STORAGE
    return _without_flat_spacing(proxy)


def _without_flat_spacing(source: Any) -> Any:
    """highdicom writes PixelSpacing without SliceThickness into the SEG's Pixel Measures for a
    source without a frame of reference, and then cannot read its own SEG back (it requires both).
    Such a SEG is aligned pixel for pixel with its source, so it goes without the spacing."""
    if "FrameOfReferenceUID" in source or source.get("SliceThickness") not in (None, ""):
        return source
    if not any(k in source for k in ("PixelSpacing", "ImagerPixelSpacing")):
        return source
    copied = copy.copy(source)
    for keyword in ("PixelSpacing", "ImagerPixelSpacing"):
        if keyword in copied:
            delattr(copied, keyword)
    return copied


def _add_patient_orientation(seg: Any, source: Any) -> None:
    """General Image's Patient Orientation is Type 2C: required when the image has no Image
    Orientation (Patient), which a SEG carries as the Plane Orientation functional group, and
    highdicom writes that only for a source with a frame of reference. So a SEG of a colour,
    ultrasound or secondary-capture source needs the attribute. Its pixels lie on the source's
    grid, so the source's row/column directions are the SEG's: copy them; when the source gives
    none, Type 2 allows it empty ("unknown"), which is the truth; guessing would not be."""
    if "PatientOrientation" in seg or _has_plane_orientation(seg):
        return
    seg.PatientOrientation = copy.deepcopy(source.get("PatientOrientation", ""))


def _has_plane_orientation(seg: Any) -> bool:
    groups = [*seg.get("SharedFunctionalGroupsSequence", []),
              *seg.get("PerFrameFunctionalGroupsSequence", [])]  # fmt: skip
    return any("PlaneOrientationSequence" in group for group in groups)


def _extend_to_frames(
    seg: Any, source: Any, masks: np.ndarray, numbers: list[int], multiframe_class: bool
) -> None:
    """Turn the one-frame SEG of the proxy into one frame per given source frame.

    A Referenced Frame Number may only point into an instance of a multi-frame SOP class. Some
    files hold several frames under a single-frame class (e.g. Secondary Capture Image Storage
    with Number of Frames 2); their SEG frames reference the instance as a whole, in the
    source's frame order, and a Derivation Description names the frame for a human reader.
    """
    from pydicom.pixels import pack_bits
    from pydicom.sequence import Sequence

    real_class = str(source.SOPClassUID)
    _replace_class(seg, _SC_IMAGE_STORAGE, real_class)
    template = seg.PerFrameFunctionalGroupsSequence[0]
    items = []
    for number in numbers:
        item = copy.deepcopy(template)
        for derivation in item.DerivationImageSequence:
            if not multiframe_class:
                derivation.DerivationDescription = f"from frame {number} of the source image"
                continue
            for reference in derivation.SourceImageSequence:
                reference.ReferencedFrameNumber = number
        items.append(item)
    seg.PerFrameFunctionalGroupsSequence = Sequence(items)
    seg.NumberOfFrames = masks.shape[0]
    seg.PixelData = pack_bits(masks.astype(np.uint8).reshape(-1))


def _replace_class(dataset: Any, old: str, new: str) -> None:
    for element in dataset:
        if element.VR == "SQ":
            for item in element.value:
                _replace_class(item, old, new)
        elif element.keyword == "ReferencedSOPClassUID" and str(element.value) == old:
            element.value = new
