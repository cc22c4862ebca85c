"""Export of a corrected mask (DESIGN §7): the mask as shown, its counts, and the model's mask."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

from desktop.core.editing import EditableMask
from desktop.core.export import export_prediction
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction


def _package() -> ModelPackage:
    return ModelPackage(
        folder=Path("/nonexistent/models/edit-test"), name="edit-test", architecture="Unet",
        encoder="resnet34", in_channels=3, classes=1, transform={"transform": {}},
        loader="opencv-rgb", activation="sigmoid", threshold=0.5, weights="model.safetensors",
        sha256="1" * 64, input_size=(256, 256), description="", training={}, source="tests",
        bundled=False,
    )  # fmt: skip


def _prediction(height: int = 60, width: int = 80) -> Prediction:
    probability = np.zeros((height, width), np.float32)
    probability[10:30, 10:40] = 0.9  # the model's mask: one 20×30 rectangle
    return Prediction.from_model_probability(
        probability, (height, width), threshold=0.5, device="cpu"
    )


def _read_mask(path: Path) -> np.ndarray:
    array = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    assert array is not None and array.dtype == np.uint8 and array.ndim == 2, path
    return array == 255


def test_export_of_edited_mask_writes_shown_mask_model_mask_and_counts(tmp_path):
    prediction = _prediction()
    image = np.full((60, 80, 3), 90, np.uint8)
    edits = EditableMask(prediction.mask, origin="edit-test")
    edits.paint_stroke([(55.0, 45.0), (70.0, 45.0)], size=6)  # a new region
    edits.paint_stroke([(10.0, 20.0), (40.0, 20.0)], size=4, erase=True)  # cut the rectangle
    edited = edits.snapshot()
    assert edited.pixels_added > 0 and edited.pixels_removed > 0

    written = export_prediction(
        image, prediction, _package(), None, tmp_path, stem="frame", edited=edited
    )

    names = sorted(path.name for path in written)
    assert names == sorted([
        "frame_mask.png", "frame_mask_model.png", "frame_overlay.png", "frame_prob.png",
        "frame_provenance.json",
    ])  # fmt: skip
    assert np.array_equal(_read_mask(tmp_path / "frame_mask.png"), edited.mask)
    assert np.array_equal(_read_mask(tmp_path / "frame_mask_model.png"), prediction.mask)
    overlay = cv2.cvtColor(cv2.imread(str(tmp_path / "frame_overlay.png")), cv2.COLOR_BGR2RGB)
    assert np.array_equal(np.any(overlay != image, axis=2), edited.mask)

    record = json.loads((tmp_path / "frame_provenance.json").read_text("utf-8"))
    assert record["edited"] is True
    assert record["pixels_added"] == int((edited.mask & ~prediction.mask).sum())
    assert record["pixels_removed"] == int((prediction.mask & ~edited.mask).sum())
    assert record["foreground_pixels"] == int(edited.mask.sum())
    assert record["components"] == 3  # the new region + the rectangle cut in two
    assert record["base_mask"] == "edit-test"
    assert record["outputs"]["mask_model"] == "frame_mask_model.png"


def test_export_of_unedited_mask_says_so_and_writes_no_model_copy(tmp_path):
    prediction = _prediction()
    image = np.zeros((60, 80, 3), np.uint8)
    edits = EditableMask(prediction.mask, origin="edit-test")
    edit = edits.paint_stroke([(60.0, 50.0)], size=3)
    edits.revert(edit)  # edited and undone: the same mask as the model's

    written = export_prediction(
        image, prediction, _package(), None, tmp_path, outputs={"mask"}, stem="f",
        edited=edits.snapshot(),
    )  # fmt: skip

    assert sorted(p.name for p in written) == ["f_mask.png", "f_provenance.json"]
    record = json.loads((tmp_path / "f_provenance.json").read_text("utf-8"))
    assert record["edited"] is False
    assert record["pixels_added"] == record["pixels_removed"] == 0
    assert record["foreground_pixels"] == prediction.foreground_pixels == 600
