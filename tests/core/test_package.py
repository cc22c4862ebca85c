"""Model packages (DESIGN §3): every manifest problem is named, damaged weights are caught, strict
loading is summarised, and a hostile weights file never runs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import torch

from desktop.core import package as package_module
from desktop.core.errors import ModelPackageError
from desktop.core.package import (
    MANIFEST_NAME,
    check_weights_sha256,
    discover_packages,
    file_sha256,
    find_package,
    read_package,
)
from desktop.core.segmenter import Segmenter

REQUIRED_FIELDS = (
    "format", "name", "architecture", "encoder", "in_channels", "classes", "transform",
    "loader", "activation", "threshold", "weights", "sha256",
)  # fmt: skip


@pytest.fixture(scope="module")
def real_manifest(unet18) -> dict:
    return json.loads((unet18.package_dir / MANIFEST_NAME).read_text("utf-8"))


def _lightweight_package(folder: Path, manifest: dict) -> Path:
    """A package folder whose weights file is a stand-in: enough for manifest validation."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    weights = manifest.get("weights")
    if isinstance(weights, str) and "/" not in weights and weights not in ("", ".", ".."):
        (folder / weights).write_bytes(b"stand-in")
    return folder


def _copy_package(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination)
    return destination


def test_the_real_manifest_is_valid(real_manifest, unet18, tmp_path):
    package = read_package(_lightweight_package(tmp_path / "p", real_manifest))
    assert package.name == "unet18" and package.architecture == "Unet"
    assert package.encoder == "resnet18" and package.input_size == (256, 256)
    assert package.threshold == 0.5 and package.loader == "opencv-rgb"
    assert package.activation == "sigmoid" and package.classes == 1 and package.in_channels == 3
    assert set(REQUIRED_FIELDS) <= set(real_manifest)
    assert real_manifest["sha256"] == file_sha256(unet18.package_dir / real_manifest["weights"])
    assert package.transform_summary() == "Resize → Normalize → ToTensorV2"


def test_written_package_is_readable_by_others(unet18):
    """A package is meant to be shared (copied to a models folder, bundled): no private modes."""
    from desktop.core.atomic import DEFAULT_FILE_MODE

    folder = unet18.package_dir
    assert folder.stat().st_mode & 0o777 == 0o755
    for path in folder.rglob("*"):
        expected = 0o755 if path.is_dir() else DEFAULT_FILE_MODE
        assert path.stat().st_mode & 0o777 == expected, path


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_each_missing_field_is_named(field, real_manifest, tmp_path):
    manifest = {k: v for k, v in real_manifest.items() if k != field}
    folder = _lightweight_package(tmp_path / "p", manifest)
    with pytest.raises(ModelPackageError) as caught:
        read_package(folder)
    message = str(caught.value)
    assert f"'{field}' is missing" in message, message
    assert str(folder / MANIFEST_NAME) in message


INVALID_VALUES = [
    ("format", 2), ("format", "1"), ("format", 1.0),
    ("name", "../evil"), ("name", ""), ("name", "has space"), ("name", "x" * 65), ("name", 7),
    ("architecture", "Unet; rm -rf"), ("architecture", ["Unet"]),
    ("encoder", "   "), ("encoder", None),
    ("in_channels", 1), ("in_channels", "3"), ("in_channels", True),
    ("classes", 2), ("classes", 0), ("classes", False),
    ("transform", {}), ("transform", "Resize(256)"), ("transform", {"transform": "x"}),
    ("loader", "pil-rgb"), ("loader", None),
    ("activation", "softmax"), ("activation", "none"),
    ("threshold", 1.5), ("threshold", -0.1), ("threshold", "0.5"), ("threshold", True),
    ("threshold", float("nan")),
    ("weights", "../model.safetensors"), ("weights", "/etc/model.safetensors"),
    ("weights", "sub/model.safetensors"), ("weights", "model.txt"), ("weights", ""),
    ("weights", ".."), ("weights", 5),
    ("sha256", "abc"), ("sha256", "A" * 64), ("sha256", "g" * 64), ("sha256", None),
]  # fmt: skip


@pytest.mark.parametrize(("field", "value"), INVALID_VALUES, ids=lambda v: repr(v)[:20])
def test_each_invalid_field_is_named(field, value, real_manifest, tmp_path):
    manifest = {**real_manifest, field: value}
    folder = _lightweight_package(tmp_path / "p", manifest)
    with pytest.raises(ModelPackageError) as caught:
        read_package(folder)
    message = str(caught.value)
    assert f"'{field}'" in message, message
    assert "missing" not in message or field == "weights", message


def test_all_problems_are_reported_at_once(real_manifest, tmp_path):
    manifest = {**real_manifest, "classes": 3, "loader": "pil"}
    del manifest["encoder"]
    with pytest.raises(ModelPackageError) as caught:
        read_package(_lightweight_package(tmp_path / "p", manifest))
    for field in ("classes", "loader", "encoder"):
        assert f"'{field}'" in str(caught.value)


