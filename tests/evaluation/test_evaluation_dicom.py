"""Evaluation (§9) on DICOM images (§10): a multi-frame file is one image per frame (`x.dcm#2`),
paired with `x_f0002<S>.<ext>`, and each frame is scored against its own ground truth."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pydicom

from desktop.core.dicom.batch_frames import frame_of_label
from desktop.core.evaluation import EvaluationOptions, EvaluationRun
from desktop.core.evaluation.pairing import pair_images

from .conftest import RedChannelModel

DATA = Path(pydicom.__file__).parent / "data" / "test_files"


def test_frames_are_images_with_their_own_ground_truth(tmp_path) -> None:
    images, masks, out = tmp_path / "images", tmp_path / "masks", tmp_path / "out"
    images.mkdir()
    shutil.copy2(DATA / "SC_rgb_rle_2frame.dcm", images / "two.dcm")
    frames = pydicom.dcmread(images / "two.dcm").pixel_array
    red = frames[..., 0] > 127  # what RedChannelModel predicts on each frame
    assert (red[0] != red[1]).sum() > 1000, "the frames must differ for this test to mean much"
    masks.mkdir()
    for k in (0, 1):
        cv2.imwrite(str(masks / f"two_f{k + 1:04d}_mask.png"), red[k].astype(np.uint8) * 255)

    pairs = pair_images(images, masks)
    assert [(p.relative, p.frame, p.mask.name) for p in pairs] == [
        ("two.dcm#1", 0, "two_f0001_mask.png"), ("two.dcm#2", 1, "two_f0002_mask.png"),
    ]  # fmt: skip
    rows = list(EvaluationRun([RedChannelModel("m")], EvaluationOptions(images, masks, out)))
    assert [row.file for row in rows] == ["two.dcm#1", "two.dcm#2"]
    assert all(row.status == "ok" and row.dice == 1.0 for row in rows), rows
    assert [row.gt_pixels for row in rows] == [int(red[0].sum()), int(red[1].sum())]


def test_frame_labels():
    assert frame_of_label("sub/x.dcm#3", Path("/in/sub/x.dcm")) == 2
    assert frame_of_label("sub/x.dcm", Path("/in/sub/x.dcm")) is None
    assert frame_of_label("a#2.png", Path("/in/a#2.png")) is None  # a '#' in a name
    assert frame_of_label("IMG#3", Path("/in/IMG#3")) is None
    assert frame_of_label("x.dcm#0", Path("/in/x.dcm")) is None
