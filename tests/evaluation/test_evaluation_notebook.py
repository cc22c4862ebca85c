"""With a real bundled demo model: the model-resolution Dice of `evaluate` equals what the seed's
notebook validation loop computes — `val_transform(image=img, mask=gt)` applied to image and
mask together, the network built with smp and its state_dict, `torch.sigmoid(...) > 0.5`, Dice
on the transformed mask — image by image. Also checks the shipped demo validation set."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from helpers import seed_val_transform

from desktop.core.evaluation import EvaluationOptions, EvaluationRun, load_ground_truth
from desktop.core.package import find_package
from desktop.core.segmenter import Segmenter

REPO = Path(__file__).resolve().parents[2]
VALIDATION = REPO / "resources" / "validation"
NOTEBOOK_FILES = ("0001.jpg", "0004.jpg", "0015.jpg", "0019.jpg")  # small, empty, 2 lesions, hard


def _notebook_dice(model, image_path: Path, mask_path: Path) -> float:
    """The seed's validation loop, written as a notebook would (no SegDesk code)."""
    import torch

    image = cv2.cvtColor(cv2.imread(str(image_path)), cv2.COLOR_BGR2RGB)
    gt = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE)
    out = seed_val_transform()(image=image, mask=gt)
    x, y = out["image"].unsqueeze(0), (out["mask"] > 127).numpy()
    with torch.no_grad():
        probs = torch.sigmoid(model(x))
    pred = (probs > 0.5)[0, 0].numpy()
    intersection = np.logical_and(pred, y).sum()
    total = pred.sum() + y.sum()
    return 1.0 if total == 0 else float(2 * intersection / total)


@pytest.mark.slow
def test_model_resolution_dice_equals_the_notebook_validation_loop(tmp_path) -> None:
    import segmentation_models_pytorch as smp
    from safetensors.torch import load_file

    package = find_package("demo-unet-resnet34")
    images, masks = tmp_path / "images", tmp_path / "masks"
    images.mkdir()
    masks.mkdir()
    for name in NOTEBOOK_FILES:
        (images / name).write_bytes((VALIDATION / "images" / name).read_bytes())
        mask_name = Path(name).with_suffix(".png").name
        (masks / mask_name).write_bytes((VALIDATION / "masks" / mask_name).read_bytes())
    options = EvaluationOptions(images, masks, tmp_path / "out")
    run = EvaluationRun([Segmenter(package, "cpu")], options)
    rows = {row.file: row for row in run}

    model = smp.Unet(
        encoder_name="resnet34", encoder_weights=None, in_channels=3, classes=1, activation=None
    )
    model.load_state_dict(load_file(str(package.weights_path)), strict=True)
    model.eval()
    for name in NOTEBOOK_FILES:
        expected = _notebook_dice(model, images / name, masks / Path(name).with_suffix(".png"))
        assert rows[name].status == "ok", rows[name].error
        assert rows[name].dice_model_res == expected, name
    assert rows["0004.jpg"].dice_model_res == 1.0  # an empty frame, correctly left empty
    assert len({row.dice_model_res for row in rows.values()}) >= 3  # real, different scores


def test_demo_validation_set_is_complete_small_and_binary() -> None:
    images = sorted((VALIDATION / "images").iterdir())
    masks = sorted((VALIDATION / "masks").iterdir())
    assert len(images) == len(masks) == 24
    assert (VALIDATION / "README.md").is_file()
    total = sum(path.stat().st_size for path in [*images, *masks])
    assert total <= 3 * 1024 * 1024
    for image_path, mask_path in zip(images, masks, strict=True):
        assert image_path.stem == mask_path.stem
        mask = cv2.imread(str(mask_path), cv2.IMREAD_UNCHANGED)
        assert mask.ndim == 2 and set(np.unique(mask)) <= {0, 255}, mask_path
        assert cv2.imread(str(image_path)).shape[:2] == mask.shape, image_path
        assert load_ground_truth(mask_path).sum() == np.count_nonzero(mask)