def test_weights_outside_the_package_are_refused_even_if_present(real_manifest, tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"outside")
    folder = _lightweight_package(
        tmp_path / "p", {**real_manifest, "weights": "../model.safetensors"}
    )
    with pytest.raises(ModelPackageError, match="'weights'"):
        read_package(folder)


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("no-folder", "does not exist"),
        ("no-manifest", "no model.json"),
        ("bad-json", "not valid JSON"),
        ("json-list", "JSON object"),
        ("no-weights", "weights file 'model.safetensors' is missing"),
    ],
)
def test_unreadable_packages(setup, reason, real_manifest, tmp_path):
    folder = tmp_path / "p"
    if setup != "no-folder":
        folder.mkdir()
    if setup == "bad-json":
        (folder / MANIFEST_NAME).write_text("{not json", "utf-8")
    elif setup == "json-list":
        (folder / MANIFEST_NAME).write_text("[1, 2]", "utf-8")
    elif setup == "no-weights":
        (folder / MANIFEST_NAME).write_text(json.dumps(real_manifest), "utf-8")
    with pytest.raises(ModelPackageError, match=reason) as caught:
        read_package(folder)
    assert str(folder) in str(caught.value)


def test_flipped_byte_in_weights_is_detected(unet18, tmp_path):
    folder = _copy_package(unet18.package_dir, tmp_path / "damaged")
    package = read_package(folder)
    check_weights_sha256(package)  # intact copy passes
    with open(package.weights_path, "r+b") as handle:
        handle.seek(package.weights_path.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0x01]))
    with pytest.raises(ModelPackageError, match="damaged or was replaced"):
        check_weights_sha256(package)
    with pytest.raises(ModelPackageError, match="damaged or was replaced") as caught:
        Segmenter(package, "cpu")
    assert str(folder) in str(caught.value)


def test_resnet18_weights_under_a_resnet34_manifest_fail_strictly(unet18, tmp_path):
    folder = _copy_package(unet18.package_dir, tmp_path / "wrong-encoder")
    manifest = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    manifest["encoder"] = "resnet34"
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelPackageError) as caught:
        Segmenter(read_package(folder), "cpu")
    message = str(caught.value)
    assert "do not fit this architecture" in message
    assert "missing (e.g. encoder.layer1.2." in message  # resnet34 has a 3rd block in layer1
    assert "Traceback" not in message and len(message) < 1000


@pytest.mark.filterwarnings("ignore:Transform NoSuchThing")
def test_transform_that_cannot_be_rebuilt_is_reported(unet18, real_manifest, tmp_path):
    folder = tmp_path / "bad-transform"
    folder.mkdir()
    os.symlink(unet18.package_dir / "model.safetensors", folder / "model.safetensors")
    manifest = {**real_manifest, "transform": {"transform": {"__class_fullname__": "NoSuchThing"}}}
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelPackageError, match="transform"):
        Segmenter(read_package(folder), "cpu")


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
def test_hostile_weights_inside_a_package_never_run(real_manifest, tmp_path):
    sentinel = tmp_path / "SENTINEL"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch '{sentinel}'",))

    folder = tmp_path / "evil-package"
    folder.mkdir()
    torch.save({"encoder.conv1.weight": Payload()}, folder / "model.pth")
    manifest = {
        **real_manifest,
        "weights": "model.pth",
        "sha256": file_sha256(folder / "model.pth"),
    }
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelPackageError, match="Refused to load"):
        Segmenter(read_package(folder), "cpu")
    assert not sentinel.exists()


def test_find_package_by_folder_and_by_name(unet18, tmp_path, monkeypatch):
    models = tmp_path / "models"
    _copy_package(unet18.package_dir, models / "unet18")
    _lightweight_package(models / "broken", {"format": 1})
    monkeypatch.setenv("SEGDESK_MODELS", str(models))
    monkeypatch.setattr(package_module.paths, "bundled_models_dir", lambda: tmp_path / "none")

    by_folder = find_package(str(unet18.package_dir))
    assert by_folder.folder == unet18.package_dir and not by_folder.bundled
    by_name = find_package("unet18")
    assert by_name.folder == models / "unet18" and by_name.sha256 == by_folder.sha256

    with pytest.raises(ModelPackageError, match="No model package named 'nope'"):
        find_package("nope")
    with pytest.raises(ModelPackageError, match="No bundled model package"):
        find_package(None)
    with pytest.raises(ModelPackageError, match="No model package named"):
        find_package("../models/unet18")  # names are names, not paths out of the folder
    not_a_package = tmp_path / "checkpoints"
    not_a_package.mkdir()
    (not_a_package / "best.pth").write_bytes(b"not read")
    with pytest.raises(ModelPackageError, match="folder but not a SegDesk model package"):
        find_package(str(not_a_package))
    with pytest.raises(ModelPackageError, match="is a file.*'import' command"):
        find_package(str(not_a_package / "best.pth"))

    listing = discover_packages()
    assert [p.name for p in listing.packages] == ["unet18"]
    assert [folder.name for folder, _ in listing.problems] == ["broken"]
