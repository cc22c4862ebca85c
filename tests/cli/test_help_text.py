"""Command-line help and `batch --threshold` (issue 12: defect 1 and the help friction)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from helpers import run_cli, write_test_image

from desktop.cli import COMMANDS, build_parser
from desktop.cli.help_text import program_name


def _help(parser) -> str:
    return parser.format_help()


def _subparsers(parser):
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_top_level_usage_shows_image_and_lists_commands_and_exit_codes() -> None:
    text = _help(build_parser("segdesk"))
    assert text.startswith("usage: segdesk [-h] [--version] [IMAGE]")
    for command in COMMANDS:
        assert command in text
    assert "exit status:" in text and "  2  nothing could run" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_argument_has_help_and_each_command_a_description_example_exit_codes(
    command, monkeypatch
):
    parser = _subparsers(build_parser("segdesk"))[command]
    for action in parser._actions:
        assert action.help, f"{command}: {action.dest} has no help text"
    text = parser.format_help()
    assert parser.description and len(parser.description) > 20
    assert f"example:\n  segdesk {command}" in text
    assert "exit status:" in text
    assert text.startswith(f"usage: segdesk {command}")
    # Its summary in the top-level help's command list, on one line of a wide terminal.
    monkeypatch.setenv("COLUMNS", "400")
    overview = build_parser("segdesk").format_help()
    summary = re.search(rf"^    {command} +(\S.*)$", overview, flags=re.MULTILINE)
    assert summary, f"{command} has no summary in the command list"
    assert len(summary.group(1)) > 10


def test_defaults_are_listed() -> None:
    batch = " ".join(_subparsers(build_parser("segdesk"))["batch"].format_help().split())
    assert "(default: auto)" in batch and "(default: mask)" in batch
    import_ = " ".join(_subparsers(build_parser("segdesk"))["import"].format_help().split())
    assert "(default: 0.5)" in import_ and "(default: 256)" in import_


def test_program_name_matches_how_it_was_started() -> None:
    assert program_name("/x/desktop/__main__.py", frozen=False) == "python -m desktop"
    assert program_name("/usr/local/bin/segdesk", frozen=False) == "segdesk"
    assert program_name("C:\\SegDesk\\SegDesk.exe".replace("\\", "/"), frozen=False) == "SegDesk"


def test_help_of_python_m_desktop_says_python_m_desktop(offline_subprocess_env, tmp_path):
    done = run_cli(["--help"], offline_subprocess_env, tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: python -m desktop [-h] [--version] [IMAGE]")
    done = run_cli(["batch", "--help"], offline_subprocess_env, tmp_path)
    assert "--threshold T" in done.stdout and "usage: python -m desktop batch" in done.stdout


@pytest.mark.parametrize("value", ["0", "1", "1.2", "-0.1", "half"])
def test_batch_threshold_out_of_range_is_a_clear_error(value, offline_subprocess_env, tmp_path):
    (tmp_path / "in").mkdir()
    done = run_cli(["batch", tmp_path / "in", tmp_path / "o", "--threshold", value],
                   offline_subprocess_env, tmp_path)  # fmt: skip
    assert done.returncode == 2
    assert "--threshold" in done.stderr and "0 < T < 1" in done.stderr
    assert not (tmp_path / "o").exists()


def test_batch_threshold_is_used_and_recorded(unet18, offline_subprocess_env, tmp_path):
    models = tmp_path / "models"
    shutil.copytree(unet18.package_dir, models / "unet18")
    photos = tmp_path / "photos"
    write_test_image(photos / "a.png", 48, 64, 1)
    out = tmp_path / "out"
    done = run_cli(["batch", photos, out, "--model", "unet18", "--device", "cpu",
                    "--threshold", "0.35"], offline_subprocess_env, tmp_path, models)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "threshold 0.35 (model's own: 0.5)" in done.stdout
    # and again among the final lines, which are what stays on screen (issue #18 item 12)
    final = done.stdout[done.stdout.index("done 1, failed 0") :]
    assert "threshold 0.35 (overridden; the model's is 0.50)" in final
    run = json.loads((out / "run.json").read_text("utf-8"))
    assert (run["threshold"], run["training_threshold"], run["threshold_overridden"]) == (
        0.35, 0.5, True,
    )  # fmt: skip


def test_verify_says_what_pass_means(unet18, offline_subprocess_env, tmp_path):
    models = tmp_path / "models"
    shutil.copytree(unet18.package_dir, models / "unet18")
    done = run_cli(["verify", "--model", "unet18", "--device", "cpu"],
                   offline_subprocess_env, tmp_path, models)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS unet18" in done.stdout
    assert "reproduces the model's reference outputs" in done.stdout
    assert "does not measure how accurate the model is" in done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_example_is_one_line_that_can_be_pasted(command, monkeypatch):
    """A wrapped example breaks model names at their hyphens ("demo-" / "unetplusplus-resnet34")
    and splits the command: the example line stays whole at an 80-column terminal."""
    from desktop.cli.help_text import COMMAND_HELP

    monkeypatch.setenv("COLUMNS", "80")
    prog = "python -m desktop"
    text = _subparsers(build_parser(prog))[command].format_help()
    assert f"example:\n  {prog} {COMMAND_HELP[command].example}\n" in text
