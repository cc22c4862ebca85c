"""Paths as Windows has them: drive letters, backslashes, UNC shares (\\\\server\\share\\...),
non-ASCII user names, outputs on another drive, names that differ only in case. The code that
computes output names from input paths is run on PureWindowsPath; file reading that must not
depend on the platform's narrow-character file API is checked with that API made to fail."""

from __future__ import annotations

import shutil
from pathlib import Path, PureWindowsPath

import cv2
import numpy as np
import pytest

from desktop.core import paths
from desktop.core.batch import _assign_outputs, _is_within

W = PureWindowsPath


def test_batch_names_outputs_for_a_unc_input_on_another_drive():
    share = W(r"\\server\share\study")
    out = W("D:/Résultats")  # forward slashes are Windows paths too
    sources = [
        share / "Patient Dévi" / "scan.JPG",
        share / "Patient Dévi" / "SCAN.png",  # same name but for case: one file on Windows
        share / "a.png",
        W(r"\\server\share\study\sub\deeper\a.png"),
    ]
    items = _assign_outputs(share, out, sources)
    assert [str(item.output_base) for item in items] == [
        r"D:\Résultats\Patient Dévi\scan_jpg",
        r"D:\Résultats\Patient Dévi\SCAN_png",
        r"D:\Résultats\a",
        r"D:\Résultats\sub\deeper\a",
    ]
    # The report's `file` column uses '/' on every platform.
    assert [item.relative for item in items] == [
        "Patient Dévi/scan.JPG", "Patient Dévi/SCAN.png", "a.png", "sub/deeper/a.png",
    ]  # fmt: skip
    assert [item.source for item in items] == sources


def test_batch_output_folders_that_differ_only_in_case_share_names():
    root = W(r"C:\Users\Dévi\Data")
    items = _assign_outputs(root, W(r"E:\out"), [root / "Sub" / "x.png", root / "sub" / "x.jpg"])
    names = {item.output_base.name.lower() for item in items}
    assert len(names) == 2  # never the same file twice on a case-insensitive file system


@pytest.mark.parametrize(
    ("path", "folder", "inside"),
    [
        (r"C:\Data\In\out", r"C:\Data\In", True),
        (r"c:\data\in\out", r"C:\Data\IN", True),  # Windows compares paths without case
        (r"D:\Data\In\out", r"C:\Data\In", False),  # another drive
        (r"C:\Data\Input", r"C:\Data\In", False),  # a prefix of the name is not inside
        (r"\\server\share\study\out", r"\\server\share\study", True),
        (r"\\server\share\study\out", r"\\other\share\study", False),
    ],
)
def test_inside_the_input_folder_on_windows(path, folder, inside):
    assert _is_within(W(path), W(folder)) is inside


def test_review_records_a_mask_relative_to_out_or_in_full():
    from desktop.core.review.starting_mask import _relative

    assert _relative(W(r"D:\out\sub\x_mask.png"), W(r"D:\out")) == "sub/x_mask.png"
    assert _relative(W(r"E:\elsewhere\x_mask.png"), W(r"D:\out")) == r"E:\elsewhere\x_mask.png"


# -- reference images of a new package: the notebook's cv2.imread, without the path API --------
@pytest.fixture(scope="module")
def samples() -> list[Path]:
    found = sorted(paths.samples_dir().glob("*.jpg"))[:3]
    if not found:
        pytest.skip("no bundled samples")
    return found


def test_reference_images_decode_exactly_as_cv2_imread(samples):
    from desktop.core.package_writer import _notebook_load

    for sample in samples:
        expected = cv2.cvtColor(cv2.imread(str(sample), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
        assert np.array_equal(_notebook_load(sample), expected), sample.name


def test_reference_images_in_a_non_ascii_folder_load_without_cv2_imread(
    samples, monkeypatch, tmp_path
):
    """On Windows cv2.imread cannot open C:\\Users\\Dévi\\...: the package writer must not
    depend on it (here it fails for every path, as it would there)."""
    from desktop.core.package_writer import _notebook_load

    expected = _notebook_load(samples[0])
    copy = tmp_path / "Dévi" / "图像 1.jpg"
    copy.parent.mkdir()
    shutil.copyfile(samples[0], copy)
    monkeypatch.setattr(cv2, "imread", lambda *args, **kwargs: None)
    assert np.array_equal(_notebook_load(copy), expected)
    assert np.array_equal(_notebook_load(str(copy)), expected)


def test_a_missing_reference_image_is_named(tmp_path):
    from desktop.core.errors import ModelPackageError
    from desktop.core.package_writer import _notebook_load

    with pytest.raises(ModelPackageError, match="Dévi"):
        _notebook_load(tmp_path / "Dévi.png")
