"""Ctrl+C written once (desktop/cli/interrupt.py): the first press asks the run to stop, a
second aborts where the command allows it, and `main` turns the abort into its message and exit
status instead of a traceback."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import pytest

from desktop import cli
from desktop.cli import models as models_command
from desktop.cli.interrupt import Abort, Aborted, stop_on_interrupt

ABORT = Abort("aborted: nothing was written", 1)


def press(number: int) -> None:
    """Run the handler installed for `number` as the signal would. Raising a real signal in the
    test process segfaulted it once earlier tests had left OpenVINO engines with their thread
    pools behind; real Ctrl+C and SIGTERM reach a command in tests/cli/test_commands.py and
    tests/cli/test_scale_out.py, which signal a child process."""
    signal.getsignal(number)(number, None)


def test_ctrl_c_sets_the_stop_event_and_prints_the_notice_once(capsys):
    stop = threading.Event()
    with stop_on_interrupt(stop, notice="stopping after the current step"):
        press(signal.SIGINT)
        assert stop.is_set()
        press(signal.SIGINT)  # without `second`, another press only stops again
    assert capsys.readouterr().out.count("stopping after the current step") == 1


def test_a_second_ctrl_c_aborts_when_the_command_allows_it():
    stop = threading.Event()
    with pytest.raises(Aborted) as raised, stop_on_interrupt(stop, second=ABORT):
        press(signal.SIGINT)
        press(signal.SIGINT)
    assert raised.value.abort == ABORT


def test_sigterm_stops_only_when_asked_and_the_old_handlers_return():
    before_int, before_term = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    stop = threading.Event()
    with stop_on_interrupt(stop, terminate=True):
        assert signal.getsignal(signal.SIGTERM) is not before_term
        press(signal.SIGTERM)
    assert stop.is_set()
    with stop_on_interrupt(threading.Event()):
        assert signal.getsignal(signal.SIGTERM) is before_term
    assert signal.getsignal(signal.SIGINT) is before_int
    assert signal.getsignal(signal.SIGTERM) is before_term


def test_main_turns_an_abort_into_its_message_and_exit_status(monkeypatch, capsys):
    def run(args):
        with stop_on_interrupt(threading.Event(), second=ABORT):
            press(signal.SIGINT)
            press(signal.SIGINT)
        raise AssertionError("the second Ctrl+C did not abort")

    monkeypatch.setattr(models_command, "run", run)
    assert cli.main(["models"]) == 1
    assert capsys.readouterr().err.strip() == "aborted: nothing was written"


def test_every_command_has_a_module_and_a_help_text():
    from desktop.cli.help_text import COMMAND_HELP
    from desktop.cli.parser import COMMAND_MODULES

    assert set(COMMAND_MODULES) == set(cli.COMMANDS) == set(COMMAND_HELP)
    for module in COMMAND_MODULES.values():
        assert callable(module.add_arguments) and callable(module.run)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl+C", "SIGTERM"])
def test_a_signalled_batch_stops_after_the_current_image_and_keeps_its_report(
    number, unet18, offline_subprocess_env, tmp_path
):
    """A real signal to a running `batch` (Ctrl+C at the console, SIGTERM from a scheduler):
    the run ends with exit 1 and "cancelled", every image done so far is in report.csv with its
    mask, and nothing after it was started."""
    import csv
    import subprocess
    import sys

    from helpers import write_test_image

    images = tmp_path / "in"
    for index in range(60):
        write_test_image(images / f"img{index:02d}.png", 96, 128, seed=index)
    out = tmp_path / "out"
    child = subprocess.Popen(
        [sys.executable, "-m", "desktop", "batch", str(images), str(out), "--model",
         str(unet18.package_dir), "--device", "cpu"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=offline_subprocess_env,
    )  # fmt: skip
    for line in child.stdout:  # signal once the first image is done
        if line.startswith("[1/60]"):
            break
    child.send_signal(number)
    rest, errors = child.communicate(timeout=300)
    assert child.returncode == 1, errors
    assert "cancelled" in rest and "Traceback" not in errors
    with open(out / "report.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert 1 <= len(rows) < 60
    for row in rows:
        assert row["status"] == "ok", row
        assert (out / row["file"]).with_name(f"{Path(row['file']).stem}_mask.png").is_file()
    assert not (out / "img59_mask.png").exists()
