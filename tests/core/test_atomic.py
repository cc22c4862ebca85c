"""Replacing a file another program holds open (Windows: os.replace raises PermissionError):
retried for about two seconds, then the new content is kept beside the target and the error
says where (desktop/core/atomic.py); and the other renames that face the same refusal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core import atomic
from desktop.core.atomic import RETRY_DELAYS, write_bytes_atomic
from desktop.core.errors import DeviceError, FileInUseError, SegDeskError

_real_replace = os.replace


@pytest.fixture()
def sleeps(monkeypatch) -> list[float]:
    """The waits between attempts, recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr(atomic, "_sleep", waited.append)
    return waited


def hold(monkeypatch, *held: Path, times: int | None = None) -> list[str]:
    """os.replace onto any of `held` raises PermissionError (`times` times, or always), as on
    Windows while another program has the file open; returns the refused targets."""
    refused: list[str] = []

    def replace(src, dst, *args, **kwargs):
        if Path(dst) in held and (times is None or len(refused) < times):
            refused.append(str(dst))
            raise PermissionError(13, "The process cannot access the file because it is being "
                                  "used by another process", str(dst))  # fmt: skip
        return _real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return refused


def test_the_retries_last_about_two_seconds():
    assert 1.5 <= sum(RETRY_DELAYS) <= 3.0
    assert list(RETRY_DELAYS) == sorted(RETRY_DELAYS)  # short waits first


@pytest.mark.parametrize("times", [1, 3, len(RETRY_DELAYS)])
def test_a_file_let_go_within_the_retries_is_replaced(times, sleeps, monkeypatch, tmp_path):
    target = tmp_path / "x_mask.png"
    target.write_bytes(b"old")
    refused = hold(monkeypatch, target, times=times)
    write_bytes_atomic(target, b"new")
    assert len(refused) == times
    assert sleeps == list(RETRY_DELAYS[:times])
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x_mask.png"]  # no leftovers


def test_a_file_that_stays_in_use_keeps_both_contents_and_says_where(
    sleeps, monkeypatch, tmp_path
):
    target = tmp_path / "sub" / "x_mask.png"
    target.parent.mkdir()
    target.write_bytes(b"old")
    hold(monkeypatch, target)
    with pytest.raises(FileInUseError) as caught:
        write_bytes_atomic(target, b"new")
    error = caught.value
    kept = tmp_path / "sub" / "x_mask.new.png"
    assert error.path == target and error.kept == kept
    assert target.read_bytes() == b"old"  # the other program's file is untouched
    assert kept.read_bytes() == b"new"  # and nothing written is lost
    assert sorted(p.name for p in target.parent.iterdir()) == ["x_mask.new.png", "x_mask.png"]
    assert sleeps == list(RETRY_DELAYS)
    message = str(error)
    assert f"'{target}'" in message and "in use by another program" in message
    assert f"'{kept}'" in message
    # Callers that report any failed write by `strerror` (review, the worker) show it too,
    # and those that catch SegDeskError (batch rows, the command line) as well.
    assert isinstance(error, PermissionError) and isinstance(error, SegDeskError)
    assert error.strerror == message


def test_when_the_new_name_is_held_too_the_temporary_file_is_named(
    sleeps, monkeypatch, tmp_path
):
    target = tmp_path / "report.csv"
    target.write_text("old")
    hold(monkeypatch, target, tmp_path / "report.new.csv")
    with pytest.raises(FileInUseError) as caught:
        atomic.write_text_atomic(target, "new")
    kept = caught.value.kept
    assert kept.parent == tmp_path and kept.name.endswith(".part")
    assert kept.read_text() == "new" and str(kept) in str(caught.value)


def test_other_failures_are_not_retried_and_leave_no_partial_file(sleeps, monkeypatch, tmp_path):
    def full_disk(src, dst, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError) as caught:
        write_bytes_atomic(tmp_path / "x.png", b"new")
    assert not isinstance(caught.value, FileInUseError)
    assert sleeps == [] and list(tmp_path.iterdir()) == []


def test_a_cache_file_in_use_is_simply_not_written(sleeps, monkeypatch, tmp_path):
    """Caches rebuild their files: nothing is kept aside for them."""
    from desktop.core.fast import cache

    monkeypatch.setattr(cache, "folder", lambda: tmp_path / "openvino")
    key = cache.CacheKey("ab" * 32, "openvino test", "fp32", "avx2")
    path = cache.blob_path(key)
    path.parent.mkdir()
    path.write_bytes(b"compiled by another SegDesk")
    hold(monkeypatch, path)
    assert cache.write_blob(key, b"compiled here") is None
    assert path.read_bytes() == b"compiled by another SegDesk"
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_batch_row_names_the_file_in_use_and_the_run_goes_on(
    unet18_segmenter, sleeps, monkeypatch, tmp_path
):
    from helpers import write_test_image

    from desktop.core.batch import BatchOptions, BatchRun

    for name in ("a.png", "b.png"):
        write_test_image(tmp_path / "in" / name, 24, 32, 7)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a_mask.png").write_bytes(b"open in a viewer")
    hold(monkeypatch, out / "a_mask.png")
    run = BatchRun(unet18_segmenter, BatchOptions(tmp_path / "in", out))
    results = {result.file: result for result in run}
    assert results["b.png"].status == "ok"
    assert results["a.png"].status == "failed"
    error = results["a.png"].error
    assert str(out / "a_mask.png") in error and "in use by another program" in error
    assert str(out / "a_mask.new.png") in error and (out / "a_mask.new.png").is_file()
    assert (out / "a_mask.png").read_bytes() == b"open in a viewer"


