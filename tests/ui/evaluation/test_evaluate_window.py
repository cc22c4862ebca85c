"""Model › Evaluate Against Ground Truth…: dialog, run on the worker, results, cases, cancel."""

from __future__ import annotations

import dataclasses
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt

from desktop.core.evaluation.runner import EvaluationOptions
from desktop.core.package import PackageListing
from desktop.core.prediction import Prediction
from desktop.ui.evaluation import results_window
from desktop.ui.evaluation.case_window import FN_COLOR, FP_COLOR, GT_COLOR, TP_COLOR
from desktop.ui.evaluation.evaluate_dialog import EvaluateSetupDialog
from desktop.ui.evaluation.jobs import CaseRequest, EvaluateRequest
from desktop.ui.worker.jobs import Services
from tests.ui.conftest import CPU, fake_package

ROOT = Path(__file__).resolve().parents[3]
SIZE = 256  # the images are the network's size, so every mask below is exact at both scales
REAL_TRANSFORM = json.loads((ROOT / "weights/demo-unet-resnet34/model.json").read_text())[
    "transform"
]
PREDICTED_ROWS = {"model-a": slice(0, 128), "model-b": slice(0, 64)}  # full-width bands
TRUTH_ROWS = {"a": slice(0, 128), "b": slice(64, 192)}  # "c" has no ground truth
# Dice at both sizes: a → A 1, B 2·64/(128+64); b → A 2·64/(128+128), B 0.
EXPECTED = {("a", "model-a"): 1.0, ("a", "model-b"): 2 / 3,
            ("b", "model-a"): 0.5, ("b", "model-b"): 0.0}  # fmt: skip


def _package(name: str):
    return dataclasses.replace(
        fake_package(name), transform=REAL_TRANSFORM,
        training={"validation": {"dice": 0.75, "frames": 10, "resolution": "256x256 (model)"}},
    )  # fmt: skip


PACKAGES = (_package("model-a"), _package("model-b"))


@dataclass
class BandLab:
    entered: threading.Event = field(default_factory=threading.Event)
    gate: threading.Event | None = None
    calls: int = 0


class BandSegmenter:
    def __init__(self, lab: BandLab, package) -> None:
        self._lab = lab
        self.package = package
        self.device = CPU
        self.fallback_reason = None
        self.threshold = package.threshold

    def predict(self, image: np.ndarray) -> Prediction:
        self._lab.calls += 1
        self._lab.entered.set()
        if self._lab.gate is not None:
            assert self._lab.gate.wait(20), "test gate never opened"
        probability = np.zeros(image.shape[:2], np.float32)
        probability[PREDICTED_ROWS[self.package.name], :] = 0.9
        return Prediction.from_model_probability(
            probability, image.shape[:2], threshold=0.5, device="cpu"
        )


@pytest.fixture
def band_lab() -> BandLab:
    return BandLab()


@pytest.fixture
def band_services(band_lab) -> Services:
    return Services(
        make_segmenter=lambda package, device_id: BandSegmenter(band_lab, package),
        list_devices=lambda: (CPU,),
    )


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    images, masks = tmp_path / "images", tmp_path / "masks"
    images.mkdir()
    masks.mkdir()
    rng = np.random.default_rng(3)
    for name in ("a", "b", "c"):
        rgb = rng.integers(0, 255, (SIZE, SIZE, 3), dtype=np.uint8)
        assert cv2.imwrite(str(images / f"{name}.png"), rgb)
        if name in TRUTH_ROWS:
            truth = np.zeros((SIZE, SIZE), np.uint8)
            truth[TRUTH_ROWS[name], :] = 255
            assert cv2.imwrite(str(masks / f"{name}_mask.png"), truth)
    return images, masks


@pytest.fixture
def window(qtbot, settings, reporter, band_services):
    from desktop.ui.shell.main_window import MainWindow

    listing = PackageListing(PACKAGES, ())
    main = MainWindow(settings, reporter, band_services, lambda: listing)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.models.model_loaded, timeout=10_000):
        main.start()
    yield main
    main.close()


def _run(qtbot, window, folders, tmp_path, packages=PACKAGES):
    options = EvaluationOptions(folders[0], folders[1], tmp_path / "out")
    request = EvaluateRequest(options, packages, "cpu")
    with qtbot.waitSignal(window.evaluation.results_shown, timeout=30_000) as shown:
        window.evaluation.evaluate(request)
    return shown.args[0]


