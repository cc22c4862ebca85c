"""Splitting a batch into parts (DESIGN §13): the stride split, the record of N in OUT, the
environment defaults and the refusals. The runs themselves: tests/cli/test_scale_out.py."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from desktop.core import shard
from desktop.core.batch import BatchItem
from desktop.core.errors import BatchError
from desktop.core.shard import Part, PartRequest


def _items(names: list[str], frames: dict[str, int] | None = None) -> list[BatchItem]:
    items = []
    for name in names:
        source = Path("/in") / name
        count = (frames or {}).get(name, 1)
        if count == 1:
            items.append(BatchItem(source, name, Path("/out") / name))
        else:
            items.extend(
                BatchItem(source, f"{name}#{k + 1}", Path("/out") / f"{name}{k}", k, count)
                for k in range(count)
            )
    return items


def test_stride_split_covers_every_input_once_and_keeps_frames_together():
    items = _items([f"{i:03d}.png" for i in range(7)] + ["cine.dcm", "z.png"], {"cine.dcm": 3})
    parts = [shard.select(items, Part(k, 3)) for k in range(3)]
    labels = [[item.relative for item in part] for part in parts]
    assert labels[0] == ["000.png", "003.png", "006.png"]
    assert labels[1] == ["001.png", "004.png", "cine.dcm#1", "cine.dcm#2", "cine.dcm#3"]
    assert labels[2] == ["002.png", "005.png", "z.png"]
    every = sorted(label for part in labels for label in part)
    assert every == sorted(item.relative for item in items)


def test_file_groups_match_the_split_of_items():
    items = _items(["a.png", "b.dcm", "c#1.png"], {"b.dcm": 2})
    groups = shard.file_groups([item.relative for item in items])
    assert groups == [["a.png"], ["b.dcm#1", "b.dcm#2"], ["c#1.png"]]


@pytest.mark.parametrize("index,count", [(2, 2), (-1, 3), (0, 0)])
def test_impossible_parts_are_refused(index, count):
    with pytest.raises(BatchError):
        Part(index, count)


def test_defaults_from_slurm_are_announced():
    env = {"SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_ID": "2", "SLURM_CPUS_PER_TASK": "3"}
    request = shard.request_from(None, None, env)
    assert (request.index, request.count, request.count_from_env) == (2, 4, True)
    assert any("SLURM_ARRAY_TASK_COUNT" in note for note in request.notes)
    assert any("SLURM_ARRAY_TASK_ID" in note for note in request.notes)
    assert shard.threads_from(None, env) == (3, "threads 3 from SLURM_CPUS_PER_TASK")
    assert shard.threads_from(2, env) == (2, "")
    assert shard.threads_from(None, {}) == (None, "")


def test_flags_win_over_the_environment_and_say_so(monkeypatch):
    monkeypatch.setenv("SLURM_ARRAY_TASK_COUNT", "4")
    monkeypatch.setenv("SLURM_ARRAY_TASK_ID", "1")
    request = shard.request_from(8, 5)  # reads os.environ
    assert (request.index, request.count, request.count_from_env) == (5, 8, False)
    assert any("not SLURM_ARRAY_TASK_COUNT=4" in note for note in request.notes)
    assert any("not SLURM_ARRAY_TASK_ID=1" in note for note in request.notes)


def test_no_split_without_flags_or_environment(monkeypatch):
    for name in ("SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_ID"):
        monkeypatch.delenv(name, raising=False)
    assert not shard.request_from(None, None).sharded
    with pytest.raises(BatchError, match="--part-id"):
        shard.request_from(4, None)
    with pytest.raises(BatchError, match="not a whole number"):
        shard.request_from(None, None, {"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"})


LABELS = [f"{i:03d}.png" for i in range(10)]


def _resolve(tmp_path, index, count, from_env=False, labels=LABELS, said=None):
    request = PartRequest(index, count, from_env)
    return shard.resolve(request, tmp_path, labels, ([] if said is None else said).append)


def test_first_part_records_n_and_a_resubmitted_index_takes_it(tmp_path):
    assert _resolve(tmp_path, 0, 4, from_env=True) == Part(0, 4)
    record = json.loads((tmp_path / shard.RECORD_NAME).read_text())
    assert record["num_parts"] == 4 and record["inputs"] == 10
    assert record["input_digest"] == shard.input_digest(LABELS)
    said: list[str] = []
    # `sbatch --array=2` alone: SLURM_ARRAY_TASK_COUNT=1
    assert _resolve(tmp_path, 2, 1, from_env=True, said=said) == Part(2, 4)
    assert said and "4 parts recorded" in said[0]


def test_contradictions_are_refused(tmp_path):
    _resolve(tmp_path, 0, 4)
    with pytest.raises(BatchError, match="split into 4 parts; --num-parts 3"):
        _resolve(tmp_path, 1, 3)  # a flag: never silently another split
    with pytest.raises(BatchError, match="SLURM_ARRAY_TASK_COUNT=8 would split"):
        _resolve(tmp_path, 1, 8, from_env=True)  # a larger array is no re-submission
    with pytest.raises(BatchError, match="not below the number of parts 4"):
        _resolve(tmp_path, 5, 1, from_env=True)
    with pytest.raises(BatchError, match="input list differs"):
        _resolve(tmp_path, 1, 4, labels=LABELS[:-1])
    with pytest.raises(BatchError, match="split into 4 parts"):
        shard.resolve(PartRequest(None, None, False), tmp_path, LABELS, print)  # unsplit run


def test_a_resubmitted_index_with_nothing_recorded_is_refused(tmp_path):
    with pytest.raises(BatchError, match="pass --num-parts N"):
        _resolve(tmp_path, 2, 1, from_env=True)
    assert not (tmp_path / shard.RECORD_NAME).exists()


def test_parts_starting_at_once_agree_on_one_record(tmp_path):
    results, errors = [], []

    def start(index, count):
        try:
            results.append(_resolve(tmp_path, index, count))
        except BatchError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(k, 4)) for k in range(4)]
    threads.append(threading.Thread(target=start, args=(0, 2)))  # a mistaken other split
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recorded = json.loads((tmp_path / shard.RECORD_NAME).read_text())["num_parts"]
    assert {part.count for part in results} == {recorded}
    assert len(errors) == (1 if recorded == 4 else 4)
    assert not list(tmp_path.glob("*.tmp"))


def test_a_whole_run_from_the_app_into_a_split_out_is_refused(tmp_path):
    from helpers import write_test_image

    from desktop.core.batch import BatchOptions, BatchRun

    write_test_image(tmp_path / "in" / "a.png", 8, 8, 1)
    out = tmp_path / "out"
    out.mkdir()
    _resolve(out, 0, 2)
    with pytest.raises(BatchError, match="split into 2 parts"):
        BatchRun(None, BatchOptions(tmp_path / "in", out))  # refused before the model is used
    assert sorted(p.name for p in out.iterdir()) == [shard.RECORD_NAME]
