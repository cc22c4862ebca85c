"""Pairing a review's accepted masks with their images, and the seeded hold-out split."""

from __future__ import annotations

import pytest

from desktop.core.finetune import FinetuneError, scan_reviewed
from desktop.core.finetune.data import Pair, split_holdout, split_keep
from desktop.core.finetune.trainer import _epoch_samples
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


def test_the_keep_holdout_is_half_at_least_eight_while_one_is_left_to_replay():
    sizes = {
        n: tuple(map(len, split_keep(_pairs(n), seed=0, what="x"))) for n in (4, 9, 12, 19, 30)
    }
    assert sizes == {4: (1, 3), 9: (1, 8), 12: (4, 8), 19: (9, 10), 30: (15, 15)}
    with pytest.raises(FinetuneError, match="3 usable images; at least 4 are needed"):
        split_keep(_pairs(3), seed=0, what="x")


def test_every_batch_mixes_new_and_replayed_images_one_to_one():
    new = [f"b{i}" for i in range(24)]
    old = [f"a{i}" for i in range(9)]
    samples = _epoch_samples(new, old, seed=3, epoch=5)
    assert samples == _epoch_samples(new, old, seed=3, epoch=5)
    assert samples != _epoch_samples(new, old, seed=3, epoch=6)
    assert sorted(samples[0::2]) == sorted(new)  # every new image once per epoch
    assert all(s.startswith("a") for s in samples[1::2])
    counts = [samples[1::2].count(a) for a in old]  # 24 draws of 9: each 2 or 3 times
    assert sum(counts) == 24 and min(counts) >= 2 and max(counts) <= 3
    for start in range(0, len(samples), 8):
        batch = samples[start : start + 8]
        assert sum(s.startswith("a") for s in batch) == len(batch) // 2
    assert sorted(_epoch_samples(new, [], seed=3, epoch=5)) == sorted(new)


def test_distilled_replay_targets_are_the_models_probabilities_at_the_images_size():
    import albumentations as A
    import numpy as np
    import torch
    from albumentations.pytorch import ToTensorV2

    from desktop.core.finetune.data import LoadedPair
    from desktop.core.finetune.trainer import distilled

    model = torch.nn.Conv2d(3, 1, 1)
    torch.nn.init.zeros_(model.weight)
    torch.nn.init.constant_(model.bias, float(np.log(3.0)))  # sigmoid = 0.75 everywhere
    inference = A.Compose([A.Resize(8, 8), A.Normalize(), ToTensorV2()])
    image = np.full((10, 12, 3), 90, np.uint8)
    truth = np.zeros((10, 12), np.uint8)
    [soft] = distilled(model, [LoadedPair(_pairs(1)[0], image, truth)], inference)
    assert soft.soft and soft.mask.shape == (10, 12) and soft.image is image
    assert np.all(soft.mask == round(0.75 * 255))


def test_a_keep_hold_out_under_the_advised_size_is_called_a_weak_check():
    from desktop.core.finetune.data import KEEP_ADVISED_HOLDOUT
    from desktop.core.finetune.run import weak_keep_note

    assert weak_keep_note(KEEP_ADVISED_HOLDOUT) is None
    note = weak_keep_note(KEEP_ADVISED_HOLDOUT - 1)
    assert note.is_note and note.values == (KEEP_ADVISED_HOLDOUT - 1, 2 * KEEP_ADVISED_HOLDOUT)
    assert f"only {KEEP_ADVISED_HOLDOUT - 1} held-out images" in note.text
    assert f"at least {2 * KEEP_ADVISED_HOLDOUT} labelled images" in note.text
