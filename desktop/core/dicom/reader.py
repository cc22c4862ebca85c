"""Reading DICOM files: the header for planning, one frame as RGB for segmenting.

Every refusal is an ImageLoadError naming the file and the reason (a DICOMDIR, a structured
report, no pixel data, a transfer syntax no installed decoder reads, corrupt pixel data, ...).
The last fully read file is kept (one entry), so paging or batching through the frames of a
multi-frame file reads it once.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from desktop.core.dicom.damage import frames_mismatch, truncation
from desktop.core.dicom.info import DicomInfo, info_from_dataset
from desktop.core.dicom.pixels import PixelConversionError, frame_to_rgb
from desktop.core.dicom.quiet import no_library_warnings, silence_dicom_libraries
from desktop.core.errors import ImageLoadError
from desktop.core.limits import MAX_PIXELS

MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10"
SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4"
_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")
_DEFER = "4 KB"  # header reads leave large values (pixel data) unread

silence_dicom_libraries()
_lock = threading.Lock()
_cached: tuple[tuple[str, int, int], Any] | None = None


def read_info(path: Path | str) -> DicomInfo:
    """The file's description, after checking it holds an image SegDesk can try to decode."""
    path = Path(path)
    with no_library_warnings():
        ds = _read(path, header_only=True)
        check_image(path, ds)
        return info_from_dataset(ds)


def frame_count(path: Path | str) -> int:
    return read_info(path).frames


def load_frame(path: Path | str, frame: int | None = None) -> tuple[np.ndarray, DicomInfo]:
    """Frame `frame` (0-based; None = the first) as RGB uint8 (Rows, Columns, 3), and the info."""
    path = Path(path)
    index = 0 if frame is None else int(frame)
    with _lock, no_library_warnings():
        ds = _full_dataset(path)
        check_image(path, ds)
        info = info_from_dataset(ds)
        if not 0 <= index < info.frames:
            raise ImageLoadError(
                path, f"it has {info.frames} frame(s); frame {index + 1} does not exist"
            )
        _check_size(path, info)
        array, photometric = _decode(path, ds, info, index)
        try:
            rgb = frame_to_rgb(array, ds, photometric, index)
        except PixelConversionError as exc:
            raise ImageLoadError(path, str(exc)) from exc
    if rgb.shape[:2] != (info.rows, info.columns):
        raise ImageLoadError(
            path, f"decoded {rgb.shape[1]}x{rgb.shape[0]}, but the header says "
            f"{info.columns}x{info.rows}"
        )  # fmt: skip
    return rgb, info


def check_image(path: Path, ds: Any) -> None:
    """Refuse what is not an image, with the reason."""
    meta = getattr(ds, "file_meta", None)
    sop_class = str(ds.get("SOPClassUID") or getattr(meta, "MediaStorageSOPClassUID", "") or "")
    info = info_from_dataset(ds)
    kind = info.sop_class_name or "DICOM object"
    if sop_class == MEDIA_STORAGE_DIRECTORY or "DirectoryRecordSequence" in ds:
        raise ImageLoadError(
            path, "it is a DICOMDIR (the index of a DICOM medium), not an image; open the "
            "image files it lists instead"
        )  # fmt: skip
    if info.modality == "SR" or " SR " in f" {kind} ":
        raise ImageLoadError(path, f"it is a structured report ({kind}), not an image")
    if sop_class == SEGMENTATION_STORAGE:
        raise ImageLoadError(path, "it is a DICOM Segmentation (a mask), not an image")
    present = [keyword for keyword in _PIXEL_KEYWORDS if keyword in ds]
    if not present:
        cut = truncation(path, ds)
        if cut and (" Image " in f" {kind} " or not info.sop_class_name):
            raise ImageLoadError(path, cut)  # an image whose pixel data was never reached
        what = f"a {kind}" if info.sop_class_name else "a DICOM file"
        raise ImageLoadError(path, f"it contains no pixel data ({what}, not an image)")
    if present[0] != "PixelData":
        raise ImageLoadError(path, f"its pixels are floating point ({present[0]}), not supported")
    if info.rows <= 0 or info.columns <= 0:
        no_size = "the header gives no image size (Rows/Columns)"
        raise ImageLoadError(path, truncation(path, ds) or no_size)
    # A frame count the pixel data cannot hold: one refusal, not one failure per missing frame.
    wrong_count = frames_mismatch(ds, info.frames) or _cut_native(path, ds)
    if wrong_count:
        raise ImageLoadError(path, wrong_count)


