"""DICOM Segmentation out (DESIGN §10): binary, one segment, AUTOMATIC, model name and sha256
prefix, referencing the source; read back with pydicom and highdicom, same mask pixels."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import highdicom as hd
import numpy as np
import pydicom
import pytest
from dicom_files import dciodvfy_errors, wheel_file

from desktop.core.dicom.seg import SegAlgorithm, SegWriteError, write_seg
from desktop.core.export import write_seg_output

ALGORITHM = SegAlgorithm("demo-unet-resnet34", "1314407a889093b0067b23082542088777e7" + "0" * 28,
                         "polyp")  # fmt: skip


def _masks(ds, seed=3) -> np.ndarray:
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    rng = np.random.default_rng(seed)
    masks = rng.random((frames, ds.Rows, ds.Columns)) > 0.7
    masks[0, : ds.Rows // 2, : ds.Columns // 3] = True  # a block, so it is not all noise
    return masks


@pytest.mark.parametrize(
    "name",
    ["examples_rgb_color.dcm", "CT_small.dcm", "examples_ybr_color.dcm", "SC_rgb_rle_2frame.dcm",
     "SC_rgb_small_odd.dcm", "rtdose.dcm", "examples_palette.dcm"],
)  # fmt: skip
def test_seg_round_trip_pixels_and_references(name, tmp_path):
    source_path = wheel_file(name)
    source = pydicom.dcmread(source_path, stop_before_pixels=True)
    masks = _masks(source)
    out = write_seg(source_path, masks, ALGORITHM, tmp_path / "x_seg.dcm")

    seg = pydicom.dcmread(out)
    assert seg.SOPClassUID == "1.2.840.10008.5.1.4.1.1.66.4" and seg.Modality == "SEG"
    assert seg.SegmentationType == "BINARY" and len(seg.SegmentSequence) == 1
    segment = seg.SegmentSequence[0]
    assert segment.SegmentLabel == "polyp" and segment.SegmentAlgorithmType == "AUTOMATIC"
    assert segment.SegmentAlgorithmName == "demo-unet-resnet34"
    identification = segment.SegmentationAlgorithmIdentificationSequence[0]
    assert identification.AlgorithmName == "demo-unet-resnet34"
    assert identification.AlgorithmVersion == "1314407a8890"
    assert seg.StudyInstanceUID == source.StudyInstanceUID
    assert seg.SOPInstanceUID != source.SOPInstanceUID
    series = seg.ReferencedSeriesSequence[0]
    assert series.SeriesInstanceUID == source.SeriesInstanceUID
    assert series.ReferencedInstanceSequence[0].ReferencedSOPInstanceUID == source.SOPInstanceUID
    assert series.ReferencedInstanceSequence[0].ReferencedSOPClassUID == source.SOPClassUID

    frames = masks.shape[0]
    assert int(seg.NumberOfFrames) == frames, "one SEG frame per source frame"
    pixels = seg.pixel_array.reshape(frames, source.Rows, source.Columns)
    assert np.array_equal(pixels.astype(bool), masks)
    # Frame numbers only into a multi-frame SOP class: SC_rgb_rle_2frame and SC_rgb_small_odd
    # carry Number of Frames under the single-frame Secondary Capture class.
    multiframe_class = hd.utils.is_multiframe_image(source)
    for index, item in enumerate(seg.PerFrameFunctionalGroupsSequence):
        derivation = item.DerivationImageSequence[0]
        reference = derivation.SourceImageSequence[0]
        assert reference.ReferencedSOPInstanceUID == source.SOPInstanceUID
        if multiframe_class:
            assert int(reference.ReferencedFrameNumber) == index + 1
        else:
            assert "ReferencedFrameNumber" not in reference
        if "NumberOfFrames" in source and not multiframe_class:
            assert derivation.DerivationDescription == f"from frame {index + 1} of the source image"

    back = hd.seg.segread(out)  # highdicom reads it back too
    if not multiframe_class and frames > 1:
        return  # nothing but the frame order ties these frames to the source's: checked above
    if multiframe_class:
        read = back.get_pixels_by_source_frame(
            source.SOPInstanceUID, list(range(1, frames + 1)), segment_numbers=[1]
        )[..., 0]
    else:
        read = back.get_pixels_by_source_instance([source.SOPInstanceUID], segment_numbers=[1])[
            ..., 0
        ]
    assert np.array_equal(read.astype(bool), masks)


def test_one_frame_of_a_multiframe_source(tmp_path):
    source_path = wheel_file("examples_ybr_color.dcm")
    source = pydicom.dcmread(source_path, stop_before_pixels=True)
    mask = np.zeros((1, source.Rows, source.Columns), bool)
    mask[0, 10:50, 20:90] = True
    seg = pydicom.dcmread(write_seg(source_path, mask, ALGORITHM, tmp_path / "f.dcm", [7]))
    assert int(seg.NumberOfFrames) == 1
    reference = seg.PerFrameFunctionalGroupsSequence[0].DerivationImageSequence[0]
    assert int(reference.SourceImageSequence[0].ReferencedFrameNumber) == 7
    assert np.array_equal(seg.pixel_array.astype(bool), mask[0])


def test_wrong_mask_shape_is_refused(tmp_path):
    with pytest.raises(SegWriteError, match="for frames"):
        write_seg(wheel_file("CT_small.dcm"), np.zeros((1, 10, 10), bool), ALGORITHM,
                  tmp_path / "x.dcm")  # fmt: skip
    assert not (tmp_path / "x.dcm").exists()


# Colour, palette and secondary-capture sources (no patient space), single and multi-frame,
# and a CT and an MR (patient space): every SEG SegDesk writes must be valid DICOM.
VALIDATED_SOURCES = ["SC_rgb_jpeg_gdcm.dcm", "SC_rgb_rle_2frame.dcm", "examples_palette.dcm",
                     "examples_rgb_color.dcm", "examples_ybr_color.dcm", "CT_small.dcm",
                     "MR_small.dcm"]  # fmt: skip


@pytest.mark.skipif(shutil.which("dciodvfy") is None,
                    reason="dciodvfy (Debian package dicom3tools) is not installed")  # fmt: skip
@pytest.mark.parametrize(
    ("name", "frame"),
    [(name, None) for name in VALIDATED_SOURCES]
    + [("SC_rgb_rle_2frame.dcm", 2), ("examples_ybr_color.dcm", 12)],
)
def test_every_seg_passes_dciodvfy(name, frame, tmp_path):
    """`batch --save seg` writes every frame of a file (write_seg_output, no frame numbers); the
    window's export writes the one frame on show of a multi-frame source (`frame`, 1-based)."""
    source_path = wheel_file(name)
    masks = _masks(pydicom.dcmread(source_path, stop_before_pixels=True))
    numbers = None if frame is None else [frame]
    if frame is not None:
        masks = masks[frame - 1 : frame]
    package = SimpleNamespace(name=ALGORITHM.model_name, sha256=ALGORITHM.model_sha256,
                              labels=[ALGORITHM.label])  # fmt: skip
    out = write_seg_output(source_path, masks, package, tmp_path / "x_seg.dcm", numbers)
    assert dciodvfy_errors(out) == []
