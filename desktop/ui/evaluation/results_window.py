"""The results of an evaluation: the summary and a sortable per-image table.

The summary puts each model's measured Dice next to the Dice recorded at training (from the
package's `training` block), with the difference, the 95 % interval and core's sentence saying
whether it is reproduced; with two or more models, the paired comparison. Double-clicking a row
asks (signal `case_requested`) to open that image with its ground truth and predictions.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.evaluation.column_fit import ColumnFitter
from desktop.ui.evaluation.summary_text import paired_sentence, record_name, verdict_text
from desktop.ui.evaluation.synced_views import add_close_shortcuts
from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import translate_core_text
from desktop.ui.i18n.language import current_language
from desktop.ui.widgets.warning_label import warning_label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the file (relative path) of a table row
METRICS = ("dice", "iou", "dice_model_res")


def open_path(path: Path) -> bool:
    """Open a file or folder with the platform's default application (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _number(value: float | None, digits: int = 4) -> str:
    return "—" if value is None else numbers.fixed(value, digits)


class ResultsWindow(QWidget):
    case_requested = Signal(str)  # the `file` of the double-clicked row
    closed = Signal()

    def __init__(
        self, result: Any, packages: tuple = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.result = result
        self.packages = tuple(packages)  # the ModelPackages evaluated, to re-run for a case
        self.models: list[str] = [entry["name"] for entry in result.summary.get("models", [])]
        self.files: list[str] = list(dict.fromkeys(row.file for row in result.rows))
        self._rows = {(row.file, row.model): row for row in result.rows}
        self.setWindowTitle(
            self.tr("Evaluation — {0}").format(Path(result.summary.get("images_dir", "")).name)
        )

        self.headline = QLabel(self._headline_text())
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancelled_label = warning_label(
            self.tr("The run was cancelled: the results cover only the images done before.")
        )
        self.cancelled_label.setVisible(bool(result.cancelled))
        self.summary_view = QTextBrowser()
        self.summary_view.setOpenLinks(False)
        self.summary_view.setHtml(self._summary_html())

        self.table_model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.table_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self._fill_table()
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # Long model and file names would push the last column past the window's edge.
        self.column_fitter = ColumnFitter(self.table)
        hint = QLabel(self.tr("Click a column to sort; double-click a row to see the image with "
                              "its ground truth and each model's TP / FP / FN."))  # fmt: skip
        hint.setWordWrap(True)

        self.report_button = QPushButton(self.tr("Open Report"))
        self.folder_button = QPushButton(self.tr("Open Output Folder"))
        self.close_button = QPushButton(self.tr("Close"))
        self.report_button.setEnabled(Path(result.report_path).is_file())
        # report.html is written by desktop.core, which has no translations (it is also what
        # gets archived and shared): in another UI language, say so beside its button.
        self.report_language = QLabel(self.tr("The report is in English."))
        self.report_language.setObjectName("reportLanguage")
        self.report_language.setProperty("role", "detail")
        self.report_language.setVisible(current_language() != "en")
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.report_language)
        for button in (self.report_button, self.folder_button, self.close_button):
            buttons.addWidget(button)

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.summary_view)
        splitter.addWidget(table_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.cancelled_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.close_button.clicked.connect(self.close)
        add_close_shortcuts(self)  # Esc / Ctrl+W, as the case and compare windows it opens
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("M") * 100, metrics.height() * 44)

    # -- content ----------------------------------------------------------------------------
    def _headline_text(self) -> str:
        failed, images, models = self.result.failed, len(self.files), len(self.models)
        if failed:
            return self.tr(
                "{0} image(s), {1} model(s); {2} result(s) failed (see the Problem column). "
                "Files in {3}"
            ).format(images, models, failed, self.result.output_dir)
        return self.tr("{0} image(s), {1} model(s). Files in {2}").format(
            images, models, self.result.output_dir
        )

    def column_titles(self) -> list[str]:
        """File, then one column per model for each metric (models side by side), then — with
        exactly two models — the Dice difference, the ground-truth size and any problem."""
        titles = [self.tr("File")]
        for model in self.models:
            titles.append(self.tr("Dice\n{0}").format(model))
        if len(self.models) == 2:
            titles.append(self.tr("Dice difference\nA − B"))
        for model in self.models:
            titles.append(self.tr("IoU\n{0}").format(model))
        for model in self.models:
            titles.append(self.tr("Dice at model resolution\n{0}").format(model))
        titles += [self.tr("Ground-truth\npixels"), self.tr("Problem")]
        return titles

    def _fill_table(self) -> None:
        titles = self.column_titles()
        self.table_model.setHorizontalHeaderLabels(titles)
        for column, title in enumerate(titles):  # whole, where a narrow column shortens it
            self.table_model.setHeaderData(
                column, Qt.Orientation.Horizontal, title.replace("\n", " "),
                Qt.ItemDataRole.ToolTipRole,
            )  # fmt: skip
        if len(self.models) == 2:
            self.table_model.setHeaderData(
                3, Qt.Orientation.Horizontal,
                self.tr("Dice of {0} minus Dice of {1}").format(*self.models),
                Qt.ItemDataRole.ToolTipRole,
            )  # fmt: skip
        for file in self.files:
            rows = [self._rows.get((file, model)) for model in self.models]
            good = [row if row is not None and row.ok else None for row in rows]
            cells = [self._cell(file, file, file)]
            cells += [self._metric_cell(row, "dice") for row in good]
            if len(self.models) == 2:
                both = good[0] is not None and good[1] is not None
                difference = good[0].dice - good[1].dice if both else None
                cells.append(self._cell(
                    "—" if difference is None else numbers.signed(difference, 4),
                    -9.0 if difference is None else difference,
                ))  # fmt: skip
            cells += [self._metric_cell(row, "iou") for row in good]
            cells += [self._metric_cell(row, "dice_model_res") for row in good]
            gt_pixels = next((row.gt_pixels for row in good if row is not None), None)
            cells.append(
                self._cell(
                    "—" if gt_pixels is None else numbers.integer(gt_pixels), gt_pixels or -1
                )
            )
            not_run = self.tr("not run")
            problems = [
                f"{model}: {translate_core_text(row.error) if row else not_run}"
                for model, row in zip(self.models, rows, strict=True)
                if row is None or not row.ok
            ]
            problem = "; ".join(problems)
            cells.append(self._cell(problem, problem, problem))
            for cell in cells:
                cell.setData(file, ROW_ROLE)
            self.table_model.appendRow(cells)

    def _metric_cell(self, row, metric: str) -> QStandardItem:
        if row is None:
            return self._cell(self.tr("failed"), -1.0)
        value = getattr(row, metric)
        return self._cell(_number(value), -1.0 if value is None else value)

    @staticmethod
    def _cell(text: str, sort_value, tooltip: str = "") -> QStandardItem:
        item = QStandardItem(text)
        item.setData(sort_value, SORT_ROLE)
        if isinstance(sort_value, float | int) and not isinstance(sort_value, bool):
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if tooltip:
            item.setToolTip(tooltip)
        return item

    def _summary_html(self) -> str:
        summary = self.result.summary
        esc = html.escape
        heads = [
            self.tr("Model"), self.tr("Images"), self.tr("Threshold"),
            self.tr("Mean Dice (95 % CI)"),
            self.tr("Mean IoU"),
            self.tr("Pooled Dice"), self.tr("Mean Dice at model resolution"),
            self.tr("Recorded at training"), self.tr("Difference"),
        ]  # fmt: skip
        head = "".join(f"<th>{esc(h)}</th>" for h in heads)
        lines = [f"<table cellspacing='0' cellpadding='4' border='1'><tr>{head}</tr>"]
        for entry in summary.get("models", []):
            mean, pooled = entry.get("mean", {}), entry.get("pooled", {})
            interval = entry.get("dice_ci95")
            ci = (
                f" ({numbers.fixed(interval[0], 4)}–{numbers.fixed(interval[1], 4)})"
                if interval
                else ""
            )
            comparisons = entry.get("comparison", [])
            recorded = "<br>".join(
                esc(f"{record_name(c['recorded'])}: {numbers.fixed(c['recorded_dice'], 4)}")
                for c in comparisons
            ) or esc(self.tr("none recorded"))
            difference = "<br>".join(
                esc(f"{record_name(c['recorded'])}: {numbers.signed(c['difference'], 4)}")
                + (" ✓" if c.get("recorded_inside_ci") else "")
                for c in comparisons
            ) or "—"
            cells = [
                f"<b>{esc(entry['name'])}</b>", str(entry.get("n", 0)),
                "—" if entry.get("threshold") is None else numbers.general(entry["threshold"]),
                f"<b>{_number(mean.get('dice'))}</b>{ci}", _number(mean.get("iou")),
                _number(pooled.get("dice")), _number(mean.get("dice_model_res")),
                recorded, difference,
            ]  # fmt: skip
            lines.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        lines.append("</table>")
        note = self.tr("✓: the recorded value lies inside the 95 % interval of the measured mean "
                  "(reproduced within sampling error).")  # fmt: skip
        lines.append(f"<p><small>{esc(note)}</small></p>")
        # The main window's threshold override is a viewing choice; evaluation measures each
        # model as trained, and says so rather than leave a user to assume otherwise.
        own = self.tr("Each model at its own threshold (from its training); the main window's "
                      "threshold override does not apply.")  # fmt: skip
        lines.append(f"<p><small>{esc(own)}</small></p>")
        paired = summary.get("paired", [])
        if paired:
            title = self.tr("Paired comparison (same images)")
            items = "".join(f"<li>{esc(paired_sentence(pair))}</li>" for pair in paired)
            lines.append(f"<h4>{esc(title)}</h4><ul>{items}</ul>")
        verdicts = [
            verdict_text(entry) for entry in summary.get("models", []) if entry.get("verdict")
        ]
        if verdicts:
            title = self.tr("Recorded at training vs measured here")
            items = "".join(f"<li>{esc(verdict)}</li>" for verdict in verdicts)
            lines.append(f"<h4>{esc(title)}</h4><ul>{items}</ul>")
        return "\n".join(lines)

    # -- slots ------------------------------------------------------------------------------
    def file_at(self, proxy_row: int) -> str:
        return self.proxy.index(proxy_row, 0).data(ROW_ROLE)

    @Slot(object)
    def _on_table_double_clicked(self, index) -> None:
        file = index.data(ROW_ROLE)
        if file:
            self.case_requested.emit(file)

    @Slot()
    def _on_report_button_clicked(self) -> None:
        open_path(Path(self.result.report_path))

    @Slot()
    def _on_folder_button_clicked(self) -> None:
        open_path(Path(self.result.output_dir))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.closed.emit()
        super().closeEvent(event)
