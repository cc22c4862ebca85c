"""The fast engines' batch pipeline (issue 20): images side by side on OpenVINO streams give the
same masks, bit for bit, as one image at a time; the audit runs beside the batch and reports what
it reported inline; a bad image or a cancel in the middle loses nothing and does not hang; the
thread budget is respected. A small package (Unet-resnet18 at 128×128) keeps it quick."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import numpy as np
import pytest
from helpers import write_test_image

pytest.importorskip("openvino")

from desktop.core import paths  # noqa: E402
from desktop.core.batch import BatchOptions, BatchRun  # noqa: E402
from desktop.core.fast import cpu  # noqa: E402
from desktop.core.fast.audit import audit_indices, compare_with_exact  # noqa: E402
from desktop.core.image_io import load_rgb  # noqa: E402
from desktop.core.package import read_package  # noqa: E402
from desktop.core.segmenter import Segmenter  # noqa: E402

DEVICES = ["cpu-fast"] + (["cpu-bf16"] if cpu.native_bf16() else [])


@pytest.fixture(scope="module")
def private_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _cache_here(private_cache, monkeypatch):
    monkeypatch.setattr(paths, "cache_dir", lambda: private_cache)


@pytest.fixture(scope="module")
def segmenters(unet18, private_cache):
    """One segmenter per fast device, made once (export and compile are the slow part). The
    untrained test network sits near p = 0.5, where bf16 flips ~1 % of the pixels, so its
    reference-case check (tested in test_fast_engine.py) is skipped: this is about the pipeline."""
    from desktop.core.fast.engine import FastEngine

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths, "cache_dir", lambda: private_cache)
        patch.setattr(FastEngine, "_verify", lambda self, package, key: None)
        made = {device: Segmenter(read_package(unet18.package_dir), device) for device in DEVICES}
    for segmenter in made.values():  # the streams model, as after a first long batch
        with segmenter.engine.stream_workers((1, 1)) as (_, ready):
            ready.result(timeout=120)
    return made


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for index in range(9):
        write_test_image(folder / f"p{index}.png", 60 + 7 * index, 80, index)
    return folder


class OneAtATime:
    """The segmenter without its engine: the batch runs it as before issue 20, one image at a
    time on the calling thread, on the single-image (latency) model."""

    def __init__(self, segmenter) -> None:
        self._segmenter = segmenter

    def __getattr__(self, name):
        if name == "engine":
            raise AttributeError(name)
        return getattr(self._segmenter, name)


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "report.csv").open(newline="", encoding="utf-8") as handle:
        return [{k: v for k, v in row.items() if k != "seconds"} for row in csv.DictReader(handle)]


def _masks(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*_mask.png"))}


def _run(segmenter, photos: Path, out: Path, **options) -> BatchRun:
    saved = frozenset({"mask", "prob"})
    run = BatchRun(segmenter, BatchOptions(photos, out, save=saved, **options))
    finished = threading.Event()
    results = []

    def go() -> None:
        results.extend(run)
        finished.set()

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    assert finished.wait(120), "the batch hung"
    return run


@pytest.mark.parametrize("device", DEVICES)
def test_streams_give_the_masks_of_one_image_at_a_time_bit_for_bit(
    segmenters, device, photos, tmp_path
):
    segmenter = segmenters[device]
    with segmenter.engine.stream_workers((1, 1)) as (_, ready):
        ready.result(timeout=120)  # made once and kept: this batch runs every image on the streams
    threads: list[str] = []
    original = segmenter.predict

    def recording(image):
        threads.append(threading.current_thread().name)
        return original(image)

    segmenter.predict = recording
    try:
        streamed = _run(segmenter, photos, tmp_path / "streams", audit=0.0)
    finally:
        del segmenter.predict
    assert len(threads) == 9 and all(name.startswith("segdesk-openvino") for name in threads)
    single = _run(OneAtATime(segmenter), photos, tmp_path / "single", audit=0.0)
    assert streamed.summary.done == single.summary.done == 9
    assert _masks(tmp_path / "streams") == _masks(tmp_path / "single")
    assert len(_masks(tmp_path / "streams")) == 9
    probabilities = sorted((tmp_path / "single").glob("*_prob.png"))
    assert len(probabilities) == 9
    for path in probabilities:
        assert (tmp_path / "streams" / path.name).read_bytes() == path.read_bytes()
    assert _rows(tmp_path / "streams") == _rows(tmp_path / "single")
    # and the engine's probabilities themselves, not only the 8-bit files
    image = load_rgb(photos / "p3.png")
    with segmenter.engine.stream_workers((1, 1)) as (pool, ready):
        ready.result(timeout=120)
        on_streams = pool.submit(segmenter.model_probability, image).result()[0]
    assert np.array_equal(on_streams, segmenter.model_probability(image)[0])


def test_the_streams_model_takes_the_thread_budget(segmenters):
    engine = segmenters["cpu-fast"].engine
    compiled = engine._streams_model(2, 2)
    assert int(compiled.get_property("NUM_STREAMS")) == 2
    assert int(compiled.get_property("INFERENCE_NUM_THREADS")) <= 2
    assert engine._streams_model(2, 2) is compiled  # made once, kept
    one = engine._streams_model(1, 1)
    assert int(one.get_property("INFERENCE_NUM_THREADS")) == 1


def test_an_engine_capped_at_one_thread_runs_one_image_at_a_time(segmenters, photos, tmp_path):
    segmenter = segmenters["cpu-fast"]
    engine = segmenter.engine
    seen: list[str] = []
    original = segmenter.predict

    def recording(image):
        seen.append(threading.current_thread().name)
        return original(image)

    before = engine.threads
    try:
        engine.threads = 1
        segmenter.predict = recording
        _run(segmenter, photos, tmp_path / "one", audit=0.0)
        assert seen and not any(name.startswith("segdesk-openvino") for name in seen)
        seen.clear()
        engine.threads = 2
        _run(segmenter, photos, tmp_path / "two", audit=0.0)
        assert seen and all(name.startswith("segdesk-openvino") for name in seen)
    finally:
        engine.threads = before
        del segmenter.predict
    assert _masks(tmp_path / "one") == _masks(tmp_path / "two")


def test_a_corrupt_image_among_good_ones_gets_its_row_and_the_rest_are_done(
    segmenters, photos, tmp_path
):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in photos.glob("*.png"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "p4.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    run = _run(segmenters["cpu-fast"], folder, tmp_path / "out", audit=0.0)
    rows = {row["file"]: row for row in _rows(tmp_path / "out")}
    assert len(rows) == 9 and rows["p4.png"]["status"] == "failed"
    assert "p4.png" in rows["p4.png"]["error"]
    assert sum(row["status"] == "ok" for row in rows.values()) == 8
    assert run.summary.failed == 1 and run.summary.done == 8


def test_an_engine_error_mid_run_fails_that_image_only(segmenters, photos, tmp_path):
    segmenter = segmenters["cpu-fast"]
    original = segmenter.predict

    def failing(image):
        if image.shape[0] == 60 + 7 * 5:  # p5.png
            raise RuntimeError("stream lost")
        return original(image)

    segmenter.predict = failing
    try:
        run = _run(segmenter, photos, tmp_path / "out", audit=0.0)
    finally:
        del segmenter.predict
    rows = {row["file"]: row for row in _rows(tmp_path / "out")}
    assert rows["p5.png"]["status"] == "failed" and "stream lost" in rows["p5.png"]["error"]
    assert run.summary.done == 8 and len(rows) == 9


def test_a_cancel_in_the_middle_keeps_what_was_done_and_does_not_hang(segmenters, photos, tmp_path):
    segmenter = segmenters["cpu-fast"]
    cancel = threading.Event()
    run = BatchRun(segmenter, BatchOptions(photos, tmp_path / "out", audit=0.0), cancel)
    done = []
    finished = threading.Event()

    def go() -> None:
        for result in run:
            done.append(result)
            if len(done) == 2:
                cancel.set()
        finished.set()

    threading.Thread(target=go, daemon=True).start()
    assert finished.wait(120), "the cancelled batch hung"
    assert run.summary.cancelled and 2 <= len(done) < 9
    rows = _rows(tmp_path / "out")
    assert [row["file"] for row in rows] == [result.file for result in done]
    assert all(row["status"] == "ok" for row in rows)
    assert len(_masks(tmp_path / "out")) == len(done)  # every reported image has its mask
    journal = (tmp_path / "out" / ".segdesk-journal.jsonl").read_text().splitlines()
    assert len(journal) == len(done)


@pytest.mark.parametrize("device", DEVICES)
def test_the_audit_beside_the_run_reports_what_the_inline_check_measures(
    segmenters, device, photos, tmp_path
):
    segmenter = segmenters[device]
    run = _run(segmenter, photos, tmp_path / "out", audit=0.4)
    audit = json.loads((tmp_path / "out" / "run.json").read_text())["audit"]
    checked = [entry["file"] for entry in audit["images"]]
    assert checked == [f"p{index}.png" for index in audit_indices(9, 0.4)]  # 0, 2, 4, 6
    expected = {}
    for name in checked:
        image = load_rgb(photos / name)
        inline = compare_with_exact(segmenter, image, segmenter.predict(image))
        expected[name] = round(inline.ppm, 3)
    assert {entry["file"]: entry["ppm"] for entry in audit["images"]} == expected
    assert run.summary.audit == audit


def test_a_failing_exact_engine_build_is_recorded_not_fatal(segmenters, photos, tmp_path):
    segmenter = segmenters["cpu-fast"]
    calls = []

    def broken():
        calls.append(threading.current_thread().name)
        raise RuntimeError("cannot import timm")

    segmenter.prepare_exact = broken
    try:
        run = _run(segmenter, photos, tmp_path / "out", audit=0.2)
    finally:
        del segmenter.prepare_exact
    assert run.summary.done == 9
    audit = run.summary.audit
    assert audit["mean_ppm"] is None and audit["images"]
    assert all("cannot import timm" in entry["error"] for entry in audit["images"])
    assert calls and all(name == "segdesk-audit" for name in calls)


def test_the_first_images_run_on_the_single_image_model_while_the_streams_model_is_made(
    segmenters, photos, tmp_path
):
    segmenter = segmenters["cpu-fast"]
    engine = segmenter.engine
    gate = threading.Event()
    original_model = engine._streams_model

    def slow_model(streams, threads):
        gate.wait(60)
        return original_model(streams, threads)

    threads: list[str] = []
    original = segmenter.predict

    def recording(image):
        threads.append(threading.current_thread().name)
        if len(threads) == 4:
            gate.set()  # the streams model becomes ready after the 4th image
        return original(image)

    engine._streams_model = slow_model
    segmenter.predict = recording
    try:
        run = _run(segmenter, photos, tmp_path / "out", audit=0.0)
    finally:
        del engine._streams_model, segmenter.predict
    assert run.summary.done == 9
    assert threads[:4] == ["MainThread"] * 4 or all(
        not name.startswith("segdesk-openvino") for name in threads[:4]
    )
    assert any(name.startswith("segdesk-openvino") for name in threads[4:])
    single = _run(OneAtATime(segmenter), photos, tmp_path / "single", audit=0.0)
    assert single.summary.done == 9
    assert _masks(tmp_path / "out") == _masks(tmp_path / "single")


def test_a_run_held_to_one_thread_audits_inline(segmenters, photos, tmp_path, monkeypatch):
    from desktop.core import thread_budget

    segmenter = segmenters["cpu-fast"]
    checked_on: list[str] = []
    original = segmenter.exact_model_probability

    def recording(image):
        checked_on.append(threading.current_thread().name)
        return original(image)

    monkeypatch.setattr(thread_budget, "_cap", 1)
    segmenter.exact_model_probability = recording
    try:
        run = _run(segmenter, photos, tmp_path / "out", audit=0.2)
    finally:
        del segmenter.exact_model_probability
    assert len(checked_on) == len(run.summary.audit["images"]) == 2
    assert "segdesk-audit" not in checked_on
    assert all(entry["ppm"] is not None for entry in run.summary.audit["images"])


def test_a_short_batch_without_a_streams_model_runs_one_at_a_time(segmenters, photos, tmp_path):
    from desktop.core.batch import STREAMS_MIN_IMAGES

    assert STREAMS_MIN_IMAGES > 9
    segmenter = segmenters["cpu-fast"]
    engine = segmenter.engine
    kept = dict(engine._streams_models)
    threads: list[str] = []
    original = segmenter.predict

    def recording(image):
        threads.append(threading.current_thread().name)
        return original(image)

    engine._streams_models.clear()
    segmenter.predict = recording
    try:
        run = _run(segmenter, photos, tmp_path / "out", audit=0.0)
        assert not engine.has_streams((1, 1))  # not made for a short batch
    finally:
        del segmenter.predict
        engine._streams_models.update(kept)
    assert run.summary.done == 9 and len(threads) == 9
    assert not any(name.startswith("segdesk-openvino") for name in threads)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # on purpose
def test_a_dead_audit_thread_never_blocks_the_run(segmenters, photos, tmp_path, monkeypatch):
    from desktop.core.fast import audit as audit_module

    def dying(self):
        raise SystemExit  # the thread ends without checking anything

    monkeypatch.setattr(audit_module.AuditBeside, "_work", dying)
    monkeypatch.setattr(audit_module, "AUDIT_QUEUE_DEPTH", 1)
    run = _run(segmenters["cpu-fast"], photos, tmp_path / "out", audit=1.0)
    assert run.summary.done == 9
    # whatever the thread could not take was checked on the run's own threads
    assert run.summary.audit["images"]
