"""Review mode's core (DESIGN §8), without Qt: planning, accepting, resuming, batch → review."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from helpers import write_test_image

from desktop.core.batch import BatchOptions, BatchRun
from desktop.core.devices import Device
from desktop.core.errors import BatchError
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction
from desktop.core.result_cache import CacheKey, ResultCache
from desktop.core.review import (
    ACCEPTED,
    EDITED,
    SEGMENTED,
    TO_DO,
    BaseMask,
    ReviewOptions,
    ReviewSession,
)
from desktop.core.review.review_log import FIELDS
from desktop.core.review.session import Draft


def _package(name: str = "review-unet", sha: str = "ab" * 32, threshold: float = 0.5):
    return ModelPackage(
        folder=Path(f"/nonexistent/{name}"), name=name, architecture="Unet", encoder="resnet18",
        in_channels=3, classes=1, transform={"transform": {"transforms": []}},
        loader="opencv-rgb", activation="sigmoid", threshold=threshold,
        weights="model.safetensors", sha256=sha, input_size=(256, 256),
    )  # fmt: skip


def _prediction(height: int, width: int, threshold: float = 0.5) -> Prediction:
    ys, xs = np.mgrid[0:32, 0:32].astype(np.float32)
    probability = np.clip(1.0 - np.hypot(ys - 15.5, xs - 15.5) / 16.0, 0, 1).astype(np.float32)
    return Prediction.from_model_probability(
        probability, (height, width), threshold=threshold, device="cpu"
    )


class _FakeSegmenter:
    """What BatchRun needs: predict, package, device, threshold."""

    def __init__(self, package: ModelPackage) -> None:
        self.package = package
        self.device = Device("cpu", "CPU (exact)", "torch")
        self.threshold = package.threshold

    def predict(self, image: np.ndarray) -> Prediction:
        return _prediction(*image.shape[:2])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    images = tmp_path / "photos"
    write_test_image(images / "a.png", 40, 60, 1)
    write_test_image(images / "b.jpg", 30, 50, 2)
    write_test_image(images / "c.png", 20, 20, 3)
    write_test_image(images / "sub" / "d.png", 24, 32, 4)
    return images


def _draft(session: ReviewSession, index: int, package=None) -> Draft:
    item = session.items[index]
    height, width = cv2.imread(str(item.source)).shape[:2]
    package = package or _package()
    prediction = _prediction(height, width)
    return Draft(BaseMask.from_prediction(prediction, package), prediction.mask.copy(),
                 prediction, package)  # fmt: skip


def _log(out: Path) -> list[dict[str, str]]:
    with open(out / "review.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == FIELDS
        return list(reader)


def test_plan_reuses_batch_outputs_and_recursive(folder, tmp_path):
    flat = ReviewSession(ReviewOptions(folder, tmp_path / "out"))
    assert [item.relative for item in flat.items] == ["a.png", "b.jpg", "c.png"]
    assert flat.states == [TO_DO] * 3 and flat.index == 0 and flat.position_text() == "1 / 3"
    deep = ReviewSession(ReviewOptions(folder, tmp_path / "out", recursive=True))
    assert deep.items[-1].relative == "sub/d.png"
    assert deep.items[-1].output_base == tmp_path / "out" / "sub" / "d"


def test_bad_folders_and_threshold_are_refused(folder, tmp_path):
    with pytest.raises(BatchError, match="must differ"):
        ReviewSession(ReviewOptions(folder, folder))
    with pytest.raises(BatchError, match="does not exist"):
        ReviewSession(ReviewOptions(tmp_path / "missing", tmp_path / "out"))
    with pytest.raises(BatchError, match="between 0 and 1"):
        ReviewOptions(folder, tmp_path / "out", threshold=1.5).check()
    assert not (tmp_path / "out").exists()


def test_accept_writes_mask_provenance_and_a_log_row(folder, tmp_path):
    out = tmp_path / "out"
    session = ReviewSession(ReviewOptions(folder, out))
    draft = _draft(session, 0)
    assert not draft.edited

    row = session.accept(0, draft)

    mask = cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED)
    assert mask.dtype == np.uint8 and mask.shape == (40, 60)
    assert np.array_equal(mask == 255, draft.mask) and set(np.unique(mask)) <= {0, 255}
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["model"]["sha256"] == "ab" * 32 and record["model"]["name"] == "review-unet"
    assert record["input"]["sha256"] == hashlib.sha256((folder / "a.png").read_bytes()).hexdigest()
    assert record["edited"] is False and record["pixels_added"] == record["pixels_removed"] == 0
    assert record["starting_mask"]["source"] == "model" and record["threshold"] == 0.5
    assert record["foreground_pixels"] == int(draft.mask.sum()) > 0
    assert record["outputs"] == {"mask": "a_mask.png"}
    assert session.states[0] == ACCEPTED and session.accepted == 1
    rows = _log(out)
    assert rows == [row.as_csv()]
    assert rows[0]["file"] == "a.png" and rows[0]["state"] == "accepted"
    assert rows[0]["edited"] == "false" and rows[0]["foreground_pixels"] == str(mask.sum() // 255)
    assert not list(out.glob(".*.part")), "a temporary file was left behind"


def test_edited_accept_is_marked_edited_with_counts(folder, tmp_path):
    out = tmp_path / "out"
    session = ReviewSession(ReviewOptions(folder, out))
    draft = _draft(session, 1)
    edited = draft.mask.copy()
    base = draft.base.mask
    edited[:3, :5] = True  # corner: background in the model's disk
    removed_region = base.copy()
    removed_region[:, : base.shape[1] // 2] = False  # erase the left half of the disk
    edited &= removed_region | ~base
    expected_added = int((edited & ~base).sum())
    expected_removed = int((base & ~edited).sum())
    assert expected_added == 15 and expected_removed > 0
    session.keep_draft(1, Draft(draft.base, edited, draft.prediction, draft.package))
    assert session.states[1] == EDITED

    session.accept(1, session.draft(1))

    record = json.loads((out / "b_provenance.json").read_text("utf-8"))
    assert record["edited"] is True
    assert (record["pixels_added"], record["pixels_removed"]) == (expected_added, expected_removed)
    assert record["foreground_pixels"] == int(edited.sum())
    written = cv2.imread(str(out / "b_mask.png"), cv2.IMREAD_UNCHANGED) == 255
    assert np.array_equal(written, edited)
    (row,) = _log(out)
    assert row["edited"] == "true" and row["pixels_added"] == str(expected_added)
    assert row["pixels_removed"] == str(expected_removed)
    assert session.draft(1) is None


def test_resume_continues_at_the_first_image_not_accepted(folder, tmp_path):
    out = tmp_path / "out"
    first = ReviewSession(ReviewOptions(folder, out))
    first.accept(0, _draft(first, 0))
    first.accept(1, _draft(first, 1))

    again = ReviewSession(ReviewOptions(folder, out))
    assert again.states == [ACCEPTED, ACCEPTED, TO_DO]
    assert again.index == 2 and again.position_text() == "3 / 3"
    assert again.next_not_accepted(2) == 2  # only itself is left
    assert again.next_not_accepted(0) == 2

    (out / "b_mask.png").unlink()  # a logged mask that is gone is not accepted any more
    third = ReviewSession(ReviewOptions(folder, out))
    assert third.states == [ACCEPTED, TO_DO, TO_DO] and third.index == 1


def test_review_starts_from_batch_masks(folder, tmp_path):
    out = tmp_path / "out"
    package = _package("batch-unet", "cd" * 32)
    summary_run = BatchRun(_FakeSegmenter(package), BatchOptions(folder, out))
    assert [result.status for result in summary_run] == ["ok", "ok", "ok"]

    session = ReviewSession(ReviewOptions(folder, out))
    assert session.states == [SEGMENTED] * 3 and session.index == 0
    base = session.starting_mask(0, (40, 60))
    assert base is not None and base.origin == "file" and base.made_by == "batch"
    assert base.model_name == "batch-unet" and base.file == "a_mask.png"
    batch_mask = cv2.imread(str(out / "a_mask.png"), cv2.IMREAD_UNCHANGED) == 255
    assert np.array_equal(base.mask, batch_mask)
    assert session.starting_mask(0, (41, 60)) is None, "a mask of another size is not used"

    session.accept(0, Draft(base, base.mask.copy()))  # accepted as it was: no model run
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    starting = record["starting_mask"]
    assert starting["source"] == "file" and starting["made_by"] == "batch"
    assert record["model"]["sha256"] == "cd" * 32 and record["edited"] is False
    # Re-opened, the accepted mask is again a starting mask, now made by the review.
    later = ReviewSession(ReviewOptions(folder, out)).starting_mask(0, (40, 60))
    assert later is not None and later.made_by == "review" and later.model_name == "batch-unet"


def test_threshold_override_is_recorded(folder, tmp_path):
    out = tmp_path / "out"
    session = ReviewSession(ReviewOptions(folder, out, threshold=0.3))
    package = _package()
    prediction = _prediction(40, 60).with_threshold(0.3)
    session.accept(0, Draft(BaseMask.from_prediction(prediction, package), prediction.mask,
                            prediction, package))  # fmt: skip
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["threshold"] == 0.3 and record["training_threshold"] == 0.5
    assert record["threshold_overridden"] is True and record["starting_mask"]["threshold"] == 0.3


def test_result_cache_is_bounded_and_least_recently_used_goes_first():
    cache: ResultCache[str] = ResultCache(capacity=3)
    keys = [CacheKey.of(f"/img/{i}.png", None, "sha", "cpu") for i in range(4)]
    for index, key in enumerate(keys[:3]):
        cache.put(key, f"r{index}")
    assert cache.get(keys[0]) == "r0"  # now the most recent
    cache.put(keys[3], "r3")
    assert len(cache) == 3 and keys[1] not in cache and keys[0] in cache
    assert cache.get(keys[1]) is None and (cache.hits, cache.misses) == (1, 1)
    # Another model, device or frame is another result.
    assert cache.get(CacheKey.of("/img/0.png", None, "other", "cpu")) is None
    assert cache.get(CacheKey.of("/img/0.png", None, "sha", "cuda:0")) is None
    assert cache.get(CacheKey.of("/img/0.png", 2, "sha", "cpu")) is None
    cache.discard_path("/img/0.png")
    assert keys[0] not in cache
    with pytest.raises(ValueError):
        ResultCache(0)


def test_an_edited_batch_mask_keeps_the_batch_mask_beside_it(folder, tmp_path):
    out = tmp_path / "out"
    summary = list(BatchRun(_FakeSegmenter(_package("batch-unet", "cd" * 32)),
                            BatchOptions(folder, out)))  # fmt: skip
    assert all(result.status == "ok" for result in summary)
    batch_mask = cv2.imread(str(out / "b_mask.png"), cv2.IMREAD_UNCHANGED) == 255
    session = ReviewSession(ReviewOptions(folder, out))
    base = session.starting_mask(1, (30, 50))
    edited = base.mask.copy()
    edited[0, :7] = ~edited[0, :7]

    session.accept(1, Draft(base, edited))

    kept = cv2.imread(str(out / "b_mask_model.png"), cv2.IMREAD_UNCHANGED) == 255
    assert np.array_equal(kept, batch_mask)
    record = json.loads((out / "b_provenance.json").read_text("utf-8"))
    assert record["edited"] is True and record["pixels_added"] + record["pixels_removed"] == 7
    assert record["outputs"] == {"mask": "b_mask.png", "mask_model": "b_mask_model.png"}
    assert record["base_mask"] == "b_mask.png (batch, batch-unet)"


def test_accepting_a_batch_mask_records_the_batch_engine_precision(folder, tmp_path):
    """DESIGN §7: every record carries `precision`, also one accepted from a batch's mask; for
    an image the approximate batch audited, its measured ppm comes along."""
    out = tmp_path / "out"
    runs = list(BatchRun(_FakeSegmenter(_package("batch-unet", "cd" * 32)),
                         BatchOptions(folder, out)))  # fmt: skip
    assert all(result.status == "ok" for result in runs)
    run = json.loads((out / "run.json").read_text("utf-8"))
    assert run["precision"] == "fp32"
    session = ReviewSession(ReviewOptions(folder, out))
    base = session.starting_mask(0, (40, 60))
    session.accept(0, Draft(base, base.mask.copy()))
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["precision"] == "fp32" and "exact_disagreement_ppm" not in record

    # The same for a bf16 batch whose audit checked a.png (run.json as batch writes it).
    run["precision"] = "bf16"
    run["audit"] = {"images": [{"file": "a.png", "ppm": 61.0}], "mean_ppm": 61.0,
                    "max_ppm": 61.0, "fraction": 0.02}  # fmt: skip
    (out / "run.json").write_text(json.dumps(run), "utf-8")
    for name in ("a_provenance.json", "review.csv"):
        (out / name).unlink()
    session = ReviewSession(ReviewOptions(folder, out))
    base = session.starting_mask(0, (40, 60))
    session.accept(0, Draft(base, base.mask.copy()))
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["precision"] == "bf16" and record["exact_disagreement_ppm"] == 61.0


def test_accepting_a_dicom_frame_records_its_source_and_area(tmp_path):
    """DESIGN §7: a record for a DICOM input names the source SOPInstanceUID and frame (and,
    with a pixel spacing, the area in mm²) — also when the mask was accepted in review."""
    from dicom_files import copy_to

    folder = tmp_path / "in"
    copy_to("examples_ybr_color.dcm", folder, "us.dcm")  # 30 frames, 240 × 320, US regions
    out = tmp_path / "out"
    session = ReviewSession(ReviewOptions(folder, out))
    item = session.items[2]
    assert item.relative == "us.dcm#3" and item.frame == 2
    package = _package()
    prediction = _prediction(240, 320)
    session.accept(2, Draft(BaseMask.from_prediction(prediction, package), prediction.mask,
                            prediction, package))  # fmt: skip
    record = json.loads((out / "us_f0003_provenance.json").read_text("utf-8"))
    assert record["dicom"]["frame"] == 3 and record["dicom"]["frames"] == 30
    assert record["dicom"]["sop_instance_uid"] == item.dicom.sop_instance_uid
    expected = item.dicom.area_mm2(prediction.foreground_pixels)
    assert expected and record["foreground_mm2"] == pytest.approx(expected)


def test_dicom_frames_are_reviewed_one_by_one_and_recorded(tmp_path):
    from dicom_files import copy_to

    from desktop.core.image_source import open_source

    folder = tmp_path / "in"
    copy_to("SC_rgb_rle_2frame.dcm", folder, "two.dcm")
    out = tmp_path / "out"
    session = ReviewSession(ReviewOptions(folder, out))
    assert [item.relative for item in session.items] == ["two.dcm#1", "two.dcm#2"]
    item = session.items[1]
    image, source = open_source(item.source, item.frame)
    prediction = _prediction(*image.shape[:2])
    package = _package()
    draft = Draft(BaseMask.from_prediction(prediction, package), prediction.mask, prediction,
                  package)  # fmt: skip

    session.accept(1, draft)

    assert (out / "two_f0002_mask.png").is_file()
    record = json.loads((out / "two_f0002_provenance.json").read_text("utf-8"))
    assert record["dicom"]["frame"] == 2 and record["dicom"]["sop_instance_uid"]
    assert _log(out)[0]["file"] == "two.dcm#2"
    assert ReviewSession(ReviewOptions(folder, out)).states == [TO_DO, ACCEPTED]


def test_drafts_are_kept_on_disk_resumed_as_edited_and_removed_by_accept_or_drop(
    folder, tmp_path
):
    out = tmp_path / "out"
    session = ReviewSession(ReviewOptions(folder, out, recursive=True))
    items = {item.relative: index for index, item in enumerate(session.items)}
    a, d = items["a.png"], items["sub/d.png"]
    for index in (a, d):
        draft = _draft(session, index)
        edited = draft.mask.copy()
        edited[:2, :2] = ~edited[:2, :2]
        session.keep_draft(index, Draft(draft.base, edited, draft.prediction, draft.package))
    assert session.draft_path(d) == out / ".segdesk-drafts" / "sub" / "d_draft.png"
    assert session.draft_path(a).is_file() and session.draft_path(d).is_file()
    unedited = _draft(session, items["c.png"])
    session.keep_draft(items["c.png"], unedited)  # nothing corrected: nothing on disk
    assert not session.draft_path(items["c.png"]).exists()

    again = ReviewSession(ReviewOptions(folder, out, recursive=True))  # e.g. after a crash
    assert again.states[a] == EDITED and again.states[d] == EDITED
    assert again.states[items["b.jpg"]] == TO_DO
    saved = again.saved_draft_mask(a, (40, 60))
    assert saved is not None and np.array_equal(saved, session.draft(a).mask)
    assert again.saved_draft_mask(a, (41, 60)) is None  # the image changed size since

    again.accept(a, Draft(session.draft(a).base, saved))
    assert not again.draft_path(a).exists()
    again.drop_draft(d)  # e.g. F5: the model's mask again
    assert not again.draft_path(d).exists()
    assert not list(folder.rglob("*_draft.png"))  # never among the originals


def test_a_relative_in_is_recorded_absolute_with_the_path_within_it(
    folder, tmp_path, monkeypatch
):
    """Review and batch started with IN and OUT as typed relative to the working directory:
    the records must still say which file they mean when read from anywhere else."""
    monkeypatch.chdir(tmp_path)
    package = _package("batch-unet", "cd" * 32)
    runs = BatchRun(_FakeSegmenter(package), BatchOptions(Path("photos"), Path("batch"), True))
    assert [result.status for result in runs] == ["ok"] * 4
    run = json.loads((tmp_path / "batch" / "run.json").read_text("utf-8"))
    assert Path(run["input_dir"]).is_absolute() and Path(run["input_dir"]).samefile(folder)
    assert Path(run["output_dir"]).is_absolute()
    assert Path(run["output_dir"]).samefile(tmp_path / "batch")
    with open(tmp_path / "batch" / "report.csv", newline="", encoding="utf-8") as handle:
        assert "sub/d.png" in [row["file"] for row in csv.DictReader(handle)]

    # A mask the model made now, and one read from the batch's files (another record writer).
    session = ReviewSession(ReviewOptions(Path("photos"), Path("batch"), recursive=True))
    session.accept(0, _draft(session, 0))
    d = next(i for i, item in enumerate(session.items) if item.relative == "sub/d.png")
    base = session.starting_mask(d, (24, 32))
    assert base is not None and base.made_by == "batch"
    session.accept(d, Draft(base, base.mask.copy()))
    for provenance, relative in [("a_provenance.json", "a.png"),
                                 ("sub/d_provenance.json", "sub/d.png")]:  # fmt: skip
        stored = json.loads((tmp_path / "batch" / provenance).read_text("utf-8"))["input"]
        assert Path(stored["path"]).is_absolute(), provenance
        assert Path(stored["path"]).samefile(folder / relative)
        assert Path(stored["input_dir"]).samefile(folder) and stored["relative_path"] == relative
