"""The exact CPU engine's batch runs images side by side, one torch thread each (thread_budget).

The tests run with OMP_NUM_THREADS=1, where a batch would run one image at a time; the
`two_cores` fixture makes SegDesk lay the batch out as on a 2-core machine.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from helpers import write_test_image

from desktop.core import thread_budget
from desktop.core.batch import BatchOptions, BatchRun
from desktop.core.export import mask_image, probability_image
from desktop.core.image_io import load_rgb


@pytest.fixture
def two_cores():
    """torch's default as on a 2-core machine; the real default is put back afterwards (a patch
    of its own: a test's `monkeypatch.undo()` keeps the two cores)."""
    real = thread_budget.default_torch_threads()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(thread_budget, "_default_threads", 2)
        yield 2
    torch.set_num_threads(real)


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    for index in range(7):
        write_test_image(folder / f"p{index}.png", 40 + 3 * index, 56, index)
    (folder / "p3_broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    return folder


@pytest.fixture
def torch_threads_by_thread(unet18_segmenter, monkeypatch) -> dict[str, int]:
    """Which threads ran the network, and with how many torch threads each."""
    seen: dict[str, int] = {}
    predict = unet18_segmenter.predict

    def recording_predict(image):
        prediction = predict(image)
        seen[threading.current_thread().name] = torch.get_num_threads()
        return prediction

    monkeypatch.setattr(unet18_segmenter, "predict", recording_predict)
    return seen


def test_layout_gives_each_image_a_share_of_the_cores():
    assert thread_budget.image_parallel_layout(1) == (1,)
    assert thread_budget.image_parallel_layout(2) == (1, 1)
    assert thread_budget.image_parallel_layout(3) == (1, 1, 1)
    assert thread_budget.image_parallel_layout(6) == (2, 2, 1, 1)  # every core, 4 in flight
    assert thread_budget.image_parallel_layout(8) == (2, 2, 2, 2)  # memory: at most 4 at once
    assert thread_budget.image_parallel_layout(16) == (4, 4, 4, 4)


def test_side_by_side_batch_writes_exactly_what_one_image_at_a_time_gives(
    unet18_segmenter, folder, tmp_path, two_cores, torch_threads_by_thread, monkeypatch
):
    threads_seen = torch_threads_by_thread
    out = tmp_path / "out"
    run = BatchRun(unet18_segmenter, BatchOptions(folder, out, save=frozenset({"mask", "prob"})))
    results = list(run)

    # Side by side: two network workers, one torch thread each; results still in input order.
    workers = {name: n for name, n in threads_seen.items() if name.startswith("segdesk-network")}
    assert len(workers) == 2 and set(workers.values()) == {1}
    assert [r.file for r in results] == sorted(p.name for p in folder.iterdir())
    assert [r.status for r in results].count("failed") == 1
    broken = next(r for r in results if r.status == "failed")
    assert broken.file == "p3_broken.jpg" and "p3_broken.jpg" in broken.error

    # Bit for bit what this thread, with torch's two threads, makes of each image.
    monkeypatch.undo()
    for result in results:
        if result.status != "ok":
            continue
        image = load_rgb(folder / result.file)
        alone = unet18_segmenter.predict(image)
        assert torch.get_num_threads() == 2
        stem = out / Path(result.file).stem
        written_mask = cv2.imread(f"{stem}_mask.png", cv2.IMREAD_UNCHANGED)
        written_prob = cv2.imread(f"{stem}_prob.png", cv2.IMREAD_UNCHANGED)
        assert np.array_equal(written_mask, mask_image(alone.mask)), result.file
        assert np.array_equal(written_prob, probability_image(alone.probability)), result.file


def test_torch_threads_are_put_back_for_this_thread_and_threads_started_later(
    unet18_segmenter, folder, tmp_path, two_cores
):
    list(BatchRun(unet18_segmenter, BatchOptions(folder, tmp_path / "out")))
    assert torch.get_num_threads() == 2
    seen = []

    def later() -> None:  # e.g. the GUI's evaluation thread, started after a batch
        unet18_segmenter.predict(load_rgb(folder / "p0.png"))
        seen.append(torch.get_num_threads())

    thread = threading.Thread(target=later)
    thread.start()
    thread.join()
    assert seen == [2]


def test_cancelling_a_side_by_side_batch_finishes_the_images_in_flight_and_writes_them(
    unet18_segmenter, folder, tmp_path, two_cores
):
    out = tmp_path / "out"
    cancel = threading.Event()
    run = BatchRun(unet18_segmenter, BatchOptions(folder, out), cancel)
    results = []
    for result in run:
        results.append(result)
        cancel.set()
    assert run.summary.cancelled and 1 <= len(results) < 8
    assert not list(out.rglob("*.part"))
    done = [r for r in results if r.status == "ok"]
    assert sorted(p.name for p in out.glob("*_mask.png")) == sorted(
        f"{Path(r.file).stem}_mask.png" for r in done
    )


def test_uneven_shares_give_every_thread_to_some_image(
    unet18_segmenter, folder, tmp_path, two_cores, torch_threads_by_thread, monkeypatch
):
    """3 threads, at most 2 images at once: one worker runs torch with 2 threads, one with 1."""
    monkeypatch.setattr(thread_budget, "_default_threads", 3)
    monkeypatch.setattr(thread_budget, "MAX_IMAGES_IN_FLIGHT", 2)
    assert thread_budget.image_parallel_layout() == (2, 1)
    results = list(BatchRun(unet18_segmenter, BatchOptions(folder, tmp_path / "out")))
    assert sorted(torch_threads_by_thread.values()) == [1, 2]
    assert [r.status for r in results].count("ok") == 7
