"""Export (DESIGN §4): mask, probability and overlay files at the original size, with provenance."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import cv2
import numpy as np
import pytest

from desktop import __version__
from desktop.core.export import export_prediction, probability_image, render_overlay
from desktop.core.image_io import load_rgb
from desktop.core.prediction import Prediction


@pytest.fixture
def photo(sample_images, tmp_path):
    """A calibrated sample (the mask is neither empty nor full), saved losslessly with the blue
    channel kept above 1 so that every tinted pixel visibly changes (the tint's blue is 0)."""
    rgb = load_rgb(sample_images["landscape.png"])
    rgb[..., 2] = np.maximum(rgb[..., 2], 2)
    path = tmp_path / "in" / "photo 1.png"
    path.parent.mkdir()
    assert cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return path


def _read(path):
    array = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    assert array is not None, path
    return array


def test_export_files_and_provenance(unet18_segmenter, photo, tmp_path):
    image = load_rgb(photo)
    prediction = unet18_segmenter.predict(image)
    assert 0 < prediction.foreground_pixels < prediction.mask.size, "degenerate mask"
    input_bytes = photo.read_bytes()

    written = export_prediction(
        image, prediction, unet18_segmenter.package, photo, tmp_path / "out"
    )

    names = sorted(path.name for path in written)
    assert names == sorted(
        ["photo 1_mask.png", "photo 1_overlay.png", "photo 1_prob.png", "photo 1_provenance.json"]
    )
    out = tmp_path / "out"
    mask = _read(out / "photo 1_mask.png")
    assert mask.dtype == np.uint8 and mask.shape == (64, 96)
    assert set(np.unique(mask)) <= {0, 255}
    assert np.array_equal(mask == 255, prediction.mask)

    probability = _read(out / "photo 1_prob.png")
    assert probability.dtype == np.uint16 and probability.shape == (64, 96)
    expected = np.rint(prediction.probability.astype(np.float64) * 65535).astype(np.uint16)
    assert np.array_equal(probability, expected)

    overlay = cv2.cvtColor(_read(out / "photo 1_overlay.png"), cv2.COLOR_BGR2RGB)
    assert overlay.shape == image.shape and overlay.dtype == np.uint8
    changed = np.any(overlay != image, axis=2)
    assert np.array_equal(changed, prediction.mask), "overlay must differ exactly where the mask is"

    record = json.loads((out / "photo 1_provenance.json").read_text("utf-8"))
    package = unet18_segmenter.package
    assert record["app"] == {"name": "SegDesk", "version": __version__}
    assert record["model"]["name"] == package.name
    assert record["model"]["sha256"] == package.sha256
    assert record["device"] == "cpu"
    assert record["threshold"] == 0.5 and record["threshold_overridden"] is False
    assert record["transform"] == package.transform
    assert record["input"]["path"] == str(photo)
    assert record["input"]["sha256"] == hashlib.sha256(input_bytes).hexdigest()
    assert record["image_size"] == {"height": 64, "width": 96}
    assert record["foreground_pixels"] == int(prediction.mask.sum())
    assert datetime.fromisoformat(record["time"]).tzinfo is not None
    assert photo.read_bytes() == input_bytes
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))


def test_rethresholded_export_records_the_override(unet18_segmenter, photo, tmp_path):
    prediction = unet18_segmenter.predict(load_rgb(photo))
    lowered = prediction.with_threshold(0.3)
    assert lowered.threshold_overridden and not prediction.threshold_overridden
    assert np.array_equal(lowered.mask, prediction.probability > 0.3)
    assert lowered.foreground_pixels >= prediction.foreground_pixels
    assert np.array_equal(prediction.mask, prediction.probability > 0.5)  # original unchanged

    export_prediction(
        load_rgb(photo), lowered, unet18_segmenter.package, photo, tmp_path, outputs=("mask",)
    )
    record = json.loads((tmp_path / "photo 1_provenance.json").read_text("utf-8"))
    assert record["threshold"] == 0.3 and record["training_threshold"] == 0.5
    assert record["threshold_overridden"] is True
    assert record["outputs"] == {"mask": "photo 1_mask.png"}
    assert np.array_equal(_read(tmp_path / "photo 1_mask.png") == 255, lowered.mask)
    assert not (tmp_path / "photo 1_prob.png").exists()


def test_probability_file_is_round_p_times_65535_for_every_value():
    """DESIGN §4: value = round(p × 65535), also where float32 arithmetic would round wrongly."""
    p = np.random.default_rng(0).random((500, 400)).astype(np.float32)
    p[0, :4] = [0.0, 1.0, 0.5, 1e-9]
    expected = np.array([round(float(v) * 65535) for v in p.ravel()], np.uint16).reshape(p.shape)
    assert np.array_equal(probability_image(p), expected)


def test_threshold_is_strict():
    probability = np.array([[0.5, 0.50001], [0.49999, 1.0]], np.float32)
    prediction = Prediction.from_model_probability(probability, (2, 2), threshold=0.5, device="cpu")
    assert prediction.mask.tolist() == [[False, True], [False, True]]


def test_overlay_outline_mode_keeps_size_and_marks_the_border():
    image = np.full((40, 60, 3), 90, np.uint8)
    mask = np.zeros((40, 60), bool)
    mask[10:30, 20:45] = True
    outline = render_overlay(image, mask, outline=True)
    assert outline.shape == image.shape
    changed = np.any(outline != image, axis=2)
    assert changed[10, 30] and not changed[20, 32] and not changed[0, 0]


def test_prediction_arrays_are_read_only(unet18_segmenter, photo):
    prediction = unet18_segmenter.predict(load_rgb(photo))
    for array in (prediction.model_probability, prediction.probability, prediction.mask):
        with pytest.raises(ValueError):
            array[0, 0] = 0
