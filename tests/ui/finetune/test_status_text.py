"""Core's fine-tune statuses in the app's words (desktop/ui/finetune/status_text.py)."""

from __future__ import annotations

from desktop.core.finetune import status
from desktop.ui.finetune import status_text


def test_every_status_core_can_say_has_the_apps_own_wording():
    assert set(status_text.WORDINGS) == set(status.PHASES) | set(status.NOTES)
    assert not set(status.PHASES) & set(status.NOTES)


def test_values_fill_the_wording_and_an_unknown_key_falls_back_to_cores_text():
    training = status.phase("training", "training on 19 reviewed images …", 19, 18, 5, 18, 30)
    assert status_text.translated(training) == (
        "Training on 19 reviewed images and 18 of the original site for 30 epochs; 5 and 18 "
        "are held out."
    )
    alone = status.phase("training", "training on 19 reviewed images …", 19, 0, 5, 0, 30)
    assert status_text.translated(alone) == (
        "Training on 19 reviewed images for 30 epochs; 5 are held out."
    )
    scored = status.phase("base_scored", "base model: …", 0.78912, 0.95)
    assert status_text.translated(scored) == (
        "Base model: held-out Dice 0.789; on the original site's held-out images 0.950."
    )
    newer = status.Status("from_a_newer_core", "something core says")
    assert status_text.translated(newer) == "something core says"


def test_a_long_list_names_the_first_few_and_counts_the_rest():
    items = [f"f{index}.png: no mask (skipped)" for index in range(6)]
    assert status_text.listed("Skipped:", items[:2]) == (
        "Skipped:\n• f0.png: no mask (skipped)\n• f1.png: no mask (skipped)"
    )
    text = status_text.listed("Skipped:", items).split("\n")
    assert len(text) == 1 + status_text.MAX_LISTED + 1
    assert text[-2] == f"• f{status_text.MAX_LISTED - 1}.png: no mask (skipped)"
    assert text[-1] == f"… and {6 - status_text.MAX_LISTED} more."
