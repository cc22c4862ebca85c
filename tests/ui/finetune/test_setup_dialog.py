"""The fine-tune setup dialog: what it starts with, what it counts, what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core.devices import Device
from desktop.ui.finetune.choices import initial_choices, name_problem, suggested_name
from desktop.ui.finetune.controller import training_devices
from desktop.ui.finetune.setup_dialog import FinetuneSetupDialog
from tests.ui.conftest import fake_package
from tests.ui.finetune.conftest import reviewed_set

DEVICES = (("cpu-bf16", "CPU, bf16"), ("cpu", "CPU, fp32"))


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name in ("reviewed", "images", "keep_images", "keep_masks", "models"):
        made[name] = tmp_path / name
        made[name].mkdir()
    return made


def make_dialog(qtbot, folders, scan=None, choices=None, packages=None,
                keep_split=(30, 30, 0, None)):  # fmt: skip
    calls = []

    def fake_scan(reviewed: Path, images: Path):
        calls.append((reviewed, images))
        return scan(reviewed, images) if callable(scan) else (scan or reviewed_set())

    def fake_keep_split(images: Path, masks: Path, seed: int):
        return keep_split(images, masks, seed) if callable(keep_split) else keep_split

    packages = packages or (fake_package("demo-unet"), fake_package("other", bundled=False))
    start = {"reviewed_dir": str(folders["reviewed"]), "images_dir": str(folders["images"])}
    dialog = FinetuneSetupDialog(
        {**start, **(choices or {})}, packages, packages[0], DEVICES, folders["models"],
        fake_scan, keep_split=fake_keep_split,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.scan_calls = calls
    return dialog


def start_enabled(dialog) -> bool:
    return dialog.start_button.isEnabled()


def test_counts_accepted_and_edited_and_lists_what_was_skipped(qtbot, folders):
    problems = tuple(f"img{i}.png: no such image (skipped)" for i in range(6))
    dialog = make_dialog(qtbot, folders, reviewed_set(12, 5, problems))
    assert "12 accepted image(s)" in dialog.counts.text()
    assert "5 of them corrected by hand" in dialog.counts.text()
    assert not dialog.skipped.isHidden()
    assert "img0.png: no such image" in dialog.skipped.text()
    assert "img5.png" not in dialog.skipped.text()  # only the first few are listed …
    assert "2 more" in dialog.skipped.text()  # … the rest counted
    assert start_enabled(dialog)
    assert dialog.scan_calls == [(folders["reviewed"], folders["images"])]


def test_the_suggested_name_follows_the_base_until_typed_over(qtbot, folders):
    dialog = make_dialog(qtbot, folders)
    assert dialog.name_edit.text() == "demo-unet-finetuned"
    dialog.base_combo.setCurrentIndex(1)
    assert dialog.name_edit.text() == "other-finetuned"
    dialog.name_edit.setText("my-model")
    dialog.base_combo.setCurrentIndex(0)
    assert dialog.name_edit.text() == "my-model"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "Give the new model a name."),
        ("bad/name", "letters, digits"),
        ("with space", "letters, digits"),
        ("other", "A model called 'other' already exists"),  # an installed package
        ("on-disk", "A model called 'on-disk' already exists"),  # a folder in the models dir
    ],
)
def test_a_bad_or_taken_name_disables_start(qtbot, folders, name, expected):
    (folders["models"] / "on-disk").mkdir()
    dialog = make_dialog(qtbot, folders)
    dialog.name_edit.setText(name)
    assert not start_enabled(dialog)
    assert expected in dialog.problem.text()
    dialog.name_edit.setText("site-b")
    assert start_enabled(dialog)
    assert dialog.problem.isHidden()


def test_missing_folders_are_named_and_block_start(qtbot, folders, tmp_path):
    dialog = make_dialog(qtbot, folders)
    dialog.reviewed_edit.setText(str(tmp_path / "nowhere"))
    dialog.rescan()
    assert not start_enabled(dialog)
    assert f"'{tmp_path / 'nowhere'}' does not exist" in dialog.problem.text()
    dialog.reviewed_edit.setText(str(folders["reviewed"]))
    dialog.images_edit.setText("")
    dialog.rescan()
    assert dialog.problem.text() == "Choose the folder of the reviewed images."
    assert not start_enabled(dialog)


def test_the_scans_own_error_is_shown(qtbot, folders):
    from desktop.core.finetune import FinetuneError

    def broken(reviewed, images):
        raise FinetuneError(f"There is no review.csv in '{reviewed}'.")

    dialog = make_dialog(qtbot, folders, broken)
    assert not start_enabled(dialog)
    assert dialog.problem.text() == f"There is no review.csv in '{folders['reviewed']}'."


def test_too_few_accepted_images_block_start(qtbot, folders):
    dialog = make_dialog(qtbot, folders, reviewed_set(accepted=3, edited=0))
    assert not start_enabled(dialog)
    assert "3 accepted image(s) found; at least 4 are needed" in dialog.problem.text()


def test_typing_a_folder_rescans_after_a_pause(qtbot, folders, tmp_path):
    other = tmp_path / "other-review"
    other.mkdir()
    dialog = make_dialog(qtbot, folders)
    dialog.reviewed_edit.setText(str(other))
    assert not start_enabled(dialog)  # the old count no longer applies
    qtbot.waitUntil(lambda: len(dialog.scan_calls) == 2, timeout=3000)
    assert dialog.scan_calls[-1] == (other, folders["images"])
    assert start_enabled(dialog)


def test_keep_folders_are_optional_but_both_or_neither(qtbot, folders):
    dialog = make_dialog(qtbot, folders)
    assert not dialog.keep_note.isHidden()
    assert "forgetting of the original site will not be checked" in dialog.keep_note.text()
    assert dialog.request().keep is None
    dialog.keep_images_edit.setText(str(folders["keep_images"]))
    assert not start_enabled(dialog)
    assert "masks folder too" in dialog.problem.text()
    dialog.keep_masks_edit.setText(str(folders["keep_masks"]))
    assert not start_enabled(dialog)  # until the original site's folders are counted
    assert dialog.problem.text() == "Counting the original site's images and masks…"
    qtbot.waitUntil(lambda: start_enabled(dialog), timeout=3000)
    assert dialog.keep_note.text() == (
        "30 replayed in training, 30 held out to check that the original site is not forgotten."
    )
    assert dialog.keep_note.property("role") == "detail"
    assert dialog.request().keep == (folders["keep_images"], folders["keep_masks"])


def test_a_small_original_site_set_is_called_a_weak_check_before_start(qtbot, folders):
    """The same rule and words as the run's note (core's split and weak_keep_note), shown
    while the user can still add images, not only once training has begun."""
    from desktop.ui.finetune.setup_dialog import core_keep_split

    for index in range(12):
        (folders["keep_images"] / f"f{index:02d}.png").write_bytes(b"")
        if index != 5:  # one image without its mask
            (folders["keep_masks"] / f"f{index:02d}.png").write_bytes(b"")
    choices = {"keep_images_dir": str(folders["keep_images"]),
               "keep_masks_dir": str(folders["keep_masks"])}  # fmt: skip
    dialog = make_dialog(qtbot, folders, choices=choices, keep_split=core_keep_split)
    assert start_enabled(dialog)  # a weak check is a warning, not a refusal
    text = dialog.keep_note.text()
    assert text.startswith("3 replayed in training, 8 held out to check that the original site")
    assert "1 image(s) without a usable mask left out." in text
    assert "Forgetting is checked on only 8 held-out images of the original site." in text
    assert dialog.keep_note.property("role") == "warning"


def test_original_site_folders_too_small_to_split_keep_start_disabled(qtbot, folders):
    from desktop.ui.finetune.setup_dialog import core_keep_split

    (folders["keep_images"] / "only.png").write_bytes(b"")
    (folders["keep_masks"] / "only.png").write_bytes(b"")
    choices = {"keep_images_dir": str(folders["keep_images"]),
               "keep_masks_dir": str(folders["keep_masks"])}  # fmt: skip
    dialog = make_dialog(qtbot, folders, choices=choices, keep_split=core_keep_split)
    assert not start_enabled(dialog)
    assert dialog.problem.text().startswith(f"--keep '{folders['keep_images']}': 1 usable images")


def test_the_request_carries_every_choice(qtbot, folders):
    dialog = make_dialog(qtbot, folders)
    request = dialog.request()
    assert (request.reviewed, request.images) == (folders["reviewed"], folders["images"])
    assert request.base == str(fake_package("demo-unet").folder)
    assert request.name == "demo-unet-finetuned"
    assert request.epochs is None  # "automatic": core's measured default
    assert request.holdout == pytest.approx(0.2)
    assert (request.seed, request.device, request.models_dir) == (0, "cpu-bf16", folders["models"])
    dialog.advanced_button.click()
    assert dialog.advanced.isVisibleTo(dialog)
    dialog.epochs_spin.setValue(7)
    dialog.holdout_spin.setValue(30)
    dialog.seed_spin.setValue(42)
    dialog.device_combo.setCurrentIndex(1)
    request = dialog.request()
    assert (request.epochs, request.seed, request.device) == (7, 42, "cpu")
    assert request.holdout == pytest.approx(0.3)
    again = make_dialog(qtbot, folders, choices=dialog.choices())
    assert again.request() == request  # the choices remembered give the same request


def test_keyboard_start_is_the_default_and_escape_cancels(qtbot, folders):
    dialog = make_dialog(qtbot, folders)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.start_button.isDefault() or dialog.start_button.autoDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == FinetuneSetupDialog.DialogCode.Rejected
    assert not dialog.isVisible()
    # Every control takes the keyboard focus (Tab reaches it).
    for widget in (dialog.reviewed_edit, dialog.reviewed_browse, dialog.images_edit,
                   dialog.base_combo, dialog.name_edit, dialog.keep_images_edit,
                   dialog.device_combo, dialog.advanced_button, dialog.start_button):  # fmt: skip
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget


def test_initial_choices_prefer_the_open_review():
    review = {"input_dir": "/data/in", "output_dir": "/data/out", "active": True}
    last = {"reviewed_dir": "/old/out", "images_dir": "/old/in", "seed": 3}
    assert initial_choices(last, review) == {
        "reviewed_dir": "/data/out", "images_dir": "/data/in", "seed": 3
    }  # fmt: skip
    closed = {**review, "active": False}
    assert initial_choices(last, closed)["reviewed_dir"] == "/old/out"  # the last fine-tune
    assert initial_choices({}, closed)["reviewed_dir"] == "/data/out"  # no fine-tune yet
    assert initial_choices({}, {}) == {}


def test_suggested_and_taken_names(tmp_path):
    assert suggested_name("demo", {"demo-finetuned"}) == "demo-finetuned-2"
    assert name_problem("ok.name_1-2", {"x"}, tmp_path) == ""
    assert name_problem("x", {"x"}, None) != ""


def test_bf16_is_offered_only_where_the_cpu_computes_it_natively():
    cpu = Device("cpu", "CPU (exact)", "torch")
    gpu = Device("cuda:0", "CUDA 0 — Fake GPU", "torch")
    fast = Device("cpu-fast", "CPU fast (fp32, OpenVINO)", "openvino")
    assert [i for i, _ in training_devices((cpu, fast), bf16_native=False)] == ["cpu"]
    assert [i for i, _ in training_devices((cpu, gpu), bf16_native=True)] == [
        "cpu-bf16", "cpu", "cuda"
    ]  # fmt: skip