def test_a_batch_whose_report_is_open_in_a_spreadsheet_still_finishes(
    unet18_segmenter, sleeps, monkeypatch, tmp_path
):
    from helpers import write_test_image

    from desktop.core.batch import BatchOptions, BatchRun

    write_test_image(tmp_path / "in" / "a.png", 24, 32, 7)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.csv").write_text("last run's report, open in a spreadsheet")
    hold(monkeypatch, out / "report.csv")
    run = BatchRun(unet18_segmenter, BatchOptions(tmp_path / "in", out))
    assert [result.status for result in run] == ["ok"]
    summary = run.summary
    assert summary.report_path == out / "report.new.csv"
    assert summary.report_path.read_text("utf-8").splitlines()[1].startswith("a.png,ok,")
    assert (out / "report.csv").read_text() == "last run's report, open in a spreadsheet"
    assert (out / "run.json").is_file()
    [note] = summary.notes
    assert str(out / "report.csv") in note and str(out / "report.new.csv") in note
    assert summary.exit_status == 0


# -- the ONNX cache ---------------------------------------------------------------------------
@pytest.fixture()
def fake_exporter(monkeypatch):
    """torch.onnx.export writes a few bytes instead of converting a network."""
    import torch

    def export(network, args, path, *more, **kwargs):
        Path(path).write_bytes(b"graph")

    monkeypatch.setattr(torch.onnx, "export", export)
    return torch.nn.Conv2d(3, 1, 1)


def test_onnx_export_retries_a_held_cache_file(fake_exporter, sleeps, monkeypatch, tmp_path):
    from desktop.core.fast import onnx_export

    dest = tmp_path / "onnx" / "graph.onnx"
    hold(monkeypatch, dest, times=2)
    assert onnx_export.export_onnx(fake_exporter, dest) == dest
    assert dest.read_bytes() == b"graph" and sleeps == list(RETRY_DELAYS[:2])
    assert [p.name for p in dest.parent.iterdir()] == ["graph.onnx"]


def test_onnx_export_uses_the_cached_graph_another_process_holds(
    fake_exporter, sleeps, monkeypatch, tmp_path
):
    from desktop.core.fast import onnx_export

    dest = tmp_path / "graph.onnx"
    dest.write_bytes(b"same graph, exported by another SegDesk")
    hold(monkeypatch, dest)
    assert onnx_export.export_onnx(fake_exporter, dest) == dest
    assert dest.read_bytes() == b"same graph, exported by another SegDesk"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.onnx"]  # no partial file


def test_onnx_export_refused_without_a_cached_graph_is_a_device_error(
    fake_exporter, sleeps, monkeypatch, tmp_path
):
    from desktop.core.fast import onnx_export

    dest = tmp_path / "graph.onnx"
    hold(monkeypatch, dest)
    with pytest.raises(DeviceError, match="could not write its converted model"):
        onnx_export.export_onnx(fake_exporter, dest)
    assert list(tmp_path.iterdir()) == []


# -- a model package taking the place of an older one -----------------------------------------
def _package(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "model.json").write_text(text)
    return folder


def test_package_rename_is_retried(sleeps, monkeypatch, tmp_path):
    from desktop.core.package_writer import _move_into_place

    old = _package(tmp_path / "models" / "m", "old")
    staging = _package(tmp_path / "models" / ".m.staging", "new")
    real_rename = Path.rename
    refusals = []

    def rename(self, target):
        if self == staging and len(refusals) < 2:  # an antivirus scanner reading the weights
            refusals.append(target)
            raise PermissionError(5, "Access is denied", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    _move_into_place(staging, old)
    assert (old / "model.json").read_text() == "new"
    assert len(sleeps) == 2
    assert [p.name for p in old.parent.iterdir()] == ["m"]


def test_a_package_that_cannot_take_its_place_puts_the_old_one_back(
    sleeps, monkeypatch, tmp_path
):
    from desktop.core.package_writer import _move_into_place

    old = _package(tmp_path / "models" / "m", "old")
    staging = _package(tmp_path / "models" / ".m.staging", "new")
    real_rename = Path.rename

    def rename(self, target):
        if self == staging:
            raise PermissionError(5, "Access is denied", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(PermissionError):
        _move_into_place(staging, old)
    assert (old / "model.json").read_text() == "old"
