"""Damaged DICOM files say what is wrong in the user's terms (issue #18 item 15): cut short,
or a NumberOfFrames the pixel data cannot hold; one batch row for a file that cannot be split
into frames; "not an image" only for files that really are not images."""

from __future__ import annotations

from pathlib import Path

import pytest
from dicom_files import copy_to, modified, wheel_file
from test_dicom_batch import BrightSegmenter, _report

from desktop.core.batch import BatchOptions, BatchRun
from desktop.core.dicom.reader import load_frame, read_info
from desktop.core.errors import ImageLoadError


def _cut(name: str, target: Path, percent: int) -> Path:
    data = wheel_file(name).read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data[: len(data) * percent // 100])
    return target


def _reason(call) -> str:
    with pytest.raises(ImageLoadError) as caught:
        call()
    return str(caught.value)


def test_a_multi_frame_ultrasound_cut_inside_its_pixel_data(tmp_path):
    path = _cut("examples_ybr_color.dcm", tmp_path / "us30.dcm", 30)
    size = path.stat().st_size
    for call in (lambda: read_info(path), lambda: load_frame(path, 0)):
        reason = _reason(call)
        assert f"truncated: the file ends at byte {size:,} before its pixel data ends" in reason
        assert "not a DICOM file" not in reason


def test_a_file_cut_inside_its_header_is_truncated_not_a_non_image(tmp_path):
    path = _cut("examples_ybr_color.dcm", tmp_path / "us5.dcm", 5)
    reason = _reason(lambda: read_info(path))
    assert f"truncated: the file ends at byte {path.stat().st_size:,}, inside its header" in reason
    assert "before its pixel data" in reason and "not an image" not in reason


def test_a_cut_native_image_says_truncated():
    reason = _reason(lambda: load_frame(wheel_file("MR_truncated.dcm")))
    assert "truncated: the file ends at byte 9,630 before its pixel data ends" in reason


def test_real_non_images_keep_their_wording_even_when_cut():
    assert "no pixel data (a RT Plan Storage, not an image)" in _reason(
        lambda: read_info(wheel_file("rtplan_truncated.dcm"))
    )


@pytest.mark.parametrize("name", ["CT_small.dcm", "SC_rgb_jpeg_dcmtk.dcm"])  # native, JPEG
def test_a_lying_frame_count_is_refused_once(tmp_path, name):
    path = modified(name, tmp_path / "lying.dcm", NumberOfFrames=500)
    reason = "NumberOfFrames says 500 but the pixel data holds 1 frame"
    assert reason in _reason(lambda: read_info(path))
    assert reason in _reason(lambda: load_frame(path, 0))


def test_a_batch_gives_one_row_per_damaged_file_with_its_reason(tmp_path):
    folder = tmp_path / "in"
    copy_to("examples_ybr_color.dcm", folder, "good.dcm")
    _cut("examples_ybr_color.dcm", folder / "cut30.dcm", 30)
    _cut("examples_ybr_color.dcm", folder / "cut5.dcm", 5)
    modified("CT_small.dcm", folder / "lying.dcm", NumberOfFrames=500)
    out = tmp_path / "out"
    list(BatchRun(BrightSegmenter(), BatchOptions(folder, out, save=frozenset({"mask"}))))
    rows = _report(out)
    assert sorted(rows) == sorted([f"good.dcm#{k}" for k in range(1, 31)]
                                  + ["cut30.dcm", "cut5.dcm", "lying.dcm"])  # fmt: skip
    assert all(rows[f"good.dcm#{k}"]["status"] == "ok" for k in range(1, 31))
    assert "before its pixel data ends" in rows["cut30.dcm"]["error"]
    assert "inside its header" in rows["cut5.dcm"]["error"]
    assert "NumberOfFrames says 500 but the pixel data holds 1 frame" in rows["lying.dcm"]["error"]
    assert all(rows[name]["status"] == "failed" for name in ("cut30.dcm", "cut5.dcm", "lying.dcm"))
