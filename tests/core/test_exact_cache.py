"""The exact engine beside an approximate one, from its cached trace: the eager network's bits,
no smp import in a fresh process, and any trouble with the cached file means the eager network."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from desktop.core import exact_cache, paths  # noqa: E402
from desktop.core.engines import TorchEngine  # noqa: E402
from desktop.core.model_loader import load_network  # noqa: E402
from desktop.core.package import read_package  # noqa: E402


@pytest.fixture
def package(unet18):
    return read_package(unet18.package_dir)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(paths, "cache_dir", lambda: folder)
    return folder


def _inputs(package) -> list:
    generator = torch.Generator().manual_seed(3)
    reference = exact_cache._reference_inputs(package)
    return [*reference, *torch.randn(3, *reference.shape[1:], generator=generator)]


def test_the_trace_is_kept_and_gives_the_eager_networks_bits(package):
    first = exact_cache.exact_network(package)  # no trace yet: the eager network, trace kept
    assert not isinstance(first, torch.jit.ScriptModule)
    assert exact_cache.cache_path(package).is_file()
    second = exact_cache.exact_network(package)
    assert isinstance(second, torch.jit.ScriptModule)
    eager, traced = TorchEngine(load_network(package), "cpu"), TorchEngine(second, "cpu")
    for x in _inputs(package):
        assert np.array_equal(traced.probability(x), eager.probability(x))


def test_a_fresh_process_builds_it_without_importing_smp(package, tmp_path):
    exact_cache.exact_network(package)  # the first process keeps the trace
    code = (
        "import sys; from pathlib import Path; from desktop.core import exact_cache, paths; "
        "from desktop.core.package import read_package; "
        f"paths.cache_dir = lambda: Path({str(paths.cache_dir())!r}); "
        f"network = exact_cache.exact_network(read_package(Path({str(package.folder)!r}))); "
        "print(type(network).__name__, 'segmentation_models_pytorch' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["RecursiveScriptModule", "False"]


def test_a_damaged_trace_is_replaced_by_the_eager_network_and_made_again(package):
    path = exact_cache.cache_path(package)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 not a TorchScript archive")
    network = exact_cache.exact_network(package)
    assert not isinstance(network, torch.jit.ScriptModule)
    assert isinstance(exact_cache.exact_network(package), torch.jit.ScriptModule)


def test_a_trace_that_differs_from_the_eager_network_is_not_kept(package, monkeypatch):
    real_trace = torch.jit.trace

    def off_by_a_little(network, example, **kwargs):
        class Shifted(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.network = network

            def forward(self, x):
                return self.network(x) + 1e-6

        return real_trace(Shifted(), example, **kwargs)

    monkeypatch.setattr(torch.jit, "trace", off_by_a_little)
    network = exact_cache.exact_network(package)
    assert not isinstance(network, torch.jit.ScriptModule)
    assert not exact_cache.cache_path(package).exists()


def test_the_fast_segmenters_exact_engine_uses_the_trace(package, monkeypatch):
    from desktop.core.segmenter import Segmenter

    pytest.importorskip("openvino")
    exact_cache.exact_network(package)
    segmenter = Segmenter(package, "cpu-fast")
    image = np.random.default_rng(1).integers(0, 255, (90, 120, 3), dtype=np.uint8)
    probability = segmenter.exact_model_probability(image)
    assert isinstance(segmenter.prepare_exact()._network, torch.jit.ScriptModule)
    eager = Segmenter(package, "cpu").model_probability(image)[0]
    assert np.array_equal(probability, eager)
