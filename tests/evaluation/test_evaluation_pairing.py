"""Pairing images with ground truth (every default suffix, an explicit one, subfolders, one shared
folder) and reading ground truth (grey ≥ 128, JPEG noise, colour, 16-bit, refused files)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop.core.evaluation import (
    DEFAULT_MASK_SUFFIXES,
    EvaluationError,
    GroundTruthError,
    load_ground_truth,
    pair_images,
)


def _touch_image(path: Path, value: int = 0, shape=(6, 8)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), np.full(shape, value, np.uint8))
    return path


def _pairs(images, masks, **options) -> dict[str, str | None]:
    return {
        pair.relative: (pair.mask.relative_to(masks).as_posix() if pair.mask else None)
        for pair in pair_images(images, masks, **options)
    }


@pytest.mark.parametrize("suffix", DEFAULT_MASK_SUFFIXES)
def test_each_default_suffix_is_found(tmp_path, suffix) -> None:
    images, masks = tmp_path / "images", tmp_path / "masks"
    _touch_image(images / "case.jpg")
    _touch_image(masks / f"case{suffix}.png")
    _touch_image(masks / f"other{suffix}.png")  # belongs to no image: ignored
    assert _pairs(images, masks) == {"case.jpg": f"case{suffix}.png"}


def test_default_suffixes_are_tried_in_order(tmp_path) -> None:
    images, masks = tmp_path / "images", tmp_path / "masks"
    _touch_image(images / "a.png")
    _touch_image(images / "b.png")
    for name in ("a_gt.png", "a_seg.png", "a_mask.bmp", "b_gt.png", "b_seg.tif"):
        _touch_image(masks / name)
    assert _pairs(images, masks) == {"a.png": "a_mask.bmp", "b.png": "b_seg.tif"}


def test_explicit_suffix_and_extension_in_any_case(tmp_path) -> None:
    images, masks = tmp_path / "images", tmp_path / "masks"
    _touch_image(images / "a.jpg")
    _touch_image(images / "b.jpg")
    _touch_image(masks / "a.png")  # would win by default
    _touch_image(masks / "a_label.PNG")
    _touch_image(masks / "b.png")
    pairs = {p.relative: p for p in pair_images(images, masks, mask_suffix="_label")}
    assert pairs["a.jpg"].mask == masks / "a_label.PNG"
    assert pairs["b.jpg"].mask is None
    assert "b_label.<image ext>" in pairs["b.jpg"].problem
    assert str(masks) in pairs["b.jpg"].problem


def test_two_candidates_are_a_problem_not_a_guess(tmp_path) -> None:
    images, masks = tmp_path / "images", tmp_path / "masks"
    _touch_image(images / "a.jpg")
    _touch_image(masks / "a_mask.png")
    _touch_image(masks / "a_mask.jpg")
    (pair,) = pair_images(images, masks)
    assert pair.mask is None
    assert "more than one" in pair.problem and "a_mask.jpg" in pair.problem


def test_recursive_folders_mirror_under_masks(tmp_path) -> None:
    images, masks = tmp_path / "images", tmp_path / "masks"
    _touch_image(images / "top.png")
    _touch_image(images / "sub" / "deep" / "x.jpg")
    _touch_image(images / ".hidden" / "y.png")
    _touch_image(masks / "top_mask.png")
    _touch_image(masks / "sub" / "deep" / "x_gt.png")
    _touch_image(masks / "x_gt.png")  # same stem at the top: not x.jpg's ground truth
    assert _pairs(images, masks) == {"top.png": "top_mask.png"}
    assert _pairs(images, masks, recursive=True) == {
        "sub/deep/x.jpg": "sub/deep/x_gt.png",
        "top.png": "top_mask.png",
    }


def test_one_folder_holding_images_and_masks(tmp_path) -> None:
    folder = tmp_path / "data"
    _touch_image(folder / "a.png")
    _touch_image(folder / "a_mask.png")
    _touch_image(folder / "b.jpg")
    _touch_image(folder / "b_seg.png")
    # A file is never its own ground truth, and ground-truth files are not inputs.
    assert _pairs(folder, folder) == {"a.png": "a_mask.png", "b.jpg": "b_seg.png"}


def test_masks_inside_the_images_folder_are_not_inputs(tmp_path) -> None:
    images = tmp_path / "data"
    _touch_image(images / "a.png")
    _touch_image(images / "masks" / "a.png")
    assert _pairs(images, images / "masks", recursive=True) == {"a.png": "a.png"}


def test_unusable_folders_are_refused(tmp_path) -> None:
    _touch_image(tmp_path / "images" / "a.png")
    with pytest.raises(EvaluationError, match="does not exist"):
        pair_images(tmp_path / "images", tmp_path / "nope")
    with pytest.raises(EvaluationError, match="not a folder"):
        pair_images(tmp_path / "images" / "a.png", tmp_path / "images")
    with pytest.raises(EvaluationError, match="separator"):
        pair_images(tmp_path / "images", tmp_path / "images", mask_suffix="../x")


def test_ground_truth_is_grey_at_least_128(tmp_path) -> None:
    grey = np.array([[0, 127, 128, 255]], np.uint8)
    path = tmp_path / "g.png"
    cv2.imwrite(str(path), grey)
    assert load_ground_truth(path).tolist() == [[False, False, True, True]]


def test_jpeg_ground_truth_with_compression_noise(tmp_path) -> None:
    truth = np.zeros((120, 160), bool)
    cv2.circle(truth.view(np.uint8), (70, 60), 37, 1, -1)
    cv2.rectangle(truth.view(np.uint8), (120, 10), (150, 100), 1, -1)
    path = tmp_path / "noisy_mask.jpg"
    cv2.imwrite(str(path), truth.astype(np.uint8) * 255, [cv2.IMWRITE_JPEG_QUALITY, 60])
    decoded = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert set(np.unique(decoded)) - {0, 255}, "the JPEG should really carry noise"
    assert np.array_equal(load_ground_truth(path), truth)


def test_colour_and_16_bit_ground_truth(tmp_path) -> None:
    truth = np.zeros((10, 12), bool)
    truth[2:7, 3:9] = True
    colour = np.zeros((10, 12, 3), np.uint8)
    colour[truth] = (255, 255, 255)
    cv2.imwrite(str(tmp_path / "c.png"), colour)
    cv2.imwrite(str(tmp_path / "d.png"), truth.astype(np.uint16) * 65535)
    assert np.array_equal(load_ground_truth(tmp_path / "c.png"), truth)
    assert np.array_equal(load_ground_truth(tmp_path / "d.png"), truth)


def test_unreadable_and_label_image_ground_truth_are_refused_by_name(tmp_path) -> None:
    broken = tmp_path / "broken_mask.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    with pytest.raises(GroundTruthError, match="broken_mask.png"):
        load_ground_truth(broken)
    labels = tmp_path / "labels.png"
    cv2.imwrite(str(labels), np.eye(4, dtype=np.uint8))
    with pytest.raises(GroundTruthError, match="only the values 0 and 1"):
        load_ground_truth(labels)
