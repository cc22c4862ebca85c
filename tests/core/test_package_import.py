"""`import_checkpoint`: notebook checkpoints in their usual shapes become verified packages."""

from __future__ import annotations

import os

import pytest
import torch
from safetensors.torch import save_file

from desktop.core.checkpoint import read_state_dict
from desktop.core.errors import ModelPackageError
from desktop.core.package import file_sha256, read_package
from desktop.core.package_import import detect_architecture, detect_encoder, import_checkpoint
from desktop.core.segmenter import Segmenter
from desktop.core.verify import verify_package


def _state(built):
    return {k: v.detach().clone() for k, v in built.network.state_dict().items()}


def _save(kind, state, path):
    if kind == "bare":
        torch.save(state, path)
    elif kind == "model_state_dict":
        torch.save({"model_state_dict": state, "epoch": 30, "best_dice": 0.8}, path)
    elif kind == "state_dict":
        torch.save({"state_dict": state, "optimizer": {"lr": torch.tensor(1e-3)}}, path)
    elif kind == "module-prefix":
        torch.save({f"module.{k}": v for k, v in state.items()}, path)
    elif kind == "model-prefix":
        torch.save({f"model.{k}": v for k, v in state.items()}, path)
    elif kind == "safetensors":
        save_file({k: v.contiguous() for k, v in state.items()}, str(path))
    else:
        raise AssertionError(kind)


def _assert_same_weights(package, state):
    stored = read_state_dict(package.weights_path)
    assert stored.keys() == state.keys()
    assert all(torch.equal(stored[k], state[k]) for k in state)


def _assert_verifies(package):
    report = verify_package(Segmenter(package, "cpu"))
    assert report.passed and report.mismatched_ppm == 0.0, report.describe()


SHAPES = ["bare", "model_state_dict", "state_dict", "module-prefix", "model-prefix", "safetensors"]


@pytest.mark.parametrize("kind", SHAPES)
def test_checkpoint_shapes_import_to_a_package(kind, unet18, sample_images, tmp_path):
    state = _state(unet18)
    checkpoint = tmp_path / ("ckpt.safetensors" if kind == "safetensors" else "ckpt.pth")
    _save(kind, state, checkpoint)
    checkpoint_bytes = checkpoint.read_bytes()

    folder = import_checkpoint(
        checkpoint, "mine", models_dir=tmp_path / "models",
        reference_images=[sample_images["portrait.jpg"]],
    )  # fmt: skip

    assert folder == tmp_path / "models" / "mine"
    package = read_package(folder)
    assert (package.name, package.architecture, package.encoder) == ("mine", "Unet", "resnet18")
    assert package.threshold == 0.5 and package.input_size == (256, 256)
    assert package.transform_summary() == "Resize → Normalize → ToTensorV2"
    assert package.sha256 == file_sha256(package.weights_path)
    assert file_sha256(checkpoint) in package.source
    _assert_same_weights(package, state)
    if kind in ("model_state_dict", "safetensors"):  # the rest differ only before read_state_dict
        _assert_verifies(package)
    assert checkpoint.read_bytes() == checkpoint_bytes  # the input is never modified
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == ["mine"]  # no leftovers


def test_unetplusplus_is_recognised_and_verifies(unetpp34, sample_images, tmp_path):
    folder = import_checkpoint(
        unetpp34.checkpoint, "plusplus", models_dir=tmp_path,
        reference_images=[sample_images["tiny.png"]],
    )  # fmt: skip
    package = read_package(folder)
    assert (package.architecture, package.encoder) == ("UnetPlusPlus", "resnet34")
    _assert_verifies(package)


@pytest.mark.parametrize(
    ("fixture", "architecture", "encoder"),
    [
        ("unet18", "Unet", "resnet18"),
        ("unet34", "Unet", "resnet34"),
        ("unetpp34", "UnetPlusPlus", "resnet34"),
    ],
)
def test_architecture_and_encoder_are_recognised(fixture, architecture, encoder, request):
    state = read_state_dict(request.getfixturevalue(fixture).checkpoint)
    assert detect_encoder(state) == encoder
    assert detect_architecture(state, encoder) == architecture


def test_resnet50_unet_is_recognised(make_network, tmp_path):
    network = make_network("Unet", "resnet50", seed=50)
    checkpoint = tmp_path / "r50.pth"
    torch.save({"model_state_dict": network.state_dict()}, checkpoint)
    state = read_state_dict(checkpoint)
    assert detect_encoder(state) == "resnet50"
    assert detect_architecture(state, "resnet50") == "Unet"


@pytest.mark.parametrize(
    ("architecture", "encoder", "expected"),
    [("UnetPlusPlus", None, "unexpected"), ("Unet", "resnet34", "missing")],
)
def test_mismatched_explicit_choice_gives_the_key_summary(
    architecture, encoder, expected, unet18, sample_images, tmp_path
):
    with pytest.raises(ModelPackageError) as caught:
        import_checkpoint(
            unet18.checkpoint, "wrong", architecture, encoder, models_dir=tmp_path / "models",
            reference_images=[sample_images["tiny.png"]],
        )  # fmt: skip
    message = str(caught.value)
    assert "do not fit this architecture" in message and expected in message, message
    assert str(unet18.checkpoint) in message
    assert "Traceback" not in message and len(message) < 1000
    models = tmp_path / "models"
    assert not models.exists() or not list(models.iterdir()), "nothing half written"


def test_wrong_explicit_encoder_alone_is_explained(unet18, tmp_path):
    with pytest.raises(ModelPackageError, match="Cannot recognise the model.*pass --architecture"):
        import_checkpoint(unet18.checkpoint, "wrong", None, "resnet34", models_dir=tmp_path)


def test_not_an_smp_model_is_explained(tmp_path, sample_images):
    checkpoint = tmp_path / "other.pth"
    torch.save({"fc.weight": torch.zeros(2, 2), "fc.bias": torch.zeros(2)}, checkpoint)
    with pytest.raises(ModelPackageError, match="Cannot recognise the model"):
        import_checkpoint(
            checkpoint, "x", models_dir=tmp_path, reference_images=[sample_images["tiny.png"]]
        )


def test_bad_name_and_existing_destination(unet18, sample_images, tmp_path):
    with pytest.raises(ModelPackageError, match="Invalid model name"):
        import_checkpoint(unet18.checkpoint, "../escape", models_dir=tmp_path)
    (tmp_path / "taken").mkdir()
    with pytest.raises(ModelPackageError, match="already exists"):
        import_checkpoint(
            unet18.checkpoint,
            "taken",
            models_dir=tmp_path,
            reference_images=[sample_images["tiny.png"]],
        )


def test_hostile_checkpoint_is_refused_by_import(tmp_path, sample_images):
    sentinel = tmp_path / "SENTINEL"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch '{sentinel}'",))

    checkpoint = tmp_path / "evil.pth"
    torch.save({"state_dict": {"encoder.conv1.weight": Payload()}}, checkpoint)
    with pytest.raises(ModelPackageError, match="Refused to load"):
        import_checkpoint(
            checkpoint,
            "evil",
            models_dir=tmp_path / "models",
            reference_images=[sample_images["tiny.png"]],
        )
    assert not sentinel.exists()
    assert not (tmp_path / "models" / "evil").exists()
