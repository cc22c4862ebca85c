"""The fast CPU engine (`cpu-fast`, ONNX Runtime): faithful within 100 ppm, cached, and refused
when it is not faithful. Uses a small package (Unet-resnet18 at 128×128) to stay quick."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

import torch  # noqa: E402

from desktop.core import fast_engine, paths  # noqa: E402
from desktop.core.errors import DeviceError  # noqa: E402
from desktop.core.fast_engine import OnnxEngine  # noqa: E402
from desktop.core.model_loader import build_transform, load_network  # noqa: E402
from desktop.core.package import read_package  # noqa: E402
from desktop.core.verify import APPROXIMATE_TOLERANCE_PPM  # noqa: E402


def _frame(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    import cv2

    coarse = rng.random((height // 16, width // 16, 3)).astype(np.float32)
    smooth = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC)
    noisy = smooth * 230 + rng.normal(0, 6, smooth.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    import albumentations as A
    from albumentations.pytorch import ToTensorV2

    from desktop.core.checkpoint import build_network
    from desktop.core.package_writer import write_package

    torch.manual_seed(0)
    network = build_network("Unet", "resnet18").eval()
    transform = A.Compose(
        [
            A.Resize(128, 128),
            A.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
            ToTensorV2(),
        ]
    )
    rng = np.random.default_rng(5)
    images = [_frame(rng, h, w) for h, w in ((120, 160), (200, 150), (96, 96))]
    folder = write_package(
        tmp_path_factory.mktemp("pkg") / "small-unet",
        model=network,
        name="small-unet",
        architecture="Unet",
        encoder="resnet18",
        transform=transform,
        reference_images=images,
    )
    return read_package(folder)


@pytest.fixture(scope="module")
def network(package):
    return load_network(package)


@pytest.fixture(scope="module")
def pristine_graph(network, tmp_path_factory):
    """One export for the whole module; tests that need a cached graph get a copy."""
    return fast_engine.export_onnx(network, tmp_path_factory.mktemp("graph") / "graph.onnx")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(paths, "cache_dir", lambda: folder)
    return folder


@pytest.fixture
def cached_graph(package, pristine_graph):
    """The cache as a previous start left it (graph exported, not yet checked on this start)."""
    import shutil

    path = fast_engine.cache_path(package)
    path.parent.mkdir(parents=True)
    shutil.copyfile(pristine_graph, path)
    return path


@pytest.fixture
def exports(monkeypatch):
    """Counts real exports."""
    calls = []
    original = fast_engine.export_onnx

    def counting(network, dest):
        calls.append(dest)
        return original(network, dest)

    monkeypatch.setattr(fast_engine, "export_onnx", counting)
    return calls


def test_matches_the_reference_cases_within_tolerance(package, network, exports):
    engine = OnnxEngine.for_package(package, network)
    assert len(exports) == 1
    assert (
        engine.model_path
        == paths.cache_dir() / "onnx" / f"{package.sha256}-opset{fast_engine.OPSET}.onnx"
    )
    assert engine.verification is not None and not engine.verification.cached
    assert engine.verification.cases == 3
    assert engine.verification.mismatched_ppm <= APPROXIMATE_TOLERANCE_PPM
    assert engine.verification.max_probability_difference < 1e-3

    # Same probabilities as the exact engine on an image, sigmoid applied by torch.
    transform = build_transform(package)
    image = _frame(np.random.default_rng(9), 140, 180)
    x = transform(image=image)["image"]
    with torch.inference_mode():
        exact = torch.sigmoid(network(x.unsqueeze(0)))[0, 0].numpy()
    fast = engine.probability(x)
    assert fast.shape == exact.shape == (128, 128) and fast.dtype == np.float32
    assert np.max(np.abs(fast - exact)) < 1e-3
    logits = torch.from_numpy(engine.logits(x.numpy()[None]))
    assert np.array_equal(fast, torch.sigmoid(logits)[0, 0].numpy())


def test_segmenter_and_verify_on_the_fast_device(package, cached_graph):
    from desktop.core.segmenter import Segmenter
    from desktop.core.verify import verify_package

    segmenter = Segmenter(package, "cpu-fast")
    assert segmenter.device.id == "cpu-fast" and not segmenter.device.exact
    assert segmenter.fallback_reason is None
    report = verify_package(segmenter)
    assert report.passed and report.tolerance_ppm == APPROXIMATE_TOLERANCE_PPM
    prediction = segmenter.predict(_frame(np.random.default_rng(1), 90, 70))
    assert prediction.device == "cpu-fast" and prediction.mask.shape == (90, 70)


def test_second_creation_reuses_the_graph_and_the_pass(
    package, network, exports, cached_graph, monkeypatch
):
    first = OnnxEngine.for_package(package, network)
    assert exports == [] and not first.verification.cached
    mtime = first.model_path.stat().st_mtime_ns

    def no_rerun(self, package):
        raise AssertionError("the reference cases ran again although the pass is cached")

    monkeypatch.setattr(OnnxEngine, "_run_reference_cases", no_rerun)
    second = OnnxEngine.for_package(package, network)
    assert exports == []
    assert second.model_path.stat().st_mtime_ns == mtime
    assert second.verification.cached
    assert second.verification.mismatched_ppm == first.verification.mismatched_ppm
    assert [p.name for p in second.model_path.parent.iterdir() if p.name.endswith(".part")] == []


def test_a_pass_recorded_for_another_onnxruntime_is_checked_again(
    package, network, exports, cached_graph
):
    engine = OnnxEngine.for_package(package, network)
    record_path = engine.model_path.with_suffix(".verified.json")
    record = json.loads(record_path.read_text())
    record["key"]["onnxruntime"] = "0.0.1"
    record_path.write_text(json.dumps(record))
    again = OnnxEngine.for_package(package, network)
    assert exports == [] and not again.verification.cached


@pytest.mark.parametrize("damage", [b"", b"not an onnx graph", "truncate"])
def test_a_corrupt_cache_file_is_rebuilt(package, network, exports, cached_graph, damage):
    path = cached_graph
    if damage == "truncate":
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size // 3)
    else:
        path.write_bytes(damage)
    rebuilt = OnnxEngine.for_package(package, network)
    assert len(exports) == 1
    assert path.stat().st_size > 1_000_000
    assert not rebuilt.verification.cached  # a new graph is checked again
    assert rebuilt.verification.mismatched_ppm <= APPROXIMATE_TOLERANCE_PPM


def test_an_unfaithful_engine_is_refused_with_a_clear_message(
    package, network, cached_graph, monkeypatch
):
    from desktop.core.segmenter import Segmenter

    honest = OnnxEngine.logits
    monkeypatch.setattr(OnnxEngine, "logits", lambda self, batch: -honest(self, batch))
    with pytest.raises(DeviceError) as caught:
        OnnxEngine.for_package(package, network)
    message = str(caught.value)
    assert "small-unet" in message and "per million" in message
    assert "tolerance 100" in message and "exact CPU" in message
    assert not fast_engine.cache_path(package).with_suffix(".verified.json").exists()
    with pytest.raises(DeviceError):
        Segmenter(package, "cpu-fast")  # never silently replaced by something else


def test_a_previous_pass_does_not_cover_a_changed_graph(
    package, network, cached_graph, monkeypatch
):
    engine = OnnxEngine.for_package(package, network)
    os.utime(engine.model_path, ns=(1, 1))  # the graph file changed after its check
    honest = OnnxEngine.logits
    monkeypatch.setattr(OnnxEngine, "logits", lambda self, batch: -honest(self, batch))
    with pytest.raises(DeviceError):
        OnnxEngine.for_package(package, network)


def test_the_fast_engine_is_offered_but_never_chosen_automatically():
    from desktop.core.devices import available_devices, resolve_device

    ids = [device.id for device in available_devices()]
    assert "cpu-fast" in ids and ids[0] == "cpu"
    assert resolve_device("auto").device.id != "cpu-fast"
    assert fast_engine.physical_cores() >= 1


@pytest.mark.parametrize(
    "shape", [(1, 1, 256, 256), (1, 1, 100, 77), (1, 1, 8, 8), (1, 1, 384, 288)]
)
def test_the_sigmoid_is_torch_sigmoid_bit_for_bit(shape):
    logits = torch.randn(shape, generator=torch.Generator().manual_seed(3)) * 8
    assert torch.equal(fast_engine.sigmoid(logits), torch.sigmoid(logits))
