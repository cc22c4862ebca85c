"""The self-test (DESIGN §3): golden reference cases re-run through SegDesk's own pipeline."""

from __future__ import annotations

import json
import os
import shutil

import cv2
import numpy as np
import pytest

from desktop.core.errors import ModelPackageError
from desktop.core.package import read_package
from desktop.core.segmenter import Segmenter
from desktop.core.verify import verify_package


@pytest.fixture
def package_copy(unet18, tmp_path):
    """A copy of the small package whose reference/ may be damaged (weights linked, not copied)."""
    folder = tmp_path / "copy"
    shutil.copytree(unet18.package_dir, folder, ignore=shutil.ignore_patterns("*.safetensors"))
    os.symlink(unet18.package_dir / "model.safetensors", folder / "model.safetensors")
    return folder


def _verify(folder):
    return verify_package(Segmenter(read_package(folder), "cpu"))


def test_intact_package_passes_exactly(package_copy):
    report = _verify(package_copy)
    assert (
        report.passed and report.mismatched_ppm == 0.0 and report.max_probability_difference == 0.0
    )
    assert report.device == "cpu" and report.tolerance_ppm == 0.0
    assert report.describe().startswith("PASS unet18 on cpu: 2 reference cases, 0.0 mismatched")


def test_damaged_reference_mask_fails_with_the_pixel_count(package_copy):
    mask_path = package_copy / "reference" / "case-02.mask.png"
    mask = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE)
    mask[:4, :10] = 255 - mask[:4, :10]
    assert cv2.imwrite(str(mask_path), mask)
    report = _verify(package_copy)
    assert not report.passed
    assert [case.mismatched_pixels for case in report.cases] == [0, 40]
    assert report.mismatched_ppm == pytest.approx(1e6 * 40 / (2 * 256 * 256))
    assert report.describe().startswith("FAIL")


def test_damaged_reference_probability_is_measured(package_copy):
    path = package_copy / "reference" / "case-01.prob.npy"
    probability = np.load(path)
    probability[0, 0] += 0.25
    np.save(path, probability)
    report = _verify(package_copy)
    assert report.max_probability_difference == pytest.approx(0.25, abs=1e-6)


def test_changed_reference_input_fails(package_copy):
    path = package_copy / "reference" / "case-01.png"
    image = cv2.imread(str(path))
    assert cv2.imwrite(str(path), 255 - image)
    assert not _verify(package_copy).passed


@pytest.mark.parametrize("damage", ["no-index", "empty-index", "missing-file"])
def test_unusable_references_are_an_error(damage, package_copy):
    index = package_copy / "reference" / "cases.json"
    if damage == "no-index":
        index.unlink()
    elif damage == "empty-index":
        index.write_text(json.dumps({"cases": []}))
    else:
        (package_copy / "reference" / "case-02.prob.npy").unlink()
    with pytest.raises(ModelPackageError, match="reference|Reference"):
        _verify(package_copy)
