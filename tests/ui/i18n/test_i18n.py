"""Bahasa Indonesia (DESIGN §11): the catalogue is complete, and the UI really speaks it.

The .qm is compiled from the committed .ts into a temporary folder by the same code the build
uses (tools/i18n.py), so these tests need no `make` first.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox, QGroupBox

from desktop.core.batch import BatchSummary
from desktop.ui.i18n import numbers
from desktop.ui.i18n.language import (
    LanguageError,
    choose_language,
    current_language,
    install_language,
    split_language_argument,
    system_language,
)
from tests.ui.conftest import segment_and_wait

ROOT = Path(__file__).resolve().parents[3]


def _load_i18n_tool():
    spec = importlib.util.spec_from_file_location("segdesk_i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


i18n_tool = _load_i18n_tool()


@pytest.fixture(scope="module")
def qm_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("qm")
    written = i18n_tool.release(out=folder)
    assert [p.name for p in written] == ["segdesk_id.qm"]
    return folder


@pytest.fixture
def indonesian(qapp, qm_folder):
    loaded = install_language("id", qm_folder)
    assert any(path.endswith("segdesk_id.qm") for path in loaded)
    yield
    install_language("en")


# -- the catalogue -------------------------------------------------------------------------------
def test_every_ui_string_has_a_finished_indonesian_translation() -> None:
    """lupdate over desktop/ui into a copy of the committed .ts: nothing missing (a tr() string
    the .ts lacks), unfinished, empty or vanished; and qt_id.ts is fully translated."""
    problems = i18n_tool.problems("id")
    assert problems == [], "run `python tools/i18n.py update`, then translate:\n" + "\n".join(
        problems
    )


def test_the_check_notices_a_new_string_and_a_vanished_one(tmp_path, monkeypatch) -> None:
    """The completeness check itself can fail: a string added to the code and an entry whose
    string left the code are both reported."""
    ts = tmp_path / "segdesk_id.ts"
    committed = i18n_tool.ts_path("id").read_text(encoding="utf-8")
    gone = (
        "<context>\n    <name>GoneDialog</name>\n    <message>\n        <source>Old words"
        "</source>\n        <translation>Kata lama</translation>\n    </message>\n</context>\n"
    )
    ts.write_text(committed.replace("</TS>", gone + "</TS>"), encoding="utf-8")
    extra = tmp_path / "src" / "extra.py"
    extra.parent.mkdir()
    extra.write_text(
        "from PySide6.QtCore import QObject\n\n\nclass NewPanel(QObject):\n"
        "    def label(self):\n        return self.tr('Brand new words')\n",
        encoding="utf-8",
    )
    real_sources = i18n_tool.source_files
    monkeypatch.setattr(i18n_tool, "source_files", lambda: real_sources() + [str(extra)])
    found = i18n_tool.problems("id", folder=tmp_path)
    assert "missing from segdesk_id.ts: [NewPanel] 'Brand new words'" in found
    assert any("[GoneDialog] 'Old words'" in p and "no longer in the code" in p for p in found)


def test_translations_keep_their_placeholders() -> None:
    """A translation uses exactly the placeholders of its English source ({name}, {0:.2f}, %1;
    else .format fails or drops a value), and keeps one & accelerator where the source has one."""
    placeholder = re.compile(r"\{[^{}]*\}|%\d|%[vmp]")
    for entry in i18n_tool.read_ts(i18n_tool.ts_path("id")):
        placeholders = sorted(placeholder.findall(entry.source))
        assert sorted(placeholder.findall(entry.translation)) == placeholders, entry
        if "<" not in entry.source:
            assert entry.source.count("&") == entry.translation.count("&"), entry


# -- choosing the language -------------------------------------------------------------------------
def test_lang_argument_is_taken_out_of_the_app_arguments() -> None:
    assert split_language_argument(["--lang", "id", "x.png"]) == ("id", ["x.png"])
    assert split_language_argument(["x.png", "--lang=en"]) == ("en", ["x.png"])
    assert split_language_argument(["x.png"]) == (None, ["x.png"])
    with pytest.raises(LanguageError, match="fr"):
        split_language_argument(["--lang", "fr"])
    with pytest.raises(LanguageError):
        split_language_argument(["--lang"])


def test_command_line_beats_setting_beats_system() -> None:
    assert choose_language("id", "en", "en") == "id"
    assert choose_language(None, "id", "en") == "id"
    assert choose_language(None, "", "id") == "id"
    assert choose_language(None, "", "en") == "en"
    assert system_language(QLocale("id_ID")) == "id"
    assert system_language(QLocale("de_DE")) == "en"


def test_bad_lang_argument_exits_with_status_2(capsys) -> None:
    from desktop.__main__ import main

    assert main(["--lang", "xx"]) == 2
    assert "--lang 'xx' is not a UI language" in capsys.readouterr().err


# -- the UI in Indonesian --------------------------------------------------------------------------
def test_main_window_menus_and_control_panel_in_indonesian(
    qtbot, indonesian, make_window, images
) -> None:
    window = make_window()
    assert current_language() == "id"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Berkas", "&Sunting", "&Tampilan", "&Model", "Ba&ntuan"]
    file_menu = window.menuBar().actions()[0].menu()
    file_items = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert file_items[:3] == ["&Buka…", "Buka Berkas &Terbaru", "Buka &Contoh"]
    assert "Segmentasi &Massal Folder…" in file_items and "&Keluar" in file_items
    groups = [box.title() for box in window.panel.findChildren(QGroupBox)]
    assert groups[:3] == ["Model", "Lapisan", "Ambang batas"] and "Hasil" in groups
    assert set(groups) <= {"Model", "Lapisan", "Ambang batas", "Gambar", "Hasil", "Koreksi Masker"}
    assert window.commands.segment.text() == "&Segmentasikan"
    assert window.auto_segment_box.text() == "Segmentasikan saat dibuka"
    assert window.overlay_controls.mode_combo.currentText() == "Masker terisi"
    assert window.dock.windowTitle() == "Kontrol"
    # numbers: Indonesian decimal comma, dot for thousands
    assert window.threshold_controls.spin.text() == "0,500"
    assert window.threshold_controls.training_label.text() == (
        "Ambang batas model: <b>0,5</b> (dari pelatihan)"
    )

    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    prediction = window.session.prediction
    percent = f"{prediction.foreground_fraction * 100:.2f}".replace(".", ",")
    pixels = f"{prediction.foreground_pixels:,}".replace(",", ".")
    assert window.result_panel.area.text() == f"{pixels} px ({percent} %)"
    assert "," in percent and prediction.foreground_pixels >= 1000 and "." in pixels
    assert window.result_panel.threshold.text() == "0,5 (model)"
    assert window.status.device.text() == "Dijalankan di CPU (eksak)"  # core's label, translated

    window.session.set_threshold_override(0.25)
    assert window.result_panel.threshold.text() == "<b>0,25</b> (diganti; model: 0,5)"
    assert window.threshold_controls.notice.text() == (
        "Ambang batas diganti: 0,25, bukan 0,5. Dicatat di setiap ekspor."
    )


def test_indonesian_menus_have_one_accelerator_per_letter(qtbot, indonesian, make_window) -> None:
    """Alt+letter must reach one command: no two items of a menu share their & letter."""
    _assert_one_accelerator_per_letter(make_window())


def test_english_menus_have_one_accelerator_per_letter(qtbot, make_window) -> None:
    _assert_one_accelerator_per_letter(make_window())


def _assert_one_accelerator_per_letter(window) -> None:
    for top in window.menuBar().actions():
        letters: dict[str, str] = {}
        for action in top.menu().actions():
            text = action.text().replace("&&", "")
            if action.isSeparator() or "&" not in text:
                continue
            letter = text[text.index("&") + 1].lower()
            assert letter not in letters, (top.text(), letters[letter], action.text())
            letters[letter] = action.text()


def test_batch_dialogs_in_indonesian(qtbot, indonesian, tmp_path) -> None:
    from desktop.ui.batch.progress_dialog import BatchProgressDialog
    from desktop.ui.batch.setup_dialog import BatchSetupDialog

    setup = BatchSetupDialog({}, "fake-unet di CPU")
    qtbot.addWidget(setup)
    assert setup.windowTitle() == "Segmentasi Massal Folder"
    assert setup.recursive_box.text() == "Sertakan subfolder"
    ok = setup.buttons.button(QDialogButtonBox.StandardButton.Ok)
    cancel = setup.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert (ok.text(), cancel.text()) == ("Mulai", "Batal")  # Batal: Qt's own button, qt_id.ts
    assert setup.problem_text() == "Pilih folder berisi gambar yang akan disegmentasi."
    setup.input_edit.setText(str(tmp_path / "tidak-ada"))  # a folder that does not exist
    assert setup.problem_text().startswith("Folder masukan")  # says so …
    assert setup.count_label.text() == ""  # … and no "0 gambar akan disegmentasi" beside it

    progress = BatchProgressDialog()
    qtbot.addWidget(progress)
    progress.start(tuple(f"{i}.png" for i in range(1500)))
    assert progress.headline.text() == "Menyegmentasi 1.500 gambar…"
    summary = BatchSummary(
        total=1500, done=1234, failed=1, skipped=265, cancelled=False,
        output_dir=tmp_path, report_path=tmp_path / "report.csv",
        failures=(("x.png", "Cannot open image 'x.png': not an image"),),
    )  # fmt: skip
    progress.finish(summary)
    assert progress.windowTitle() == "Segmentasi Massal Selesai"
    assert progress.headline.text() == (
        "<b>Selesai</b>: 1.234 berhasil, 1 gagal, 265 sudah selesai sebelumnya (dari 1.500)."
    )
    assert progress.close_button.text() == "Tutup"
    assert "Gagal (1):" in progress.failures.toHtml()


def test_core_messages_are_shown_in_indonesian(qtbot, indonesian, make_window, messages) -> None:
    """core writes English (it never imports Qt); the UI translates the messages it shows."""
    from desktop.ui.i18n.core_text import translate_core_text

    window = make_window()
    assert window.document.open_image("/nonexistent/scan.png") is False
    assert messages[-1] == (
        "Tidak dapat membuka gambar",
        "Tidak dapat membuka gambar '/nonexistent/scan.png': berkas tidak ditemukan",
    )
    assert window.device_picker.itemText(0) == "CPU (eksak)"
    nested = "Cannot recognise the model in 'm.pth': the encoder is none of a, b; pass --encoder."
    assert translate_core_text(nested) == (
        "Model di 'm.pth' tidak dapat dikenali: enkoder bukan salah satu dari a, b; "
        "pilih enkoder secara manual."
    )
    assert translate_core_text("something new from core") == "something new from core"


def test_a_file_in_use_is_reported_in_indonesian(qtbot, indonesian) -> None:
    """Windows: an output another program holds open (desktop/core/atomic.py)."""
    from desktop.core.errors import FileInUseError
    from desktop.ui.i18n.core_text import translate_core_text

    error = FileInUseError(r"D:\hasil\x_mask.png", r"D:\hasil\x_mask.new.png")
    assert translate_core_text(str(error)) == (
        r"'D:\hasil\x_mask.png' tidak dapat diganti: berkas itu sedang digunakan oleh program "
        r"lain (atau hanya-baca); isi yang baru disimpan sebagai 'D:\hasil\x_mask.new.png'"
    )


def test_switching_back_to_english(qtbot, qm_folder, make_window) -> None:
    install_language("id", qm_folder)
    install_language("en")
    assert current_language() == "en"
    assert numbers.fixed(12.5, 1) == "12.5" and numbers.integer(1234) == "1,234"
    window = make_window()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Model", "&Help"]
    assert window.threshold_controls.spin.text() == "0.500"
    assert window.commands.segment.text() == "&Segment"


def test_numbers_follow_the_ui_language(qapp, qm_folder) -> None:
    install_language("id", qm_folder)
    try:
        assert numbers.percent(0.125, 1) == "12,5"
        assert numbers.integer(1234567) == "1.234.567"
        assert numbers.general(0.5) == "0,5"
        assert numbers.fixed(4882.81, 1) == "4882,8"  # grouping only for whole numbers (`:,`)
        assert numbers.signed(0.01234, 4) == "+0,0123" and numbers.signed(-0.5, 2) == "-0,50"
    finally:
        install_language("en")
    assert numbers.percent(0.125, 1) == "12.5"
    assert numbers.general(0.5) == "0.5"


def test_language_menu_stores_the_choice_and_says_it_applies_at_restart(
    qtbot, indonesian, make_window, settings, messages, qm_folder, monkeypatch
) -> None:
    from desktop.ui.i18n import language_menu

    monkeypatch.setattr(language_menu, "default_translations_dir", lambda: qm_folder)
    window = make_window()
    menu = window.language_menu
    assert menu.title() == "&Bahasa"
    assert menu.choices[""].isChecked() and menu.choices[""].text() == "Bawaan Sistem"
    menu.choices["en"].trigger()
    assert settings.language == "en"
    title, text = messages[-1]
    assert title == "Bahasa"
    assert text == (
        "SegDesk akan memakai bahasa baru saat dijalankan lagi.\n\n"
        "SegDesk will use the new language the next time it starts."
    )
    assert current_language() == "id"  # nothing changes before the restart


def test_evaluation_sentences_match_core_in_english_and_are_translated(qapp, qm_folder) -> None:
    """The results window builds core's summary sentences itself (to translate them): in English
    they must stay word for word what core writes to summary.json."""
    from desktop.core.evaluation import summary as core
    from desktop.ui.evaluation.summary_text import paired_sentence, verdict_text

    pairs = [
        ("A", "B", 24, 0.0374, (-0.0118, 0.1251), 0.876),
        ("A", "B", 24, 0.05, (0.01, 0.09), None),
        ("A", "B", 0, None, None, None),
    ]
    for a, b, n, mean, interval, p in pairs:
        pair = {"a": a, "b": b, "n": n, "mean_dice_difference": mean, "ci95": interval,
                "wilcoxon_p": p}  # fmt: skip
        assert paired_sentence(pair) == core._paired_sentence(a, b, n, mean, interval, p)
    comparisons = [
        {"recorded": "validation", "recorded_dice": 0.9534, "recorded_frames": 48,
         "recorded_empty_frames": 8, "measured": "dice_model_res", "measured_dice": 0.96,
         "difference": 0.0066, "ci95": [0.9431, 0.9737], "recorded_inside_ci": True},
        {"recorded": "heldout", "recorded_dice": 0.9436, "recorded_frames": 200,
         "recorded_empty_frames": 33, "measured": "dice", "measured_dice": 0.962,
         "difference": 0.0184, "ci95": [0.9454, 0.9753], "recorded_inside_ci": False},
        {"recorded": "heldout", "recorded_dice": 0.9436, "recorded_frames": 0,
         "recorded_empty_frames": None, "measured": "dice", "measured_dice": 0.962,
         "difference": 0.0184, "ci95": [0.9454, 0.9753], "recorded_inside_ci": False},
        {"recorded": "validation", "recorded_dice": 0.96, "recorded_frames": 24,
         "recorded_empty_frames": 4, "measured": "dice_model_res", "measured_dice": 0.96001,
         "difference": 0.00001, "ci95": [0.9431, 0.9737], "recorded_inside_ci": True},
    ]  # fmt: skip
    entry = {"name": "m", "n": 24, "comparison": comparisons, "mean": {"dice": 0.96},
             "empty_ground_truth": {"images": 4, "with_false_positive": 1},
             "mean_dice_with_foreground": 0.9595}  # fmt: skip
    for comparison in comparisons:
        comparison["sentence"] = core._comparison_sentence("m", entry, comparison)
    assert verdict_text(entry) == " ".join(core.verdict("m", entry))
    bare = {"name": "m", "n": 3, "comparison": [], "mean": {"dice": 0.5},
            "empty_ground_truth": {"images": 0}}  # fmt: skip
    assert verdict_text(bare) == " ".join(core.verdict("m", bare))

    install_language("id", qm_folder)
    try:
        text = verdict_text(entry)
        assert text.startswith("m: Dice validasi tercatat 0,9534 pada 48 gambar;"), text
        assert paired_sentence(
            {"a": "A", "b": "B", "n": 24, "mean_dice_difference": 0.0374,
             "ci95": (-0.0118, 0.1251), "wilcoxon_p": 0.876}
        ).endswith("Tidak ada perbedaan yang jelas pada gambar-gambar ini.")  # fmt: skip
    finally:
        install_language("en")


def test_damaged_dicom_reasons_are_shown_in_indonesian(qtbot, indonesian) -> None:
    """issue #18 item 15: the reasons desktop/core/dicom/damage.py gives; "at most" is not
    swallowed by the general frame count."""
    from desktop.ui.i18n.core_text import translate_core_text

    cut = (
        "Cannot open image 'us.dcm': truncated: the file ends at byte 67,470 before its pixel "
        "data ends"
    )
    assert translate_core_text(cut) == (
        "Tidak dapat membuka gambar 'us.dcm': terpotong: berkas berakhir di bita ke-67,470 "
        "sebelum data pikselnya selesai"
    )
    assert (
        translate_core_text("NumberOfFrames says 500 but the pixel data holds at most 3 frames")
        == "NumberOfFrames menyebut 500, tetapi data pikselnya memuat paling banyak 3 bingkai"
    )
    assert translate_core_text("NumberOfFrames says 500 but the pixel data holds 1 frame") == (
        "NumberOfFrames menyebut 500, tetapi data pikselnya hanya memuat 1 bingkai"
    )
