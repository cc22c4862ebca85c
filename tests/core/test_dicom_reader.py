"""DICOM in (DESIGN §10): SegDesk's RGB equals pydicom's own decoded frame after its colour-space
conversion, by the rules for grey, windows, MONOCHROME1, bit depths; clear refusals."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
from dicom_files import DATA, copy_to, modified, wheel_file
from pydicom.pixels import apply_modality_lut, apply_voi_lut

from desktop.core.dicom import DicomInfo, is_dicom_file
from desktop.core.dicom.reader import read_info
from desktop.core.errors import ImageLoadError
from desktop.core.image_io import frame_count, is_image_file, load_rgb
from desktop.core.input_checks import GREY_WARNING, input_warnings, is_grey


def _pydicom_frames(path: Path) -> np.ndarray:
    """pydicom's decoded array (YBR → RGB by default), as (frames, rows, columns[, 3])."""
    ds = pydicom.dcmread(path)
    array = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    return array if frames > 1 else array[None]


# Lossless (uncompressed, RLE, JPEG lossless, JPEG 2000 lossless) and lossy colour files: SegDesk
# decodes with pydicom's decoders, so the arrays are equal in both cases; for lossless ones this
# is equality with the encoded pixels themselves.
COLOUR = [
    ("SC_rgb_small_odd.dcm", "RGB, explicit little endian, 3x3 (odd)"),
    ("SC_rgb_small_odd_big_endian.dcm", "RGB, explicit big endian, 3x3"),
    ("ExplVR_BigEnd.dcm", "RGB, explicit big endian, 80x60"),
    ("examples_rgb_color.dcm", "RGB uncompressed ultrasound"),
    ("SC_rgb_jpeg_dcmd.dcm", "RGB implicit little endian"),
    ("SC_ybr_full_422_uncompressed.dcm", "YBR_FULL_422 uncompressed"),
    ("SC_rgb_rle.dcm", "RLE 8-bit RGB"),
    ("SC_rgb_rle_2frame.dcm", "RLE 8-bit RGB, 2 frames"),
    ("SC_rgb_jpeg_gdcm.dcm", "JPEG lossless process 14 SV1"),
    ("examples_jpeg2k.dcm", "JPEG 2000 lossless, YBR_RCT"),
    ("GDCMJ2K_TextGBR.dcm", "JPEG 2000 lossless, YBR_RCT"),
    ("SC_rgb_dcmtk_+eb+cy+n1.dcm", "JPEG baseline, YBR_FULL"),
    ("SC_rgb_dcmtk_+eb+cy+np.dcm", "JPEG baseline, YBR_FULL_422"),
    ("SC_rgb_dcmtk_+eb+cy+s2.dcm", "JPEG baseline, YBR_FULL_422"),
    ("SC_rgb_dcmtk_+eb+cr.dcm", "JPEG baseline, RGB"),
    ("SC_rgb_jpeg_lossy_gdcm.dcm", "JPEG baseline, YBR_FULL (GDCM)"),
    ("SC_rgb_small_odd_jpeg.dcm", "JPEG baseline, YBR_FULL, 3x3"),
    ("SC_jpeg_no_color_transform.dcm", "JPEG baseline, RGB without colour transform"),
    ("examples_ybr_color.dcm", "JPEG baseline YBR_FULL_422, 30-frame ultrasound"),
    ("SC_rgb_jls_lossy_line.dcm", "JPEG-LS near-lossless, RGB"),
    ("SC_rgb_gdcm_KY.dcm", "JPEG 2000 (lossy syntax), RGB"),
]


@pytest.mark.parametrize("name", [name for name, _ in COLOUR])
def test_colour_frames_equal_pydicom(name):
    path = wheel_file(name)
    expected = _pydicom_frames(path)
    assert frame_count(path) == expected.shape[0]
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    for index in sorted({0, expected.shape[0] - 1}):
        rgb = load_rgb(path, index)
        assert rgb.dtype == np.uint8 and rgb.shape == (ds.Rows, ds.Columns, 3)
        assert np.array_equal(rgb, expected[index]), f"{name} frame {index + 1}"