def _cell(results, row: int, column: int) -> str:
    return results.proxy.index(row, column).data()


def test_setup_dialog_collects_folders_models_and_suffix(qtbot, folders, tmp_path) -> None:
    dialog = EvaluateSetupDialog({}, PACKAGES, PACKAGES[1])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "images" in dialog.problem.text()
    dialog.images_edit.setText(str(folders[0]))
    dialog.masks_edit.setText(str(tmp_path / "missing"))
    assert "does not exist" in dialog.problem_text() and "missing" in dialog.problem_text()
    dialog.masks_edit.setText(str(folders[1]))
    dialog.output_edit.setText(str(tmp_path / "out"))
    assert ok.isEnabled()
    assert [p.name for p in dialog.packages()] == ["model-b"]  # the current model, by default
    dialog.models_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert not ok.isEnabled() and "at least one model" in dialog.problem_text()
    dialog.models_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.recursive_box.setChecked(True)
    assert dialog.options().mask_suffix is None  # automatic
    dialog.suffix_combo.setCurrentText("_mask")
    options = dialog.options()
    assert (options.images_dir, options.masks_dir) == folders
    assert options.recursive and options.mask_suffix == "_mask"
    again = EvaluateSetupDialog(dialog.choices(), PACKAGES, None)
    qtbot.addWidget(again)
    assert again.options() == options
    assert [p.name for p in again.packages()] == ["model-a"]


def test_evaluation_fills_the_results_table_and_summary(
    qtbot, window, folders, tmp_path, monkeypatch
) -> None:
    results = _run(qtbot, window, folders, tmp_path)
    assert window.evaluation.progress is None  # the progress dialog is gone
    titles = results.column_titles()
    assert titles[:4] == ["File", "Dice\nmodel-a", "Dice\nmodel-b", "Dice difference\nA − B"]
    assert results.table_model.rowCount() == 3
    by_file = {_cell(results, row, 0): row for row in range(3)}
    for (name, model), dice in EXPECTED.items():
        column = 1 if model == "model-a" else 2
        assert _cell(results, by_file[f"{name}.png"], column) == f"{dice:.4f}"
    assert _cell(results, by_file["a.png"], 3) == f"{1 - 2 / 3:+.4f}"
    assert _cell(results, by_file["c.png"], 1) == "failed"
    problem = _cell(results, by_file["c.png"], len(titles) - 1)
    assert problem.startswith("model-a: ") and "c" in problem and "ground truth" in problem
    # Sorting by model-b's Dice puts the failed row first, then b (0), then a (2/3).
    results.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert [results.file_at(row) for row in range(3)] == ["c.png", "b.png", "a.png"]
    results.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert results.file_at(0) == "a.png"

    summary = results.summary_view.toPlainText()
    assert "model-a" in summary and "0.7500" in summary  # mean Dice of A over a and b
    assert "validation: 0.7500" in summary  # the recorded value side by side
    assert "Paired comparison" in summary
    assert (tmp_path / "out" / "metrics.csv").is_file()
    assert "1 result(s) failed" not in results.headline.text()  # 2: one per model
    assert "2 result(s) failed" in results.headline.text()

    opened: list[Path] = []
    monkeypatch.setattr(results_window, "open_path", opened.append)
    results.report_button.click()
    results.folder_button.click()
    assert opened == [tmp_path / "out" / "report.html", tmp_path / "out"]


def test_escape_closes_the_results_window(qtbot, window, folders, tmp_path) -> None:
    """Like the case and compare windows it opens (issue #18 frictions)."""
    results = _run(qtbot, window, folders, tmp_path)
    results.activateWindow()
    qtbot.waitActive(results)
    results.table.setFocus()  # where the focus is after a double-click on a row
    qtbot.keyClick(results.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not results.isVisible(), timeout=2000)


def _rgba(item, x: int, y: int) -> tuple[int, int, int, int]:
    color = item.pixmap().toImage().pixelColor(x, y)
    return color.red(), color.green(), color.blue(), color.alpha()


