"""Ctrl+C written once (desktop/cli/interrupt.py): the first press asks the run to stop, a
second aborts where the command allows it, and `main` turns the abort into its message and exit
status instead of a traceback."""

from __future__ import annotations

import signal
import threading

import pytest

from desktop import cli
from desktop.cli import models as models_command
from desktop.cli.interrupt import Abort, Aborted, stop_on_interrupt

ABORT = Abort("aborted: nothing was written", 1)


def test_ctrl_c_sets_the_stop_event_and_prints_the_notice_once(capsys):
    stop = threading.Event()
    with stop_on_interrupt(stop, notice="stopping after the current step"):
        signal.raise_signal(signal.SIGINT)
        assert stop.is_set()
        signal.raise_signal(signal.SIGINT)  # without `second`, another press only stops again
    assert capsys.readouterr().out.count("stopping after the current step") == 1


def test_a_second_ctrl_c_aborts_when_the_command_allows_it():
    stop = threading.Event()
    with pytest.raises(Aborted) as raised, stop_on_interrupt(stop, second=ABORT):
        signal.raise_signal(signal.SIGINT)
        signal.raise_signal(signal.SIGINT)
    assert raised.value.abort == ABORT


def test_sigterm_stops_only_when_asked_and_the_old_handlers_return():
    before_int, before_term = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    stop = threading.Event()
    with stop_on_interrupt(stop, terminate=True):
        assert signal.getsignal(signal.SIGTERM) is not before_term
        signal.raise_signal(signal.SIGTERM)
    assert stop.is_set()
    with stop_on_interrupt(threading.Event()):
        assert signal.getsignal(signal.SIGTERM) is before_term
    assert signal.getsignal(signal.SIGINT) is before_int
    assert signal.getsignal(signal.SIGTERM) is before_term


def test_main_turns_an_abort_into_its_message_and_exit_status(monkeypatch, capsys):
    def run(args):
        with stop_on_interrupt(threading.Event(), second=ABORT):
            signal.raise_signal(signal.SIGINT)
            signal.raise_signal(signal.SIGINT)
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
