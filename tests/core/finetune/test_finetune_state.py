"""The resumable state's answer when it cannot be used: start again, and say why."""

from __future__ import annotations

from desktop.core.finetune.state import STATE_FOLDER, STATE_NAME, TrainingState, load_state


def test_nothing_saved_starts_afresh_without_a_word(tmp_path):
    assert load_state(tmp_path, "abc") == (None, None)


def test_an_unreadable_state_starts_again_naming_the_file(tmp_path):
    path = tmp_path / STATE_FOLDER / STATE_NAME
    path.parent.mkdir()
    path.write_text("{ truncated", "utf-8")
    state, said = load_state(tmp_path, "abc")
    assert state is None and said.key == "restarting" and not said.is_note
    assert f"the saved state '{path}' cannot be read" in said.text
    assert said.text.endswith(": starting again from the base model")
    assert said.values[0] in said.text  # the app shows the reason in its own sentence


def test_another_runs_state_or_a_missing_file_starts_again(tmp_path):
    import json
    from dataclasses import asdict

    path = tmp_path / STATE_FOLDER / STATE_NAME
    path.parent.mkdir()
    path.write_text(json.dumps(asdict(TrainingState("abc", epoch=2, weights_file="w.st"))))
    state, said = load_state(tmp_path, "other")
    assert state is None and "differ from the stopped run's" in said.text
    state, said = load_state(tmp_path, "abc")
    assert state is None and said.values == ("the saved state lacks w.st",)
    (path.parent / "w.st").write_bytes(b"")
    state, said = load_state(tmp_path, "abc")
    assert state.epoch == 2 and said.key == "resuming" and said.values == (2,)
