"""Pairing a review's accepted masks with their images, and the seeded hold-out split."""

from __future__ import annotations

import pytest

from desktop.core.finetune import FinetuneError, scan_reviewed
from desktop.core.finetune.data import Pair, split_holdout
from tests.core.finetune.conftest import write_frames
from tests.core.finetune.reviewed_layout import write_review


def test_only_accepted_rows_pair_edited_or_not(tmp_path):
    masks = write_frames(tmp_path / "site", "a", range(6))
    states = {"f0003.png": "edited", "f0004.png": "failed"}
    reviewed = write_review(masks, tmp_path / "reviewed", states=states, edited_every=2)
    log = reviewed / "review.csv"
    # A file accepted and later re-opened and left edited: its last row counts (not accepted).
    # A file first edited, then accepted: counts. An accepted file whose mask is gone, and one
    # whose image is gone: skipped, with the reason.
    text = log.read_text("utf-8")
    text += "f0000.png,edited,true,1,0,0,2026-12-05T21:00:00+00:00\n"
    text += "f0003.png,accepted,true,3,0,0,2026-12-05T21:00:00+00:00\n"
    text += "ghost.png,accepted,false,0,0,0,2026-12-05T21:00:00+00:00\n"
    log.write_text(text, "utf-8")
    (reviewed / "f0003_mask.png").write_bytes((masks["f0003.png"]).read_bytes())
    (reviewed / "f0005_mask.png").unlink()

    found = scan_reviewed(reviewed, tmp_path / "site" / "images")

    assert [pair.file for pair in found.pairs] == ["f0001.png", "f0002.png", "f0003.png"]
    assert found.accepted == 3
    assert found.edited == 2  # f0002 (every second row) and f0003 (its last row says edited)
    assert all(pair.mask == reviewed / f"{pair.image.stem}_mask.png" for pair in found.pairs)
    assert all(pair.image.parent == tmp_path / "site" / "images" for pair in found.pairs)
    problems = " | ".join(found.problems)
    assert "ghost.png: no such image" in problems
    assert "f0005.png: its accepted mask" in problems and "f0005_mask.png" in problems
    assert len(found.problems) == 2


def test_a_folder_without_review_csv_is_refused_by_name(tmp_path):
    write_frames(tmp_path / "site", "a", range(2))
    with pytest.raises(FinetuneError, match="review.csv' does not exist"):
        scan_reviewed(tmp_path / "site" / "masks", tmp_path / "site" / "images")
    with pytest.raises(FinetuneError, match="Images folder .*nowhere' does not exist"):
        scan_reviewed(tmp_path / "site" / "masks", tmp_path / "nowhere")


def _pairs(count: int) -> list[Pair]:
    return [Pair(f"i{i}.png", f"m{i}.png", f"sub/i{i:03d}.png") for i in range(count)]


def test_holdout_is_stable_for_a_seed_disjoint_and_complete():
    pairs = _pairs(30)
    train, holdout = split_holdout(pairs, 0.2, seed=7, what="x")
    again_train, again_holdout = split_holdout(list(reversed(pairs)), 0.2, seed=7, what="x")
    assert {p.file for p in holdout} == {p.file for p in again_holdout}
    assert {p.file for p in train} == {p.file for p in again_train}
    assert len(holdout) == 6 and len(train) == 24
    assert not {p.file for p in train} & {p.file for p in holdout}
    assert {p.file for p in train} | {p.file for p in holdout} == {p.file for p in pairs}
    other_seed = {p.file for p in split_holdout(pairs, 0.2, seed=8, what="x")[1]}
    assert other_seed != {p.file for p in holdout}


def test_holdout_has_at_least_three_and_leaves_one_to_train():
    train, holdout = split_holdout(_pairs(5), 0.2, seed=0, what="x")
    assert (len(train), len(holdout)) == (2, 3)
    with pytest.raises(FinetuneError, match="3 usable images; at least 4 are needed"):
        split_holdout(_pairs(3), 0.2, seed=0, what="x")
    with pytest.raises(FinetuneError, match="between 0 and 1"):
        split_holdout(_pairs(10), 1.5, seed=0, what="x")
