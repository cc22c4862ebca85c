"""One decoded DICOM frame → RGB uint8 (H, W, 3), by the rules of DESIGN §10.

Input is pydicom's decoded frame *after* its colour-space conversion (YBR_FULL, YBR_FULL_422,
YBR_ICT/RCT → RGB; planar configuration and byte order already resolved, signed values already
signed) and the Image Pixel attributes describing that array. Then:

- RGB: 8-bit as is; more bits are shifted down to their top 8 (like OpenCV's 16 → 8 bit).
- PALETTE COLOR: through the file's palette (pydicom `apply_color_lut`), then to 8 bits.
- MONOCHROME1/2: unsigned 8-bit values as they are; anything else (more or fewer bits, signed)
  goes through the Modality rescale (RescaleSlope/Intercept) and the file's VOI window
  (WindowCenter/Width, the first value when there are several; LINEAR, LINEAR_EXACT or SIGMOID),
  else a VOI LUT, else min–max of the frame. MONOCHROME1 is inverted (its minimum is white).
  The grey frame is replicated to three channels.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from desktop.core.dicom.info import frame_attribute


class PixelConversionError(ValueError):
    """The decoded pixels cannot be shown as RGB (the message is the reason)."""


def frame_to_rgb(frame: np.ndarray, ds: Any, photometric: str, frame_index: int = 0) -> np.ndarray:
    """`frame` as decoded by pydicom (photometric interpretation after its conversion)."""
    photometric = str(photometric).strip().upper()
    if photometric == "RGB":
        if frame.ndim != 3 or frame.shape[2] != 3:
            raise PixelConversionError(f"RGB pixel data has an unexpected shape {frame.shape}")
        return _colour_to_uint8(frame, _bits_stored(ds, frame))
    if photometric == "PALETTE COLOR":
        from pydicom.pixels import apply_color_lut

        rgb = apply_color_lut(frame, ds)
        bits = 16 if rgb.dtype.itemsize > 1 else 8
        return _colour_to_uint8(rgb, bits)
    if photometric in ("MONOCHROME1", "MONOCHROME2"):
        if frame.ndim != 2:
            raise PixelConversionError(f"grey pixel data has an unexpected shape {frame.shape}")
        grey = grey_to_uint8(frame, ds, frame_index)
        if photometric == "MONOCHROME1":
            grey = 255 - grey
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
    raise PixelConversionError(
        f"the photometric interpretation {photometric or '(none)'} is not supported "
        "(RGB, YBR, PALETTE COLOR, MONOCHROME1 and MONOCHROME2 are)"
    )


def grey_to_uint8(frame: np.ndarray, ds: Any, frame_index: int = 0) -> np.ndarray:
    """A grey frame as uint8, before any MONOCHROME1 inversion."""
    signed = int(ds.get("PixelRepresentation", 0) or 0) == 1
    if frame.dtype == np.uint8 and _bits_stored(ds, frame) == 8 and not signed:
        return np.ascontiguousarray(frame)
    values = rescaled(frame, ds, frame_index)
    window = voi_window(ds, frame_index)
    if window is not None:
        center, width, function = window
        return apply_window(values, center, width, function)
    lut = _voi_lut(frame, ds)
    if lut is not None:
        return lut
    return min_max(values)


def rescaled(frame: np.ndarray, ds: Any, frame_index: int = 0) -> np.ndarray:
    """Stored values → modality values (float64): RescaleSlope × value + RescaleIntercept."""
    values = frame.astype(np.float64)
    slope = _first_float(frame_attribute(ds, frame_index, "PixelValueTransformationSequence",
                                         "RescaleSlope"))  # fmt: skip
    intercept = _first_float(frame_attribute(ds, frame_index, "PixelValueTransformationSequence",
                                             "RescaleIntercept"))  # fmt: skip
    if slope is not None and slope != 0:
        values = values * slope
    if intercept is not None:
        values = values + intercept
    return values


def voi_window(ds: Any, frame_index: int = 0) -> tuple[float, float, str] | None:
    """(center, width, function) of the first VOI window, or None (absent or width < 1)."""
    center = _first_float(frame_attribute(ds, frame_index, "FrameVOILUTSequence", "WindowCenter"))
    width = _first_float(frame_attribute(ds, frame_index, "FrameVOILUTSequence", "WindowWidth"))
    if center is None or width is None or width < 1:
        return None
    function = frame_attribute(ds, frame_index, "FrameVOILUTSequence", "VOILUTFunction")
    return center, width, str(function or "LINEAR").strip().upper()


def apply_window(values: np.ndarray, center: float, width: float, function: str) -> np.ndarray:
    """PS3.3 C.11.2.1.2 (LINEAR), C.11.2.1.3.2 (LINEAR_EXACT), C.11.2.1.3.1 (SIGMOID) → 0..255."""
    if function == "SIGMOID":
        out = 255.0 / (1.0 + np.exp(-4.0 * (values - center) / width))
    elif function == "LINEAR_EXACT":
        out = ((values - center) / width + 0.5) * 255.0
    else:  # LINEAR, the default
        if width == 1:
            out = np.where(values <= center - 0.5, 0.0, 255.0)
        else:
            out = ((values - (center - 0.5)) / (width - 1) + 0.5) * 255.0
    return np.rint(np.clip(out, 0.0, 255.0)).astype(np.uint8)


def min_max(values: np.ndarray) -> np.ndarray:
    """The frame's own range stretched to 0..255 (a constant frame is black)."""
    low, high = float(values.min()), float(values.max())
    if high <= low:
        return np.zeros(values.shape, np.uint8)
    return np.rint((values - low) * (255.0 / (high - low))).astype(np.uint8)


def _voi_lut(frame: np.ndarray, ds: Any) -> np.ndarray | None:
    """A VOI LUT Sequence (no window given), scaled from its output bits to 8 bits."""
    sequence = ds.get("VOILUTSequence")
    if not sequence:
        return None
    from pydicom.pixels import apply_voi

    item = sequence[0]
    try:
        descriptor = [int(v) for v in item.LUTDescriptor]
        out = apply_voi(frame, ds, index=0).astype(np.float64)
    except (AttributeError, ValueError, TypeError, IndexError):
        return None
    top = float(2 ** descriptor[2] - 1) if descriptor[2] > 0 else float(out.max() or 1)
    return np.rint(np.clip(out / top, 0.0, 1.0) * 255.0).astype(np.uint8)


def _colour_to_uint8(rgb: np.ndarray, bits: int) -> np.ndarray:
    if rgb.dtype == np.uint8:
        return np.ascontiguousarray(rgb)
    if rgb.dtype.kind not in "ui":
        raise PixelConversionError(f"colour pixel data of type {rgb.dtype} is not supported")
    shift = max(0, bits - 8)
    values = np.clip(rgb.astype(np.int64), 0, None) >> shift
    return np.ascontiguousarray(np.clip(values, 0, 255).astype(np.uint8))


def _bits_stored(ds: Any, frame: np.ndarray) -> int:
    try:
        return int(ds.get("BitsStored") or frame.dtype.itemsize * 8)
    except (TypeError, ValueError):
        return frame.dtype.itemsize * 8


def _first_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        if not isinstance(value, (str, bytes)) and hasattr(value, "__len__"):
            if len(value) == 0:
                return None
            value = value[0]
        return float(value)
    except (TypeError, ValueError):
        return None