def test_multiframe_every_frame_and_default_first():
    path = wheel_file("examples_ybr_color.dcm")
    expected = _pydicom_frames(path)
    assert expected.shape[0] == 30
    for index in range(30):
        assert np.array_equal(load_rgb(path, index), expected[index])
    assert np.array_equal(load_rgb(path), expected[0])
    with pytest.raises(ImageLoadError, match="30 frame.*frame 31 does not exist"):
        load_rgb(path, 30)


@pytest.mark.parametrize(
    ("name", "bits"),
    [("SC_rgb_rle_16bit.dcm", 16), ("SC_rgb_rle_16bit_2frame.dcm", 16),
     ("SC_rgb_rle_32bit_2frame.dcm", 32)],
)  # fmt: skip
def test_deep_colour_keeps_its_top_8_bits(name, bits):
    path = wheel_file(name)
    expected = _pydicom_frames(path)
    for index in range(expected.shape[0]):
        shifted = (expected[index].astype(np.uint64) >> (bits - 8)).astype(np.uint8)
        assert np.array_equal(load_rgb(path, index), shifted)


def test_palette_colour_through_its_lut():
    path = wheel_file("examples_palette.dcm")
    ds = pydicom.dcmread(path)
    lut = pydicom.pixels.apply_color_lut(ds.pixel_array, ds)
    expected = (lut >> 8).astype(np.uint8) if lut.dtype.itemsize > 1 else lut
    assert np.array_equal(load_rgb(path), expected)


@pytest.mark.parametrize("name", ["image_dfl.dcm", "JPEGLSNearLossless_08.dcm"])
def test_grey_8_bit_replicated_to_three_channels(name):
    path = wheel_file(name)
    grey = _pydicom_frames(path)[0]
    rgb = load_rgb(path)
    assert rgb.shape == (*grey.shape, 3)
    for channel in range(3):
        assert np.array_equal(rgb[..., channel], grey)


def _reference_window(path: Path) -> np.ndarray:
    """pydicom's own Modality LUT + first VOI window, its output range stretched to 0..255."""
    ds = pydicom.dcmread(path)
    values = apply_modality_lut(ds.pixel_array, ds).astype(np.float64)
    windowed = apply_voi_lut(values, ds, index=0).astype(np.float64)
    center = float(np.atleast_1d(ds.WindowCenter)[0])
    width = float(np.atleast_1d(ds.WindowWidth)[0])
    ends = apply_voi_lut(np.array([center - 10 * width, center + 10 * width]), ds, index=0)
    low, high = float(ends[0]), float(ends[1])
    return (windowed - low) / (high - low) * 255.0


@pytest.mark.parametrize(
    "name",
    ["MR_small.dcm", "examples_overlay.dcm", "J2K_pixelrep_mismatch.dcm", "693_J2KI.dcm"],
)
def test_deep_grey_goes_through_the_first_voi_window(name):
    path = wheel_file(name)
    assert pydicom.dcmread(path, stop_before_pixels=True).get("WindowWidth") is not None
    rgb = load_rgb(path).astype(np.float64)
    assert np.abs(rgb[..., 0] - _reference_window(path)).max() <= 1.0
    assert rgb[..., 0].min() < rgb[..., 0].max()  # not blank


@pytest.mark.parametrize(
    "name",
    ["MR_small_bigendian.dcm", "MR_small_expb.dcm", "MR_small_implicit.dcm", "MR_small_RLE.dcm",
     "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm"],
)  # fmt: skip
def test_signed_16_bit_grey_is_the_same_through_every_lossless_syntax(name):
    assert np.array_equal(load_rgb(wheel_file(name)), load_rgb(wheel_file("MR_small.dcm")))


