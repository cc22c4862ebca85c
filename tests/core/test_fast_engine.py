"""The fast CPU engines (`cpu-fast` fp32 and `cpu-bf16`, OpenVINO): faithful within 100 ppm,
compiled once and cached, and refused when not faithful. A small package (Unet-resnet18 at
128×128) keeps it quick; bf16 tests run only where the CPU computes bf16 natively."""

from __future__ import annotations

import json
import os
import threading

import numpy as np
import pytest

pytest.importorskip("openvino")

import torch  # noqa: E402

from desktop.core import paths  # noqa: E402
from desktop.core.errors import DeviceError  # noqa: E402
from desktop.core.fast import cache, cpu, onnx_export  # noqa: E402
from desktop.core.fast import engine as fast_engine
from desktop.core.fast.engine import FastEngine  # noqa: E402
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
    return onnx_export.export_onnx(network, tmp_path_factory.mktemp("graph") / "graph.onnx")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(paths, "cache_dir", lambda: folder)
    return folder


@pytest.fixture
def cached_graph(package, pristine_graph):
    """The cache as a previous start left it (graph exported, not yet checked on this start)."""
    import shutil

    path = onnx_export.cache_path(package)
    path.parent.mkdir(parents=True)
    shutil.copyfile(pristine_graph, path)
    return path


@pytest.fixture
def exports(monkeypatch):
    """Counts real exports."""
    calls = []
    original = onnx_export.export_onnx

    def counting(network, dest):
        calls.append(dest)
        return original(network, dest)

    monkeypatch.setattr(fast_engine, "export_onnx", counting)
    return calls


@pytest.fixture
def compiles(monkeypatch):
    """Counts real compilations (a cache hit imports instead)."""
    calls = []
    original = FastEngine._compile

    def counting(core, package, network, config):
        calls.append(config["INFERENCE_PRECISION_HINT"])
        return original(core, package, network, config)

    monkeypatch.setattr(FastEngine, "_compile", staticmethod(counting))
    return calls


needs_bf16 = pytest.mark.skipif(
    not cpu.native_bf16(), reason="this CPU has no native bf16 (AVX-512 BF16 or AMX)"
)


def test_fp32_matches_the_reference_cases_and_the_exact_engine(package, network, exports):
    engine = FastEngine.for_package(package, network, "fp32")
    assert len(exports) == 1 and exports[0] == onnx_export.cache_path(package)
    assert engine.precision == "fp32" and engine.device == "cpu-fast"
    assert engine.actual_precision == "fp32" and engine.compiled_from == "onnx"
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
    assert segmenter.precision == "fp32" and segmenter.fallback_reason is None
    report = verify_package(segmenter)
    assert report.passed and report.tolerance_ppm == APPROXIMATE_TOLERANCE_PPM
    prediction = segmenter.predict(_frame(np.random.default_rng(1), 90, 70))
    assert prediction.device == "cpu-fast" and prediction.mask.shape == (90, 70)
    assert prediction.precision == "fp32"


def test_the_compiled_model_is_cached_per_precision_and_reused(
    package, network, exports, compiles, cached_graph, monkeypatch
):
    first = FastEngine.for_package(package, network, "fp32")
    key = fast_engine.cache_key(package, "fp32")
    blob = cache.blob_path(key)
    assert exports == [] and compiles == ["f32"] and blob.is_file()
    assert blob.parent == paths.cache_dir() / "openvino" and not first.verification.cached
    assert key.weights_sha256 == package.sha256 and key.precision == "fp32"
    assert key.runtime.startswith("openvino ") and key.cpu == cpu.capability()
    mtime = blob.stat().st_mtime_ns

    def no_rerun(self, package):
        raise AssertionError("the reference cases ran again although the pass is cached")

    monkeypatch.setattr(FastEngine, "_run_reference_cases", no_rerun)
    second = FastEngine.for_package(package, network, "fp32")
    assert compiles == ["f32"] and second.compiled_from == "cache"
    assert blob.stat().st_mtime_ns == mtime and second.verification.cached
    assert second.verification.mismatched_ppm == first.verification.mismatched_ppm
    assert [p.name for p in blob.parent.iterdir() if p.name.endswith(".part")] == []
    x = np.random.default_rng(2).standard_normal((1, 3, 128, 128)).astype(np.float32)
    assert np.array_equal(first.logits(x), second.logits(x))


