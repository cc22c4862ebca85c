"""Reading images the way the training notebook did, and writing image files atomically.

The package loader `opencv-rgb` means `cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR),
cv2.COLOR_BGR2RGB)`: EXIF orientation applied, 16-bit reduced to 8-bit, gray/RGBA/palette/CMYK
turned into 3-channel colour. SegDesk decodes the same bytes with the same OpenCV decoder, but
through `cv2.imdecode` so that non-ASCII paths work on every platform, and checks the file first
so that a bad one fails with a reason instead of a silent gray half-image.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import cv2
import numpy as np

from desktop.core.atomic import write_bytes_atomic
from desktop.core.dicom.detect import is_dicom_file, is_dicomdir
from desktop.core.errors import ImageLoadError
from desktop.core.limits import MAX_PIXELS

IMAGE_EXTENSIONS = frozenset(
    {".png", ".jpg", ".jpeg", ".jpe", ".bmp", ".dib", ".tif", ".tiff", ".webp"}
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def is_image_file(path: Path) -> bool:
    """True for names with an image extension (the batch's notion of an input), and for DICOM
    files: `.dcm`/`.dicom`, or an existing file of any name starting like DICOM (DESIGN §10)."""
    if path.suffix.lower() in IMAGE_EXTENSIONS:
        return True
    return _is_dicom_input(path)


def sniff_format(data: bytes) -> str | None:
    """The container format from the file's first bytes (the extension may lie)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    return None


def load_rgb(path: Path | str, frame: int | None = None) -> np.ndarray:
    """Decode an image file to an RGB uint8 array (H, W, 3) with `opencv-rgb` semantics.

    DICOM files go through `desktop.core.dicom` (DESIGN §10); `frame` (0-based) picks a frame
    of a multi-frame file (None: the first). Other files have one frame only.
    Raises ImageLoadError naming the file and the reason for anything that is not a whole,
    decodable image of a sane size. Never modifies the file.
    """
    path = Path(path)
    if is_dicom_file(path):
        from desktop.core.dicom.reader import load_frame

        return load_frame(path, frame)[0]
    if frame not in (None, 0):
        raise ImageLoadError(path, f"it has one frame; frame {frame + 1} does not exist")
    data = _read_file(path)
    image_format = sniff_format(data)
    if image_format is None:
        raise ImageLoadError(path, "not a supported image (PNG, JPEG, BMP, TIFF or WebP expected)")
    _check_declared_size(path, data)
    _check_complete(path, data, image_format)
    try:
        bgr = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    except cv2.error as exc:  # e.g. OpenCV's own pixel limit
        raise ImageLoadError(
            path, f"the {image_format} decoder failed ({_last_line(exc)})"
        ) from exc
    if bgr is None or bgr.size == 0:
        raise ImageLoadError(path, f"the {image_format} data is corrupt or an unsupported variant")
    if bgr.dtype != np.uint8:  # IMREAD_COLOR yields 8-bit; be explicit should a codec disagree
        bgr = cv2.convertScaleAbs(bgr, alpha=255.0 / np.iinfo(bgr.dtype).max)
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def frame_count(path: Path | str) -> int:
    """How many frames `path` holds: a multi-frame DICOM file is one input per frame."""
    path = Path(path)
    if is_dicom_file(path):
        from desktop.core.dicom.reader import frame_count as dicom_frames

        return dicom_frames(path)
    return 1


def _is_dicom_input(path: Path) -> bool:
    return not is_dicomdir(path) and is_dicom_file(path)


def _read_file(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise ImageLoadError(path, "this is a folder, not an image file")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImageLoadError(path, "file not found") from exc
    except PermissionError as exc:
        raise ImageLoadError(path, "permission denied") from exc
    except OSError as exc:
        raise ImageLoadError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not data:
        raise ImageLoadError(path, "the file is empty (0 bytes)")
    return data


def _check_declared_size(path: Path, data: bytes) -> None:
    """Refuse decompression bombs from the header alone, before any pixel is decoded."""
    from PIL import Image  # header parsing only; pixels are always decoded by OpenCV

    Image.MAX_IMAGE_PIXELS = None  # we apply our own, clearer limit below
    try:
        with Image.open(io.BytesIO(data)) as header:
            width, height = header.size
    except Exception:  # noqa: BLE001 - Pillow may not know a variant OpenCV decodes; OpenCV's
        return  # own pixel limit still applies there.
    if width <= 0 or height <= 0:
        raise ImageLoadError(path, f"the header declares an empty image ({width}x{height})")
    if width * height > MAX_PIXELS:
        raise ImageLoadError(
            path,
            f"the image is {width}x{height} = {width * height / 1e6:.0f} megapixels, above "
            f"SegDesk's limit of {MAX_PIXELS / 1e6:.0f} megapixels",
        )


def _check_complete(path: Path, data: bytes, image_format: str) -> None:
    """Detect truncated files, which OpenCV would otherwise decode with a gray bottom part."""
    if image_format == "JPEG" and not _jpeg_has_end(data):
        raise ImageLoadError(path, "the JPEG file is truncated (no end-of-image marker)")
    if image_format == "PNG" and data.rfind(b"IEND") < 0:
        raise ImageLoadError(path, "the PNG file is truncated (no IEND chunk)")


def _jpeg_has_end(data: bytes) -> bool:
    """Walk the JPEG's own segments to its end-of-image marker.

    Following the structure (rather than searching for marker bytes) ignores thumbnails inside
    EXIF and data appended after the image (e.g. the video of a phone's "motion photo").
    """
    position, size = 2, len(data)
    while position + 1 < size:
        if data[position] != 0xFF:
            return False  # not at a marker: the stream is damaged
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == 0xD9:
            return True
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
            continue
        if position + 4 > size:
            return False
        segment_end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        if marker != 0xDA:
            position = segment_end
            continue
        # Entropy-coded data follows a start-of-scan: the next marker is a 0xFF not followed by
        # a stuffed 0x00 or a restart marker.
        # Searched in C: a Python loop over every stuffed 0xFF of a 1280×1024 frame took 0.4 ms,
        # holding the GIL while the network's thread needed it.
        found = _ENTROPY_DATA_END.search(data, segment_end)
        if found is None:
            return False
        position = found.start()
    return False


# In entropy-coded data 0xFF is followed by a stuffed 0x00 or a restart marker (0xD0–0xD7);
# anything else after it is the next marker (or a fill byte before one).
_ENTROPY_DATA_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")


def encode_png(array: np.ndarray) -> bytes:
    """PNG bytes for an 8/16-bit gray or RGB array (RGB order in, converted for OpenCV)."""
    params: list[int] = []
    if array.ndim == 3:
        array = cv2.cvtColor(array, cv2.COLOR_RGB2BGR)
    elif array.dtype == np.uint8:
        # Masks (0/255): row filters only add work on two-valued rows. Without them a
        # 1280×1024 mask encodes in 1.6 ms instead of 2.2 ms, and the file is smaller.
        params = [cv2.IMWRITE_PNG_FILTER, cv2.IMWRITE_PNG_FILTER_NONE]
    ok, buffer = cv2.imencode(".png", array, params)
    if not ok:
        raise ValueError("PNG encoding failed")
    return buffer.tobytes()


def write_png(path: Path, array: np.ndarray) -> None:
    """Encode and write atomically: a reader never sees a half-written file."""
    write_bytes_atomic(path, encode_png(array))


def _last_line(exc: BaseException) -> str:
    # cv2.error puts its reason ("error: (-215:...) ...") on the last line.
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__