def test_no_window_means_min_max_of_the_rescaled_frame():
    path = wheel_file("CT_small.dcm")  # signed 16-bit, rescale, no window
    ds = pydicom.dcmread(path)
    assert "WindowCenter" not in ds and ds.PixelRepresentation == 1
    values = apply_modality_lut(ds.pixel_array, ds).astype(np.float64)
    expected = np.rint((values - values.min()) / (values.max() - values.min()) * 255)
    rgb = load_rgb(path)
    assert np.array_equal(rgb[..., 1], expected.astype(np.uint8))
    assert rgb.min() == 0 and rgb.max() == 255


def test_monochrome1_is_inverted(tmp_path):
    mono2 = load_rgb(wheel_file("MR_small.dcm"))
    mono1 = load_rgb(modified("MR_small.dcm", tmp_path / "m1.dcm",
                              PhotometricInterpretation="MONOCHROME1"))  # fmt: skip
    assert np.array_equal(mono1, 255 - mono2)
    grey8 = load_rgb(wheel_file("image_dfl.dcm"))
    inverted8 = load_rgb(modified("image_dfl.dcm", tmp_path / "d1.dcm",
                                  PhotometricInterpretation="MONOCHROME1"))  # fmt: skip
    assert np.array_equal(inverted8, 255 - grey8)


def test_12_bit_jpeg_extended_and_jpeg_ls_16_bit_decode():
    for name, shape in (("JPGExtended.dcm", (1024, 256)), ("JPEGLSNearLossless_16.dcm", (50, 10))):
        rgb = load_rgb(wheel_file(name))
        assert rgb.shape == (*shape, 3) and rgb.max() > rgb.min()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("rtplan.dcm", r"no pixel data \(a RT Plan Storage, not an image\)"),
        ("test-SR.dcm", r"structured report \(Comprehensive SR Storage\), not an image"),
        ("reportsi.dcm", r"structured report"),
        ("waveform_ecg.dcm", r"no pixel data"),
        ("rtstruct.dcm", r"no pixel data"),
        ("dicomdirtests/DICOMDIR", r"DICOMDIR .*not an image"),
        ("liver_1frame.dcm", r"DICOM Segmentation \(a mask\), not an image"),
        ("MR_truncated.dcm", r"truncated: the file ends at byte 9,630 before its pixel data ends"),
        ("JPEG-lossy.dcm", r"pixel data cannot be decoded \(JPEG Extended"),
    ],
)
def test_non_images_and_broken_files_are_refused_with_the_reason(name, reason):
    path = DATA / name
    with pytest.raises(ImageLoadError, match=reason) as caught:
        load_rgb(path)
    message = str(caught.value)
    assert str(path) in message and "Traceback" not in message


def test_unknown_and_undecodable_transfer_syntaxes(tmp_path):
    unknown = modified("MR_small.dcm", tmp_path / "u.dcm", TransferSyntaxUID="1.2.3.4.5.6")
    with pytest.raises(ImageLoadError, match=r"transfer syntax .*1\.2\.3\.4\.5\.6.* not supported"):
        load_rgb(unknown)
    mpeg = modified("SC_rgb_jpeg_dcmtk.dcm", tmp_path / "m.dcm",
                    TransferSyntaxUID="1.2.840.10008.1.2.4.102")  # fmt: skip
    with pytest.raises(ImageLoadError, match=r"MPEG-4 AVC/H\.264.*no decoder exists"):
        load_rgb(mpeg)


def test_not_dicom_and_empty_dcm_files(tmp_path):
    fake = tmp_path / "photo.dcm"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(ImageLoadError, match="photo.dcm"):
        load_rgb(fake)
    empty = tmp_path / "empty.dcm"
    empty.write_bytes(b"")
    with pytest.raises(ImageLoadError, match="empty.dcm"):
        load_rgb(empty)


