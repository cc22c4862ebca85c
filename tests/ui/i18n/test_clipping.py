"""No clipped text in the default window at 100 % and 200 % (issue 12 defect 6), in English
and in Bahasa Indonesia (longer words).

Each scale runs in its own process (QT_SCALE_FACTOR is read once at start) on an offscreen
screen of 1920 × 1080 logical pixels (3840 × 2160 at 200 %), with a user model chosen and the
threshold override on — the state in which the user saw clipped and scrolling text.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).resolve().parents[1] / "clipping_probe.py"


def _compile_translations(folder: Path) -> None:
    tool = Path(__file__).resolve().parents[3] / "tools" / "i18n.py"
    spec = importlib.util.spec_from_file_location("segdesk_i18n_tool_clip", tool)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.release(out=folder)


@pytest.fixture(
    scope="module",
    params=[(1, "en"), (2, "en"), (1, "id"), (2, "id")],
    ids=["100%", "200%", "100%-id", "200%-id"],
)
def measured(request, offline_subprocess_env, tmp_path_factory) -> dict:
    scale, language = request.param
    folder = tmp_path_factory.mktemp(f"clip{scale}{language}")
    language_args = []
    if language != "en":
        _compile_translations(folder)
        language_args = [language, str(folder)]
    screen = folder / "screen.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "probe", "x": 0, "y": 0, "width": 1920 * scale, "height": 1080 * scale,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1,
    }]}))  # fmt: skip
    env = {
        **offline_subprocess_env,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": str(scale),
        "PYTHONPATH": offline_subprocess_env["PYTHONPATH"],
    }
    done = subprocess.run([sys.executable, str(PROBE), str(folder), *language_args],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ratio"] == scale
    result["language"] = language
    return result


def test_the_window_speaks_the_language_measured(measured):
    notice = measured["labels"]["notice"]["text"]
    expected = {"en": "Threshold overridden:", "id": "Ambang batas diganti:"}[measured["language"]]
    assert notice.startswith(expected), notice


def test_controls_panel_needs_no_scrolling_with_the_override_warning(measured):
    panel = measured["panel"]
    assert measured["labels"]["notice"]["visible"]
    assert panel["scroll_max"] == 0 and panel["needed"] <= panel["viewport"], panel


def test_model_names_are_whole_in_the_picker(measured):
    for item in measured["combo"]:
        assert item["needed"] <= item["room"], item


def test_labels_have_the_room_their_text_needs(measured):
    for name, label in measured["labels"].items():
        assert label["height"] >= label["needed_height"], (name, label)
        assert label["width"] >= label["needed_width"], (name, label)
