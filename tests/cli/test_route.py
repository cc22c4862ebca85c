"""A first word that is neither a command nor a file, and --help anywhere, never open the app
(issue #18 item 13: `python -m desktop finetun --help` started the desktop app)."""

from __future__ import annotations

import pytest
from helpers import run_cli

import desktop.__main__ as entry
import desktop.ui.shell.app


@pytest.fixture
def no_window(monkeypatch):
    """Records the app's arguments instead of opening a window."""
    opened: list[list[str]] = []

    def fake_run_app(argv, *args, **kwargs):
        opened.append(list(argv))
        return 0

    monkeypatch.setattr(desktop.ui.shell.app, "run_app", fake_run_app)
    return opened


def test_unknown_word_says_so_lists_commands_and_exits_2(no_window, capsys) -> None:
    assert entry.main(["bacth", "in", "out"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'bacth'" in err
    assert "did you mean 'batch'?" in err
    assert "commands: batch, merge, verify, models, import, review, evaluate" in err
    assert no_window == []


@pytest.mark.parametrize(
    "argv",
    [["finetun", "--help"], ["picture.png", "-h"], ["--lang", "id", "--help"]],
)
def test_help_anywhere_prints_the_top_help(no_window, capsys, argv) -> None:
    with pytest.raises(SystemExit) as exited:
        entry.main(argv)
    assert exited.value.code == 0
    assert "usage:" in capsys.readouterr().out
    assert no_window == []


def test_command_help_stays_the_commands_own(no_window, capsys) -> None:
    with pytest.raises(SystemExit):
        entry.main(["batch", "x", "--help"])
    assert "--recursive" in capsys.readouterr().out


def test_an_existing_image_or_an_option_still_opens_the_app(no_window, tmp_path) -> None:
    image = tmp_path / "scan.png"
    image.write_bytes(b"")
    assert entry.main([str(image)]) == 0
    assert entry.main(["--lang", "id"]) == 0
    assert entry.main([]) == 0
    assert no_window == [[str(image)], ["--lang", "id"], []]


def test_the_typo_from_the_issue_in_a_real_process(offline_subprocess_env, tmp_path) -> None:
    done = run_cli(["finetun"], offline_subprocess_env, tmp_path, timeout=120)
    assert done.returncode == 2
    assert "unknown command 'finetun'" in done.stderr and "commands: batch" in done.stderr
    done = run_cli(["finetun", "--help"], offline_subprocess_env, tmp_path, timeout=120)
    assert done.returncode == 0 and "usage:" in done.stdout