def test_a_second_start_needs_no_network_and_is_quick(package, cached_graph, monkeypatch):
    import time

    from desktop.core import segmenter as segmenter_module
    from desktop.core.segmenter import Segmenter

    Segmenter(package, "cpu-fast")  # compiles, checks, stores

    def no_network(package):
        raise AssertionError("the torch network was built although the compiled model is cached")

    monkeypatch.setattr(segmenter_module, "load_network", no_network)
    start = time.perf_counter()
    again = Segmenter(package, "cpu-fast")
    assert time.perf_counter() - start < 2.0  # ~0.1 s idle; generous for a shared machine
    assert again._engine.compiled_from == "cache" and again._engine.verification.cached
    monkeypatch.undo()
    image = _frame(np.random.default_rng(3), 64, 80)
    exact = again.exact_model_probability(image)  # the network is built now, on demand
    assert exact.shape == (128, 128)


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs Linux thread affinity and at least 2 usable CPUs",
)
def test_an_engine_with_fewer_threads_than_cores_pins_no_thread_to_a_core(package, cached_graph):
    """Two parts of a split batch on one node (`--threads 1` each): pinned, OpenVINO confined
    each part's inferring thread to the first core while it inferred, the same core for both,
    and each ran at half speed. The thread must keep every core it may use while it infers."""
    allowed = os.sched_getaffinity(0)
    threads = min(cpu.physical_cores(), len(allowed)) - 1
    if threads < 1:
        pytest.skip("this machine has one physical core: every engine has all of it")
    engine = FastEngine.for_package(package, None, "fp32", threads=threads)
    assert engine._compiled.get_property("ENABLE_CPU_PINNING") is False
    x = np.zeros((3, 128, 128), np.float32)
    started, done = threading.Event(), threading.Event()
    native: list[int] = []

    def infer() -> None:
        native.append(threading.get_native_id())
        started.set()
        for _ in range(30):
            engine.probability(x)
        done.set()

    worker = threading.Thread(target=infer)
    worker.start()
    started.wait()
    masks = set()
    while not done.is_set():  # the mask is narrowed only while an inference runs: look then
        masks.add(frozenset(os.sched_getaffinity(native[0])))  # a thread id, on Linux
    worker.join()
    assert masks <= {frozenset(allowed)}


def test_threads_are_pinned_only_when_they_are_all_the_cores(package, cached_graph, monkeypatch):
    monkeypatch.setattr(cpu, "physical_cores", lambda: 4)
    assert not fast_engine.pin_threads(2) and fast_engine.pin_threads(4)
    engine = FastEngine.for_package(package, None, "fp32", threads=2)
    assert engine._compiled.get_property("ENABLE_CPU_PINNING") is False
    assert engine._streams_model(2, 2).get_property("ENABLE_CPU_PINNING") is False  # 2 of 4
    assert engine._streams_model(4, 4).get_property("ENABLE_CPU_PINNING") is True


def test_the_cache_key_changes_with_each_of_its_parts(package):
    base = fast_engine.cache_key(package, "fp32")
    others = [
        fast_engine.cache_key(package, "bf16"),
        cache.CacheKey("0" * 64, base.runtime, base.precision, base.cpu),
        cache.CacheKey(base.weights_sha256, "openvino 0.0.1", base.precision, base.cpu),
        cache.CacheKey(base.weights_sha256, base.runtime, base.precision, "x86_64:avx2"),
    ]
    paths_ = {cache.blob_path(key) for key in [base, *others]}
    assert len(paths_) == 5


def test_a_pass_recorded_for_another_runtime_is_checked_again(package, network, cached_graph):
    engine = FastEngine.for_package(package, network)
    record_path = cache.record_path(fast_engine.cache_key(package, "fp32"))
    record = json.loads(record_path.read_text())
    record["key"]["cases"] = "changed"
    record_path.write_text(json.dumps(record))
    again = FastEngine.for_package(package, network)
    assert engine.verification is not None and not again.verification.cached