def test_detection_by_name_and_by_magic(tmp_path):
    bare = copy_to("SC_rgb_small_odd.dcm", tmp_path, "IMG0001")
    odd_name = copy_to("MR_small.dcm", tmp_path, "scan.bin")
    text = tmp_path / "notes.txt"
    text.write_text("DICM? no")
    dicomdir = tmp_path / "DICOMDIR"
    shutil.copy2(DATA / "dicomdirtests" / "DICOMDIR", dicomdir)
    assert is_dicom_file(bare) and is_image_file(bare)
    assert is_image_file(odd_name)
    assert is_image_file(Path("x.DCM")) and is_image_file(Path("y.dicom"))
    assert not is_image_file(text)
    assert not is_image_file(dicomdir), "a DICOMDIR is an index, never an input"
    assert np.array_equal(load_rgb(bare), _pydicom_frames(wheel_file("SC_rgb_small_odd.dcm"))[0])


def test_info_has_what_the_gui_shows_and_no_patient_identifier():
    fields = {f.name for f in dataclasses.fields(DicomInfo)}
    assert not {f for f in fields if "patient" in f or "birth" in f or f == "name"}
    info = read_info(wheel_file("CT_small.dcm"))
    ds = pydicom.dcmread(wheel_file("CT_small.dcm"), stop_before_pixels=True)
    assert info.modality == "CT" and info.frames == 1 and info.acquisition_date == "1997-04-30"
    assert info.sop_instance_uid == ds.SOPInstanceUID
    assert info.series_instance_uid == ds.SeriesInstanceUID
    assert info.study_instance_uid == ds.StudyInstanceUID
    assert info.pixel_spacing_mm == pytest.approx((0.661468, 0.661468))
    assert str(ds.PatientName) not in repr(info) and str(ds.PatientID) not in repr(info)


def test_pixel_spacing_sources_and_mm2():
    ct = read_info(wheel_file("CT_small.dcm"))
    assert ct.pixel_spacing_source == "PixelSpacing"
    assert ct.area_mm2(1000) == pytest.approx(1000 * 0.661468**2)
    us = read_info(wheel_file("examples_ybr_color.dcm"))  # ultrasound regions, in cm
    region = pydicom.dcmread(wheel_file("examples_ybr_color.dcm"),
                             stop_before_pixels=True).SequenceOfUltrasoundRegions[0]  # fmt: skip
    assert region.PhysicalUnitsXDirection == 3
    assert us.pixel_spacing_source == "ultrasound region"
    assert us.pixel_spacing_mm == pytest.approx(
        (region.PhysicalDeltaY * 10, region.PhysicalDeltaX * 10)
    )
    assert us.frames == 30 and us.modality == "US"
    assert read_info(wheel_file("examples_rgb_color.dcm")).area_mm2(10) is None


def test_grey_detection_for_any_image(tmp_path):
    grey_png = tmp_path / "grey.png"
    cv2.imwrite(str(grey_png), np.tile(np.arange(64, dtype=np.uint8), (32, 1)))
    colour = np.zeros((40, 40, 3), np.uint8)  # not tiny (< 32 px warns on its own)
    colour[..., 0] = 200
    assert is_grey(load_rgb(grey_png))
    assert input_warnings(load_rgb(grey_png)) == [GREY_WARNING]
    assert not is_grey(colour) and input_warnings(colour) == []
    assert is_grey(load_rgb(wheel_file("MR_small.dcm")))
    assert not is_grey(load_rgb(wheel_file("examples_rgb_color.dcm")))


def test_jpeg_ls_lossless_colour_written_by_pydicom_decodes_exactly(tmp_path):
    """The wheel has no colour JPEG-LS lossless file: pydicom's own encoder makes one."""
    from pydicom.uid import JPEGLSLossless

    ds = pydicom.dcmread(wheel_file("examples_rgb_color.dcm"))
    original = ds.pixel_array.copy()
    ds.compress(JPEGLSLossless)
    ds.save_as(tmp_path / "jls.dcm")
    assert np.array_equal(load_rgb(tmp_path / "jls.dcm"), original)