def test_double_click_opens_tp_fp_fn_view_with_the_right_colours(
    qtbot, window, folders, tmp_path
) -> None:
    results = _run(qtbot, window, folders, tmp_path)
    qtbot.waitExposed(results)
    row = next(r for r in range(3) if results.file_at(r) == "b.png")
    rect = results.table.visualRect(results.proxy.index(row, 1))
    with qtbot.waitSignal(window.evaluation.case_shown, timeout=10_000) as shown:
        # A real double-click: press and release first (the view needs the pressed index).
        qtbot.mouseClick(results.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(results.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    case = shown.args[0]
    assert case.case.file == "b.png" and len(case.views) == 2
    view_a, view_b = case.views
    # Ground truth rows 64–191; model-a predicts rows 0–127, model-b rows 0–63.
    assert _rgba(view_a.overlay_item, 100, 30) == (*FP_COLOR, 255)
    assert _rgba(view_a.overlay_item, 100, 100) == (*TP_COLOR, 255)
    assert _rgba(view_a.overlay_item, 100, 160) == (*FN_COLOR, 255)
    assert _rgba(view_a.overlay_item, 100, 220)[3] == 0  # true negative
    assert _rgba(view_b.overlay_item, 100, 30) == (*FP_COLOR, 255)
    assert _rgba(view_b.overlay_item, 100, 100) == (*FN_COLOR, 255)
    assert _rgba(view_a.outline_item, 100, 64) == (*GT_COLOR, 255)  # edge of the truth
    assert _rgba(view_a.outline_item, 100, 191) == (*GT_COLOR, 255)
    assert _rgba(view_a.outline_item, 100, 128)[3] == 0  # inside, not on the edge
    assert "Dice 0.5000" in case.titles[0].text() and "Dice 0.0000" in case.titles[1].text()
    assert "TP 16,384 · FP 16,384 · FN 16,384 px" in case.titles[0].text()  # 64 rows × 256
    view_a.zoom_in()
    assert view_b.zoom() == pytest.approx(view_a.zoom())


def test_case_view_draws_truth_green_and_true_positives_yellow() -> None:
    """The case view and the HTML report agree (README's "Evaluate against ground truth")."""
    from desktop.core.evaluation.compare import TRUE_POSITIVE
    from desktop.ui.evaluation.case_window import confusion_palette

    assert GT_COLOR == (0, 230, 64) and TP_COLOR == (255, 214, 0)
    assert FP_COLOR == (230, 0, 230) and FN_COLOR == (0, 120, 255)
    assert confusion_palette()[TRUE_POSITIVE] == (255, 214, 0, 255)


def test_cancel_stops_between_images_and_still_shows_what_was_done(
    qtbot, window, folders, tmp_path, band_lab
) -> None:
    band_lab.gate = threading.Event()
    options = EvaluationOptions(folders[0], folders[1], tmp_path / "out")
    evaluation = window.evaluation
    with qtbot.waitSignal(evaluation.results_shown, timeout=30_000) as shown:
        evaluation.evaluate(EvaluateRequest(options, PACKAGES, "cpu"))
        assert band_lab.entered.wait(10)
        progress = evaluation.progress
        assert progress is not None and progress.isVisible()
        progress.cancel_button.click()
        assert not progress.cancel_button.isEnabled()
        band_lab.gate.set()
    results = shown.args[0]
    assert results.result.cancelled
    assert not results.cancelled_label.isHidden()
    assert results.table_model.rowCount() == 1  # only the first image was run
    assert band_lab.calls == 2  # one image × two models


def test_case_request_reads_the_dicom_frame_from_the_file_column() -> None:
    def request(file: str) -> CaseRequest:
        return CaseRequest(Path("x"), Path("y"), file, PACKAGES, "cpu")

    assert request("sub/x.dcm#3").frame == 2
    assert request("sub/x.dcm#1").frame == 0
    assert request("sub/a.png").frame is None
    assert request("odd#name.png").frame is None


def test_a_run_that_cannot_start_is_reported(qtbot, window, messages, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    options = EvaluationOptions(empty, empty, tmp_path / "out")
    with qtbot.waitSignal(window.evaluation.client.failed, timeout=10_000):
        window.evaluation.evaluate(EvaluateRequest(options, PACKAGES, "cpu"))
    assert window.evaluation.progress is None
    title, text = messages[-1]
    assert title == "The evaluation could not run" and "No images" in text
    assert "Traceback" not in text


def test_menu_command_runs_what_the_dialog_chose(
    qtbot, window, folders, tmp_path, settings, monkeypatch
) -> None:
    def accept_with_choices(dialog) -> int:
        dialog.images_edit.setText(str(folders[0]))
        dialog.masks_edit.setText(str(folders[1]))
        dialog.output_edit.setText(str(tmp_path / "chosen-out"))
        dialog.models_list.item(1).setCheckState(Qt.CheckState.Checked)
        return EvaluateSetupDialog.DialogCode.Accepted

    monkeypatch.setattr(EvaluateSetupDialog, "exec", accept_with_choices)
    with qtbot.waitSignal(window.evaluation.results_shown, timeout=30_000) as shown:
        window.commands.evaluate.trigger()
    results = shown.args[0]
    assert results.models == ["model-a", "model-b"]  # the current model was ticked already
    assert (tmp_path / "chosen-out" / "summary.json").is_file()
    assert settings.choices("evaluate")["output_dir"] == str(tmp_path / "chosen-out")


@pytest.mark.slow
def test_bundled_models_on_the_bundled_validation_set(qtbot, settings, reporter, tmp_path):
    """The real thing: both demo packages, two validation frames, through the GUI's worker."""
    import csv
    import shutil

    from desktop.core.package import discover_packages
    from desktop.ui.shell.main_window import MainWindow

    listing = discover_packages()
    demo = tuple(p for p in listing.packages if p.name.startswith("demo-"))
    assert len(demo) == 2, [p.name for p in listing.packages]
    validation = ROOT / "resources" / "validation"
    images, masks = tmp_path / "images", tmp_path / "masks"
    images.mkdir()
    masks.mkdir()
    for name in sorted(path.stem for path in (validation / "images").iterdir())[:2]:
        for source, target in ((validation / "images", images), (validation / "masks", masks)):
            for path in source.glob(f"{name}.*"):
                shutil.copy(path, target / path.name)
    main = MainWindow(settings, reporter, None, lambda: listing)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.models.model_loaded, timeout=120_000):
        main.start()
    options = EvaluationOptions(images, masks, tmp_path / "out")
    with qtbot.waitSignal(main.evaluation.results_shown, timeout=300_000) as shown:
        main.evaluation.evaluate(EvaluateRequest(options, demo, "cpu"))
    results = shown.args[0]
    with open(tmp_path / "out" / "metrics.csv", newline="", encoding="utf-8") as handle:
        written = {(row["file"], row["model"]): row for row in csv.DictReader(handle)}
    assert len(written) == 4 and all(row["status"] == "ok" for row in written.values())
    for table_row in range(results.table_model.rowCount()):
        file = results.file_at(table_row)
        for column, package in enumerate(demo, start=1):
            dice = float(written[(file, package.name)]["dice"])
            assert _cell(results, table_row, column) == f"{dice:.4f}"
            assert dice > 0.8  # trained demo models on in-distribution frames
    main.close()


def test_dialog_opens_on_the_bundled_validation_set_until_the_user_chooses(window, settings):
    choices = window.evaluation.default_choices()
    assert Path(choices["images_dir"]) == ROOT / "resources" / "validation" / "images"
    assert Path(choices["masks_dir"]) == ROOT / "resources" / "validation" / "masks"
    assert choices["output_dir"]  # somewhere in the user's data folder, never in resources/
    assert "resources" not in Path(choices["output_dir"]).parts
    settings.set_choices("evaluate", {"images_dir": "/data/images", "masks_dir": "/data/masks"})
    assert window.evaluation.default_choices()["images_dir"] == "/data/images"


def test_dialog_and_results_say_each_model_uses_its_own_threshold(
    qtbot, window, folders, tmp_path
) -> None:
    """issue #18 frictions: the main window's threshold override does not reach evaluation;
    the setup dialog and the results say so, and the results give each model's threshold."""
    dialog = EvaluateSetupDialog({}, PACKAGES, PACKAGES[0])
    qtbot.addWidget(dialog)
    assert "override in the main window does not apply" in dialog.threshold_note.text()
    results = _run(qtbot, window, folders, tmp_path)
    html = results._summary_html()
    assert "<th>Threshold</th>" in html
    assert html.count("<td>0.5</td>") == 2  # model-a and model-b, each at its own 0.5
    assert "the main window's threshold override does not apply" in (
        results.summary_view.toPlainText()
    )
