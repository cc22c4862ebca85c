"""Batch runs (DESIGN §5): outputs at each image's own size, the report, run.json, resume,
cancellation and the rules that protect the input folder."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from helpers import write_test_image

from desktop.core.batch import REPORT_FIELDS, BatchOptions, BatchRun, plan_batch
from desktop.core.errors import BatchError
from desktop.core.image_io import load_rgb
from desktop.core.model_loader import build_transform
from desktop.core.package import read_package
from desktop.core.package_writer import write_package
from desktop.core.segmenter import Segmenter

CONTRACT_COLUMNS = [
    "file", "status", "error", "width", "height",
    "foreground_pixels", "foreground_fraction", "components", "seconds",
]  # fmt: skip


_image = write_test_image


def _tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder` with its content hash and mtime (to prove nothing changed)."""
    return {
        path.relative_to(folder).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    } | {
        path.relative_to(folder).as_posix() + "/": ("dir", 0)
        for path in folder.rglob("*")
        if path.is_dir()
    }


def _report(out: Path) -> list[dict[str, str]]:
    with open(out / "report.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS  # others appended
        return list(reader)


def _run(segmenter, options, cancel=None):
    run = BatchRun(segmenter, options, cancel)
    results = list(run)
    return run, results


def _read_mask(path: Path) -> np.ndarray:
    mask = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    assert mask is not None, f"{path} does not decode"
    return mask


def test_outputs_report_and_run_json(unet18_segmenter, photos, tmp_path):
    out = tmp_path / "out"
    before = _tree(photos)
    run, results = _run(
        unet18_segmenter, BatchOptions(photos, out, save=frozenset({"mask", "overlay", "prob"}))
    )

    assert [r.file for r in results] == ["a.png", "b.jpg", "c.bmp"]  # txt/csv/no extension ignored
    assert all(r.status == "ok" for r in results)
    for name in ("a", "b", "c"):
        source = next(photos.glob(f"{name}.*"))
        image = load_rgb(source)
        prediction = unet18_segmenter.predict(image)
        mask = _read_mask(out / f"{name}_mask.png")
        assert mask.dtype == np.uint8 and mask.shape == image.shape[:2]
        assert np.array_equal(mask, prediction.mask.astype(np.uint8) * 255)
        probability = _read_mask(out / f"{name}_prob.png")
        assert probability.dtype == np.uint16 and probability.shape == image.shape[:2]
        overlay = cv2.imread(str(out / f"{name}_overlay.png"))
        assert overlay.shape == image.shape

    rows = _report(out)
    assert [row["file"] for row in rows] == ["a.png", "b.jpg", "c.bmp"]
    by_file = {row["file"]: row for row in rows}
    assert (by_file["b.jpg"]["width"], by_file["b.jpg"]["height"]) == ("30", "80")
    for row in rows:
        mask = _read_mask(out / f"{Path(row['file']).stem}_mask.png") > 0
        assert row["status"] == "ok" and row["error"] == ""
        assert int(row["foreground_pixels"]) == int(mask.sum())
        assert float(row["foreground_fraction"]) == pytest.approx(mask.mean(), abs=1e-6)
        components = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)[0] - 1
        assert int(row["components"]) == components
        assert 0 < float(row["seconds"]) < 60
    assert any(int(row["foreground_pixels"]) > 0 for row in rows)

    record = json.loads((out / "run.json").read_text("utf-8"))
    package = unet18_segmenter.package
    assert record["app"]["version"]
    assert record["model"]["name"] == package.name and record["model"]["sha256"] == package.sha256
    assert record["device"] == "cpu" and record["threshold"] == 0.5
    assert record["transform"] == package.transform
    assert record["started"] <= record["ended"]
    assert record["counts"]["inputs"] == 3 and record["counts"]["ok"] == 3
    assert record["counts"]["failed"] == 0 and record["cancelled"] is False
    assert run.summary.exit_status == 0

    assert _tree(photos) == before, "the input folder was changed"
    assert not list(out.rglob("*.part")) and not (out / "sub").exists()