@pytest.mark.parametrize("damage", [b"", b"not a compiled model", "truncate"])
def test_a_corrupt_compiled_model_is_rebuilt(package, network, compiles, cached_graph, damage):
    FastEngine.for_package(package, network)
    blob = cache.blob_path(fast_engine.cache_key(package, "fp32"))
    if damage == "truncate":
        with open(blob, "r+b") as handle:
            handle.truncate(blob.stat().st_size // 3)
    else:
        blob.write_bytes(damage)
    rebuilt = FastEngine.for_package(package, network)
    assert compiles == ["f32", "f32"] and rebuilt.compiled_from == "onnx"
    assert blob.stat().st_size > 1_000_000
    assert not rebuilt.verification.cached  # a new compiled model is checked again


@pytest.mark.parametrize("damage", [b"", b"not an onnx graph"])
def test_a_corrupt_onnx_export_is_redone(package, network, exports, cached_graph, damage):
    cached_graph.write_bytes(damage)
    rebuilt = FastEngine.for_package(package, network)
    assert len(exports) == 1 and cached_graph.stat().st_size > 1_000_000
    assert rebuilt.verification.mismatched_ppm <= APPROXIMATE_TOLERANCE_PPM


def test_an_unfaithful_engine_is_refused_with_a_clear_message(
    package, network, cached_graph, monkeypatch
):
    from desktop.core.segmenter import Segmenter

    honest = FastEngine.logits
    monkeypatch.setattr(FastEngine, "logits", lambda self, batch: -honest(self, batch))
    with pytest.raises(DeviceError) as caught:
        FastEngine.for_package(package, network)
    message = str(caught.value)
    assert "small-unet" in message and "per million" in message
    assert "tolerance 100" in message and "exact CPU" in message
    assert not cache.record_path(fast_engine.cache_key(package, "fp32")).exists()
    with pytest.raises(DeviceError):
        Segmenter(package, "cpu-fast")  # never silently replaced by something else


def test_bf16_is_refused_on_a_cpu_without_native_bf16(package, network, monkeypatch):
    monkeypatch.setattr(cpu, "cpu_flags", lambda: frozenset({"avx2", "fma"}))
    with pytest.raises(DeviceError) as caught:
        FastEngine.for_package(package, network, "bf16")
    message = str(caught.value)
    assert "cpu-bf16" in message and "AVX-512 BF16" in message and "AMX" in message
    assert "cpu-fast" in message


@needs_bf16
def test_bf16_is_refused_where_its_reference_cases_disagree(package, network, cached_graph):
    # An untrained network sits near the threshold everywhere: bf16 flips ~1 % of its pixels.
    with pytest.raises(DeviceError) as caught:
        FastEngine.for_package(package, network, "bf16")
    assert "CPU bf16 (approximate)" in str(caught.value) and "per million" in str(caught.value)


@needs_bf16
@pytest.mark.slow
def test_bf16_runs_in_bf16_close_to_the_exact_engine_on_a_trained_model():
    from desktop.core.fast.audit import compare_with_exact
    from desktop.core.package import find_package
    from desktop.core.segmenter import Segmenter

    package = find_package("demo-unet-resnet34")
    segmenter = Segmenter(package, "cpu-bf16")
    engine = segmenter._engine
    assert engine.precision == "bf16" and engine.actual_precision == "bf16"
    assert engine.verification.mismatched_ppm <= APPROXIMATE_TOLERANCE_PPM
    assert cache.blob_path(fast_engine.cache_key(package, "bf16")).is_file()
    assert segmenter.device.label == "CPU bf16 (approximate)" and segmenter.precision == "bf16"
    from desktop.core.image_io import load_rgb

    image = load_rgb(paths.samples_dir() / "sample-03-800x600.jpg")
    prediction = segmenter.predict(image)
    assert prediction.precision == "bf16" and prediction.device == "cpu-bf16"
    comparison = compare_with_exact(segmenter, image, prediction)
    assert comparison.differing.shape == (256, 256)
    assert comparison.ppm == pytest.approx(1e6 * comparison.differing.mean())
    assert 0 < comparison.ppm < 2000  # close, not equal: bf16 keeps ~3 significant digits
    assert np.max(np.abs(prediction.model_probability - comparison.exact_model_probability)) > 0


def test_the_fast_engines_are_offered_but_never_chosen_automatically():
    from desktop.core.devices import available_devices, resolve_device

    ids = [device.id for device in available_devices()]
    assert "cpu-fast" in ids and ids[0] == "cpu"
    assert ("cpu-bf16" in ids) == cpu.native_bf16()
    assert resolve_device("auto").device.id not in ("cpu-fast", "cpu-bf16")
    assert cpu.physical_cores() >= 1


@pytest.mark.parametrize(
    "shape", [(1, 1, 256, 256), (1, 1, 100, 77), (1, 1, 8, 8), (1, 1, 384, 288)]
)
def test_the_sigmoid_is_torch_sigmoid_bit_for_bit(shape):
    logits = torch.randn(shape, generator=torch.Generator().manual_seed(3)) * 8
    assert torch.equal(fast_engine.sigmoid(logits), torch.sigmoid(logits))


def test_a_full_disk_is_named_as_such_not_hidden_behind_the_fallback_exporter(
    network, tmp_path, monkeypatch
):
    """The legacy exporter failing to write (disk full) must not fall back to the dynamo
    exporter, whose own failure (no onnxscript in the bundle) would hide the reason."""
    import torch

    calls = []

    def full_disk(*args, dynamo, **kwargs):
        calls.append(dynamo)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(torch.onnx, "export", full_disk)
    dest = tmp_path / "onnx" / "graph.onnx"
    with pytest.raises(DeviceError) as caught:
        onnx_export.export_onnx(network, dest)
    message = str(caught.value)
    assert "No space left on device" in message and str(dest.parent) in message
    assert calls == [False] and not list(dest.parent.glob("*.part"))


def test_when_both_exporters_fail_the_first_ones_reason_is_given(network, tmp_path, monkeypatch):
    import torch

    def export(*args, dynamo, **kwargs):
        if dynamo:
            raise ModuleNotFoundError("No module named 'onnxscript'")
        raise RuntimeError("Unsupported: ONNX export of operator foo")

    monkeypatch.setattr(torch.onnx, "export", export)
    with pytest.raises(DeviceError, match="operator foo"):
        onnx_export.export_onnx(network, tmp_path / "graph.onnx")
