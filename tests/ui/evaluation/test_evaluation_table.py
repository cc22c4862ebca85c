"""The evaluation table fits its window: with long model and file names the columns give way
(headers first, then the widest cells) so that the last column starts inside the window;
where they fit, every column is whole (issue 18 frictions)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.evaluation.metrics import Overlap
from desktop.core.evaluation.runner import EvaluationResult, EvaluationRow
from desktop.ui.evaluation.column_fit import shared_widths
from desktop.ui.evaluation.results_window import ResultsWindow

LONG_MODELS = ("demo-unetplusplus-resnet34", "polyp-unet-resnet34-2026-11")


def _result(tmp_path, models, name="patient-{i:03d}/colonoscopy-frame-{i:05d}.png"):
    rows = []
    for i in range(6):
        for m, model in enumerate(models):
            file = name.format(i=i)
            if i == 3 and m == 1:
                rows.append(EvaluationRow(file, model, "failed", error=f"{file}: no ground truth"))
            else:
                rows.append(EvaluationRow(file, model, "ok", counts=Overlap(900 + i, 50 * m, 70),
                                          counts_model_res=Overlap(300, 10, 20)))  # fmt: skip
    summary = {"models": [{"name": model, "n": 6} for model in models], "images_dir": "/in"}
    return EvaluationResult(
        tuple(rows), summary, tmp_path, tmp_path / "m.csv", tmp_path / "s.json",
        tmp_path / "report.html", False,
    )  # fmt: skip


def _shown(qtbot, window) -> None:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)


def test_the_last_column_starts_inside_the_window_with_long_names(qtbot, tmp_path):
    window = ResultsWindow(_result(tmp_path, LONG_MODELS))  # its default size
    _shown(qtbot, window)
    header, viewport = window.table.horizontalHeader(), window.table.viewport()
    last = header.count() - 1
    em = window.fontMetrics().horizontalAdvance("M")
    assert header.sectionViewportPosition(last) + em * 8 <= viewport.width()
    assert window.table.horizontalScrollBar().maximum() == 0
    # The file names were kept whole: the metric headers gave way first.
    assert header.sectionSize(0) >= window.table.sizeHintForColumn(0)
    # A shortened header keeps its whole title in the tooltip.
    tooltip = window.table_model.headerData(1, Qt.Orientation.Horizontal,
                                            Qt.ItemDataRole.ToolTipRole)  # fmt: skip
    assert tooltip == f"Dice {LONG_MODELS[0]}"


def test_columns_stay_whole_where_they_fit(qtbot, tmp_path):
    window = ResultsWindow(_result(tmp_path, ("a", "b"), name="{i}.png"))
    _shown(qtbot, window)
    window.resize(window.fontMetrics().horizontalAdvance("M") * 150, window.height())
    qtbot.wait(20)
    header = window.table.horizontalHeader()
    for column in range(header.count() - 1):
        title_width = header.sectionSizeHint(column)
        assert header.sectionSize(column) >= max(window.table.sizeHintForColumn(column),
                                                 title_width)  # fmt: skip


def test_shared_widths():
    assert shared_widths([100, 50, 80], [10, 10, 10], 300, 60) == [100, 50, 80]  # they fit
    # 60 px too many: the first two give up the same share (80 %) of what they have above the
    # floor, leaving the last its minimum.
    widths = shared_widths([110, 60, 90], [10, 10, 10], 200, 60)
    assert widths == [10 + 80, 10 + 40, 60] and sum(widths) == 200
    # Nothing left above the floors: the floors, and the last gets what remains (or its minimum).
    assert shared_widths([100, 100, 100], [50, 50, 50], 150, 60) == [50, 50, 60]