def test_report_columns_are_the_contract():
    # §5's columns first, in order; §10 appends foreground_mm2 (and a warning column).
    assert list(REPORT_FIELDS[: len(CONTRACT_COLUMNS)]) == CONTRACT_COLUMNS
    assert "foreground_mm2" in REPORT_FIELDS[len(CONTRACT_COLUMNS) :]


def test_broken_image_fails_its_row_and_the_run_goes_on(unet18_segmenter, photos, tmp_path):
    (photos / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 definitely not a whole jpeg")
    (photos / "zz.png").write_bytes(b"")
    out = tmp_path / "out"
    run, results = _run(unet18_segmenter, BatchOptions(photos, out))
    statuses = {r.file: r.status for r in results}
    assert statuses == {
        "a.png": "ok",
        "b.jpg": "ok",
        "broken.jpg": "failed",
        "c.bmp": "ok",
        "zz.png": "failed",
    }
    rows = {row["file"]: row for row in _report(out)}
    assert (
        "broken.jpg" in rows["broken.jpg"]["error"] and "truncated" in rows["broken.jpg"]["error"]
    )
    assert "empty" in rows["zz.png"]["error"]
    assert not (out / "broken_mask.png").exists()
    assert run.summary.failed == 2 and run.summary.exit_status == 1
    assert json.loads((out / "run.json").read_text())["counts"]["failed"] == 2


def test_recursive_keeps_the_tree_and_uses_slashes(unet18_segmenter, photos, tmp_path):
    _image(photos / "sub" / "deeper" / "e.jpg", 16, 12, 5)
    _image(photos / ".hidden" / "f.png", 16, 16, 6)
    out = tmp_path / "out"
    _, results = _run(unet18_segmenter, BatchOptions(photos, out, recursive=True))
    files = [r.file for r in results]
    assert files == ["a.png", "b.jpg", "c.bmp", "sub/d.png", "sub/deeper/e.jpg"]
    assert [row["file"] for row in _report(out)] == files
    assert _read_mask(out / "sub" / "d_mask.png").shape == (20, 40)
    assert _read_mask(out / "sub" / "deeper" / "e_mask.png").shape == (16, 12)


def test_name_collisions_never_overwrite(unet18_segmenter, tmp_path):
    folder = tmp_path / "in"
    sizes = {"x.jpg": (10, 20), "x.png": (30, 14), "X.JPG": (22, 22), "x_jpg.png": (8, 40)}
    for index, (name, (height, width)) in enumerate(sizes.items()):
        _image(folder / name, height, width, index)
    out = tmp_path / "out"
    _, results = _run(unet18_segmenter, BatchOptions(folder, out))
    assert all(r.status == "ok" for r in results) and len(results) == 4
    masks = sorted(out.glob("*_mask.png"))
    assert len(masks) == 4, [m.name for m in masks]
    assert len({m.name.lower() for m in masks}) == 4  # distinct on case-insensitive disks too
    assert sorted(_read_mask(m).shape for m in masks) == sorted(sizes.values())


def test_output_equal_to_input_is_refused(photos):
    before = _tree(photos)
    for out in (photos, photos / ".", photos / "sub" / ".."):
        with pytest.raises(BatchError, match="must differ from the input folder"):
            plan_batch(BatchOptions(photos, out))
    link = photos.parent / "link-to-photos"
    link.symlink_to(photos)
    with pytest.raises(BatchError, match="must differ"):
        plan_batch(BatchOptions(photos, link))
    assert _tree(photos) == before


def test_output_inside_input_is_excluded_from_a_recursive_run(unet18_segmenter, photos):
    out = photos / "results"
    for _ in range(2):  # the second run must not pick up the first run's masks as inputs
        _, results = _run(
            unet18_segmenter, BatchOptions(photos, out, recursive=True, overwrite=True)
        )
        assert [r.file for r in results] == ["a.png", "b.jpg", "c.bmp", "sub/d.png"]
    assert (out / "sub" / "d_mask.png").exists()


def test_output_that_would_land_inside_input_is_refused(tmp_path):
    # IN = OUT/sub: a recursive run writing IN/sub/x to OUT/sub/x would write into IN.
    out = tmp_path / "out"
    folder = out / "sub"
    _image(folder / "sub" / "x.png", 8, 8, 1)
    with pytest.raises(BatchError, match="inside the input folder"):
        plan_batch(BatchOptions(folder, out, recursive=True))


def test_missing_or_non_folder_input(tmp_path):
    with pytest.raises(BatchError, match="does not exist"):
        plan_batch(BatchOptions(tmp_path / "nope", tmp_path / "out"))
    (tmp_path / "file.png").write_bytes(b"x")
    with pytest.raises(BatchError, match="is not a folder"):
        plan_batch(BatchOptions(tmp_path / "file.png", tmp_path / "out"))
    with pytest.raises(BatchError, match="--save"):
        plan_batch(BatchOptions(tmp_path, tmp_path / "out", save=frozenset({"jpeg"})))


@pytest.fixture
def unwritable_output(tmp_path):
    """A folder SegDesk cannot write into. chmod 0o555 does not stop root, so check it really
    blocks writes and otherwise use a path below a regular file (mkdir fails for anyone)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        (locked / "probe").write_bytes(b"")
    except PermissionError:
        yield locked / "out"
    else:
        (locked / "probe").unlink()
        blocker = tmp_path / "a_file"
        blocker.write_text("a regular file, not a folder")
        yield blocker / "out"
    finally:
        locked.chmod(0o755)  # so the temporary folder can be cleaned up


def test_unwritable_output_is_refused_naming_the_folder(
    unet18_segmenter, photos, unwritable_output
):
    with pytest.raises(BatchError) as caught:
        BatchRun(unet18_segmenter, BatchOptions(photos, unwritable_output))
    message = str(caught.value)
    assert str(unwritable_output) in message and "Cannot write" in message
    assert not unwritable_output.exists()


def test_parts_checking_one_output_folder_at_once_never_refuse_it(tmp_path):
    """Parts of a split batch start together into one OUT (threads here; on a cluster, processes
    on nodes that can share a pid): each one's write check must not trip over another's."""
    from desktop.core.batch import _ensure_writable

    out, refused = tmp_path / "out", []

    def check() -> None:
        for _ in range(300):
            try:
                _ensure_writable(out)
            except BatchError as exc:
                refused.append(str(exc))

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert refused == []
    assert list(out.iterdir()) == []  # the checks leave nothing behind


def test_cancel_mid_batch_leaves_only_whole_files(unet18_segmenter, tmp_path):
    folder = tmp_path / "in"
    for index in range(6):
        _image(folder / f"img{index}.png", 24 + index, 32, index)
    out = tmp_path / "out"
    cancel = threading.Event()
    run = BatchRun(
        unet18_segmenter, BatchOptions(folder, out, save=frozenset({"mask", "prob"})), cancel
    )
    results = []
    for result in run:
        results.append(result)
        cancel.set()  # after the first result
    assert 1 <= len(results) < 6
    assert run.summary.cancelled and run.summary.exit_status == 1
    assert not list(out.rglob("*.part"))
    written = sorted(out.glob("*_mask.png"))
    assert [p.name for p in written] == [f"{Path(r.file).stem}_mask.png" for r in results]
    for path in [*written, *out.glob("*_prob.png")]:
        _read_mask(path)
    assert [row["file"] for row in _report(out)] == [r.file for r in results]
    record = json.loads((out / "run.json").read_text())
    assert record["cancelled"] is True
    assert record["counts"]["not_run"] == 6 - len(results)

    # Resuming completes the rest and skips what was done.
    _, resumed = _run(unet18_segmenter, BatchOptions(folder, out, save=frozenset({"mask", "prob"})))
    statuses = [r.status for r in resumed]
    assert statuses == ["skipped"] * len(results) + ["ok"] * (6 - len(results))


def test_a_resume_skips_what_is_done_and_reports_it(unet18_segmenter, photos, tmp_path):
    out = tmp_path / "out"
    _run(unet18_segmenter, BatchOptions(photos, out))
    mask_before = (out / "a_mask.png").stat().st_mtime_ns

    run, again = _run(unet18_segmenter, BatchOptions(photos, out))
    assert [r.status for r in again] == ["skipped"] * 3
    assert (out / "a_mask.png").stat().st_mtime_ns == mask_before
    rows = _report(out)
    assert [row["status"] for row in rows] == ["skipped"] * 3  # in input order
    # A skipped row still describes the mask on disk.
    assert rows[0]["width"] == "64" and rows[0]["height"] == "48"
    foreground = int(np.count_nonzero(_read_mask(out / "a_mask.png")))
    assert int(rows[0]["foreground_pixels"]) == foreground
    assert run.summary.exit_status == 0 and run.summary.skipped == 3


def _other_model(unet18, segmenter, tmp_path):
    """Same architecture, one weight changed: another sha256."""
    network = unet18.network
    other = type(network)(encoder_name="resnet18", encoder_weights=None, classes=1)
    other.load_state_dict(network.state_dict())
    with torch.no_grad():
        other.segmentation_head[0].bias.add_(0.25)
    folder = write_package(
        tmp_path / "other", model=other.eval(), name="other", architecture="Unet",
        encoder="resnet18", transform=build_transform(segmenter.package),
        reference_images=[np.zeros((8, 8, 3), np.uint8)],
    )  # fmt: skip
    return Segmenter(read_package(folder), "cpu")


ALL_REDONE = {"a.png": "ok", "b.jpg": "ok", "c.bmp": "ok"}
B_REDONE = {"a.png": "skipped", "b.jpg": "ok", "c.bmp": "skipped"}

# What changed between two runs into one OUT → the second run's status per image. (Model
# settings that a stub can vary — engine, precision, threshold — are test_batch_resume's table.)
RESUME_INVALIDATION = {
    "nothing": ({}, {"a.png": "skipped", "b.jpg": "skipped", "c.bmp": "skipped"}),
    "--overwrite": ({"overwrite": True}, ALL_REDONE),
    "more output kinds": ({"save": frozenset({"mask", "overlay"})}, ALL_REDONE),
    "an output deleted": ({"delete": "b_mask.png"}, B_REDONE),
    "an input modified": ({"rewrite": "b.jpg"}, B_REDONE),
    "another model": ({"model": "other"}, ALL_REDONE),
}


@pytest.mark.parametrize(
    ("change", "expected"), RESUME_INVALIDATION.values(), ids=list(RESUME_INVALIDATION)
)
def test_a_resume_redoes_exactly_what_changed(
    unet18, unet18_segmenter, photos, tmp_path, change, expected
):
    out = tmp_path / "out"
    _run(unet18_segmenter, BatchOptions(photos, out))
    segmenter = unet18_segmenter
    options: dict = {}
    if "delete" in change:
        (out / change["delete"]).unlink()
    if "rewrite" in change:
        _image(photos / change["rewrite"], 50, 60, 99)  # new content and size
    if "model" in change:
        segmenter = _other_model(unet18, unet18_segmenter, tmp_path)
        assert segmenter.package.sha256 != unet18_segmenter.package.sha256
    for key in ("overwrite", "save"):
        if key in change:
            options[key] = change[key]

    _, again = _run(segmenter, BatchOptions(photos, out, **options))

    assert {r.file: r.status for r in again} == expected
    assert [row["status"] for row in _report(out)] == list(expected.values())  # input order
    if "rewrite" in change:
        assert _read_mask(out / "b_mask.png").shape == (50, 60)
    record = json.loads((out / "run.json").read_text())
    assert record["model"]["sha256"] == segmenter.package.sha256


def test_nothing_is_written_inside_input(unet18_segmenter, photos, tmp_path):
    before = _tree(photos)
    _run(
        unet18_segmenter,
        BatchOptions(
            photos,
            tmp_path / "elsewhere",
            recursive=True,
            save=frozenset({"mask", "overlay", "prob"}),
        ),
    )
    assert _tree(photos) == before


def test_input_folder_untouched_even_when_read_only(unet18_segmenter, photos, tmp_path):
    os.chmod(photos / "a.png", 0o444)
    before = _tree(photos)
    _, results = _run(unet18_segmenter, BatchOptions(photos, tmp_path / "out"))
    assert all(r.status == "ok" for r in results)
    assert _tree(photos) == before
