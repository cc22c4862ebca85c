"""The audit of approximate engines (DESIGN §7): which images are checked against the exact
engine, how disagreement is counted, and what run.json, the console and provenance say."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
from helpers import write_test_image

from desktop.core.batch import BatchOptions, BatchRun
from desktop.core.devices import Device
from desktop.core.errors import BatchError
from desktop.core.export import export_prediction, provenance
from desktop.core.fast.audit import (
    DEFAULT_AUDIT_FRACTION,
    BatchAudit,
    audit_indices,
    describe,
    disagreement_ppm,
    warm_exact_engine,
)
from desktop.core.package import read_package
from desktop.core.prediction import Prediction


def test_audit_samples_the_first_image_then_spread_evenly():
    assert DEFAULT_AUDIT_FRACTION == 0.02
    assert audit_indices(120, 0.02) == [0, 40, 80]  # ceil(2.4) = 3 images, first included
    assert audit_indices(500, 0.02) == list(range(0, 500, 50))
    assert audit_indices(10, 0.02) == [0]  # always at least the first image
    assert audit_indices(1, 0.02) == [0]
    picked = audit_indices(1000, 0.05)
    gaps = np.diff(picked)
    assert picked[0] == 0 and len(picked) == 50 and gaps.min() == gaps.max() == 20


def test_audit_zero_is_off_and_one_is_every_image():
    assert audit_indices(57, 0) == []
    assert audit_indices(57, 1) == list(range(57))
    assert audit_indices(0, 0.5) == []


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_an_impossible_fraction_is_refused(bad):
    with pytest.raises(BatchError, match="--audit"):
        audit_indices(10, bad)


def test_ppm_counts_differing_mask_pixels_per_million():
    a = np.zeros((256, 256), bool)
    b = a.copy()
    assert disagreement_ppm(a, b) == 0.0
    b[0, :4] = True  # 4 of 65,536 pixels
    assert disagreement_ppm(a, b) == pytest.approx(4 / 65536 * 1e6)
    assert disagreement_ppm(b, a) == disagreement_ppm(a, b)
    assert disagreement_ppm(a, ~a) == 1e6
    with pytest.raises(ValueError):
        disagreement_ppm(a, np.zeros((10, 10), bool))


class ApproximateSegmenter:
    """A stand-in `cpu-bf16` segmenter: exact probabilities from a fixed pattern, the
    'approximate' ones with `flips` pixels pushed across the threshold."""

    device = Device("cpu-bf16", "CPU bf16 (approximate)", "openvino", "bf16")
    precision = "bf16"
    threshold = 0.5
    fallback_reason = None

    def __init__(self, package, flips: int = 13) -> None:
        self.package = package
        self.flips = flips
        self.exact_calls = 0

    def exact_model_probability(self, image: np.ndarray) -> np.ndarray:
        self.exact_calls += 1
        ys, xs = np.mgrid[0:64, 0:64]
        return ((xs + ys) / 126.0).astype(np.float32)

    def predict(self, image: np.ndarray) -> Prediction:
        probability = self.exact_model_probability(image).copy()
        self.exact_calls -= 1  # not an audit call
        flat = probability.reshape(-1)
        flat[: self.flips] = 1.0 - flat[: self.flips]  # cross the threshold
        return Prediction.from_model_probability(
            probability, image.shape[:2], threshold=0.5, device=self.device.id, precision="bf16"
        )


@pytest.fixture
def seven_photos(tmp_path) -> Path:
    folder = tmp_path / "in"
    for index in range(7):
        write_test_image(folder / f"p{index}.png", 30 + index, 40, index)
    return folder


def test_run_json_of_an_approximate_batch_has_precision_and_the_audit_block(
    unet18, seven_photos, tmp_path, capsys
):
    segmenter = ApproximateSegmenter(read_package(unet18.package_dir))
    out = tmp_path / "out"
    run = BatchRun(segmenter, BatchOptions(seven_photos, out, audit=0.3))
    assert all(result.status == "ok" for result in run)
    record = json.loads((out / "run.json").read_text("utf-8"))
    assert record["precision"] == "bf16" and record["device"] == "cpu-bf16"
    audit = record["audit"]
    expected = 1e6 * 13 / 4096
    assert audit["fraction"] == 0.3
    assert [entry["file"] for entry in audit["images"]] == ["p0.png", "p2.png", "p4.png"]
    assert all(entry["ppm"] == pytest.approx(expected, abs=1e-3) for entry in audit["images"])
    assert audit["mean_ppm"] == pytest.approx(expected, abs=1e-3)
    assert audit["max_ppm"] == pytest.approx(expected, abs=1e-3)
    assert segmenter.exact_calls == 3
    assert run.summary is not None and run.summary.audit == audit
    text = describe(run.summary.audit)
    assert "3 images checked" in text and f"mean {expected:.1f} ppm" in text


def test_audit_off_still_says_so_and_every_image_can_be_checked(unet18, seven_photos, tmp_path):
    segmenter = ApproximateSegmenter(read_package(unet18.package_dir))
    run = BatchRun(segmenter, BatchOptions(seven_photos, tmp_path / "off", audit=0.0))
    list(run)
    audit = json.loads((tmp_path / "off" / "run.json").read_text())["audit"]
    assert audit == {"images": [], "mean_ppm": None, "max_ppm": None, "fraction": 0.0}
    assert segmenter.exact_calls == 0 and "no image checked" in describe(audit)
    run = BatchRun(segmenter, BatchOptions(seven_photos, tmp_path / "all", audit=1.0))
    list(run)
    audit = json.loads((tmp_path / "all" / "run.json").read_text())["audit"]
    assert len(audit["images"]) == 7 and segmenter.exact_calls == 7


def test_an_exact_batch_has_fp32_and_no_audit(unet18_segmenter, seven_photos, tmp_path):
    list(BatchRun(unet18_segmenter, BatchOptions(seven_photos, tmp_path / "out", audit=1.0)))
    record = json.loads((tmp_path / "out" / "run.json").read_text())
    assert record["precision"] == "fp32" and "audit" not in record


def test_a_failing_exact_engine_is_recorded_not_fatal(unet18, seven_photos, tmp_path):
    segmenter = ApproximateSegmenter(read_package(unet18.package_dir))
    audit = BatchAudit.plan(["a.png"], 1.0)

    def broken(image):
        raise RuntimeError("out of memory")

    segmenter.exact_model_probability = broken
    prediction = Prediction.from_model_probability(
        np.zeros((64, 64), np.float32), (64, 64), threshold=0.5, device="cpu-bf16"
    )
    assert audit.check(segmenter, "a.png", np.zeros((64, 64, 3), np.uint8), prediction) is None
    record = audit.record()
    assert record["mean_ppm"] is None and "out of memory" in record["images"][0]["error"]


def test_provenance_carries_precision_and_the_measured_ppm(unet18, tmp_path):
    package = read_package(unet18.package_dir)
    prediction = Prediction.from_model_probability(
        np.full((8, 8), 0.7, np.float32), (8, 8), threshold=0.5, device="cpu-bf16",
        precision="bf16",
    )  # fmt: skip
    record = provenance(prediction, package, None, {})
    assert record["precision"] == "bf16" and "exact_disagreement_ppm" not in record
    written = export_prediction(
        np.zeros((8, 8, 3), np.uint8), prediction, package, None, tmp_path,
        outputs=("mask",), exact_disagreement_ppm=152.5878,
    )  # fmt: skip
    saved = json.loads(written[-1].read_text())
    assert saved["precision"] == "bf16" and saved["exact_disagreement_ppm"] == 152.588
    exact = Prediction.from_model_probability(
        np.zeros((8, 8), np.float32), (8, 8), threshold=0.5, device="cpu"
    )
    assert provenance(exact, package, None, {})["precision"] == "fp32"


def test_a_batch_runs_opencv_single_threaded_and_restores_it(unet18, seven_photos, tmp_path):
    import cv2

    seen = []

    class Recording(ApproximateSegmenter):
        def predict(self, image):
            seen.append(cv2.getNumThreads())
            return super().predict(image)

    before = cv2.getNumThreads()
    segmenter = Recording(read_package(unet18.package_dir))
    list(BatchRun(segmenter, BatchOptions(seven_photos, tmp_path / "o")))
    assert seen and set(seen) == {1}
    assert cv2.getNumThreads() == before


class _Recorder:
    """An approximate segmenter that records where and how its exact engine was built."""

    device = ApproximateSegmenter.device

    def __init__(self) -> None:
        self.built_on: list[tuple[str, int | None]] = []

    def prepare_exact(self):
        import torch

        from desktop.core.thread_budget import use_torch_threads_here

        use_torch_threads_here()  # what the exact engine does before each forward
        self.built_on.append((threading.current_thread().name, torch.get_num_threads()))


def test_warming_builds_an_approximate_devices_exact_engine_beside_with_one_thread():
    segmenter = _Recorder()
    thread = warm_exact_engine(segmenter)
    assert thread is not None
    thread.join(10)
    assert segmenter.built_on == [("segdesk-exact-warm-up", 1)]


def test_warming_an_exact_device_builds_nothing(unet18_segmenter):
    assert warm_exact_engine(unet18_segmenter) is None
