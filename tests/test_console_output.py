"""Command-line output survives any code page (desktop/console.py): on Windows a pipe gets UTF-8,
and a character the output's encoding lacks is escaped instead of ending the command."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from desktop import console


class _Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


def _stream(encoding: str, terminal: bool = False) -> io.TextIOWrapper:
    return io.TextIOWrapper(_Terminal() if terminal else io.BytesIO(), encoding=encoding)


def _fake_streams(monkeypatch):
    """Fake stdout (a pipe) and stderr (a console), both in cp1252; no PYTHONIOENCODING.
    Called in the test itself: pytest's capture puts its own streams back after fixtures."""
    if sys.flags.utf8_mode:
        pytest.skip("UTF-8 mode: the streams are UTF-8 already")
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    out, err = _stream("cp1252"), _stream("cp1252", terminal=True)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    return out, err


def test_windows_pipe_becomes_utf8_console_keeps_its_encoding(monkeypatch):
    out, err = _fake_streams(monkeypatch)
    monkeypatch.setattr(sys, "platform", "win32")
    console.configure_console_output()
    assert (out.encoding, out.errors) == ("utf-8", "backslashreplace")
    # The console is Unicode on Windows (its encoding is not the code page there).
    assert (err.encoding, err.errors) == ("cp1252", "backslashreplace")
    print("C:\\Users\\Dévi\\图像.png — ok", file=out)
    out.flush()
    assert out.buffer.getvalue().decode("utf-8") == "C:\\Users\\Dévi\\图像.png — ok\n"
    print("图像.png", file=err)  # never raises, even where the console lacks the characters
    err.flush()
    assert err.buffer.getvalue() == b"\\u56fe\\u50cf.png\n"


def test_an_explicit_pythonioencoding_is_kept(monkeypatch):
    out, _ = _fake_streams(monkeypatch)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PYTHONIOENCODING", "cp1252")
    console.configure_console_output()
    assert (out.encoding, out.errors) == ("cp1252", "backslashreplace")


def test_elsewhere_only_the_error_handler_changes(monkeypatch):
    out, _ = _fake_streams(monkeypatch)
    monkeypatch.setattr(sys, "platform", "linux")
    console.configure_console_output()
    assert (out.encoding, out.errors) == ("cp1252", "backslashreplace")


def test_missing_or_replaced_streams_are_left_alone(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdout", None)  # a windowed app has no console
    monkeypatch.setattr(sys, "stderr", object())  # something without reconfigure()
    console.configure_console_output()  # no exception


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_models_command_prints_non_ascii_paths_in_any_code_page(
    encoding, offline_subprocess_env, tmp_path
):
    models = tmp_path / "Dévi" / "modèles"
    broken = models / "modèle—图像"  # outside cp1252 too
    broken.mkdir(parents=True)
    (broken / "model.json").write_text("{ not json", "utf-8")
    env = {**offline_subprocess_env, "SEGDESK_MODELS": str(models), "PYTHONIOENCODING": encoding}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "models"], env=env, capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    out = done.stdout.decode(encoding)  # what was written is valid in that encoding
    line = next(line for line in out.splitlines() if line.startswith("BROKEN"))
    # Each character the code page has is printed as itself, the others as escapes (\\u56fe),
    # which give the name back exactly.
    assert str(broken).encode(encoding, "backslashreplace").decode(encoding) in line
    if encoding == "cp1252":
        assert "Dévi" in line and "modèle—\\u56fe\\u50cf" in line