def _cut_native(path: Path, ds: Any) -> str | None:
    """A defined-length pixel data running past the end of the file (a cheap look at the
    header read; encapsulated pixel data cut short fails the header read itself)."""
    element = ds.get_item("PixelData", keep_deferred=True)
    length, start = getattr(element, "length", None), getattr(element, "value_tell", None)
    if length is None or start is None or length == 0xFFFFFFFF:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return truncation(path, ds) if start + length > size else None


def _check_size(path: Path, info: DicomInfo) -> None:
    if info.rows * info.columns > MAX_PIXELS:
        raise ImageLoadError(
            path,
            f"the frame is {info.columns}x{info.rows} = {info.columns * info.rows / 1e6:.0f} "
            f"megapixels, above SegDesk's limit of {MAX_PIXELS / 1e6:.0f} megapixels",
        )


def _decode(path: Path, ds: Any, info: DicomInfo, index: int) -> tuple[np.ndarray, str]:
    from pydicom.pixels import get_decoder

    uid = ds.file_meta.TransferSyntaxUID
    name = f"{info.transfer_syntax_name} ({uid})"
    try:
        decoder = get_decoder(uid)
    except NotImplementedError as exc:
        raise ImageLoadError(
            path, f"its transfer syntax {name} is not supported: no decoder exists for it"
        ) from exc
    if not decoder.is_available:
        missing = "; ".join(
            f"{plugin}: {', '.join(deps)}" for plugin, deps in decoder.missing_dependencies
        ) if isinstance(decoder.missing_dependencies, list) else str(decoder.missing_dependencies)
        raise ImageLoadError(
            path, f"its transfer syntax {name} needs a decoder that is not installed ({missing})"
        )
    try:
        array, meta = decoder.as_array(ds, index=index)
    except Exception as exc:  # noqa: BLE001 - any codec failure is this file's problem
        failed = f"its pixel data cannot be decoded ({name}): {_reason(exc)}"
        raise ImageLoadError(path, truncation(path, ds) or failed) from exc
    return array, str(meta.get("photometric_interpretation", info.photometric_interpretation))


def _reason(exc: BaseException) -> str:
    """Codec errors: pydicom lists one line per plugin; keep them short, on one line."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].startswith("Unable to decode as exceptions"):
        lines = lines[1:]
    text = "; ".join(lines) or type(exc).__name__
    return text[:400]


def _full_dataset(path: Path) -> Any:
    global _cached
    try:
        stat = path.stat()
    except OSError:
        return _read(path, header_only=False)  # raises the right ImageLoadError
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if _cached is not None and _cached[0] == key:
        return _cached[1]
    ds = _read(path, header_only=False)
    _cached = (key, ds)
    return ds


def _read(path: Path, header_only: bool) -> Any:
    import pydicom
    from pydicom.errors import InvalidDicomError

    if path.is_dir():
        raise ImageLoadError(path, "this is a folder, not an image file")
    try:
        ds = pydicom.dcmread(path, force=True, defer_size=_DEFER if header_only else None)
    except FileNotFoundError as exc:
        raise ImageLoadError(path, "file not found") from exc
    except PermissionError as exc:
        raise ImageLoadError(path, "permission denied") from exc
    except (InvalidDicomError, EOFError) as exc:
        raise ImageLoadError(path, f"not a readable DICOM file ({_reason(exc)})") from exc
    except Exception as exc:  # noqa: BLE001 - pydicom raises many kinds on damaged files
        raise ImageLoadError(path, f"not a readable DICOM file ({_reason(exc)})") from exc
    if len(ds) == 0:
        # pydicom keeps no element when the file ends inside encapsulated pixel data
        raise ImageLoadError(
            path, truncation(path, ds) or "not a DICOM file (no DICOM data elements could be read)"
        )
    _ensure_transfer_syntax(ds)
    return ds


def _ensure_transfer_syntax(ds: Any) -> None:
    """Files without a meta header (raw datasets) still say how they were encoded."""
    from pydicom.dataset import FileMetaDataset
    from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

    meta = getattr(ds, "file_meta", None)
    if meta is not None and getattr(meta, "TransferSyntaxUID", None):
        return
    if meta is None:
        ds.file_meta = meta = FileMetaDataset()
    implicit, little = getattr(ds, "original_encoding", (True, True))
    if implicit is None or little is None:
        return
    meta.TransferSyntaxUID = (
        ImplicitVRLittleEndian if implicit
        else ExplicitVRLittleEndian if little else ExplicitVRBigEndian
    )  # fmt: skip
