"""The review list: every image with its state, "k / n", progress, the threshold in use and
where the starting mask came from. It shows the controller's state and asks it to move; it
changes nothing itself."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.review import ACCEPTED, EDITED, FAILED, SEGMENTED, TO_DO
from desktop.ui.i18n.core_text import translate_core_text

STATE_COLORS = {
    TO_DO: QColor(150, 154, 160),
    SEGMENTED: QColor(90, 160, 230),
    EDITED: QColor(235, 170, 40),
    ACCEPTED: QColor(80, 190, 110),
    FAILED: QColor(225, 80, 80),
}
STATE_MARKS = {TO_DO: "○", SEGMENTED: "◐", EDITED: "✎", ACCEPTED: "✔", FAILED: "✖"}


def state_label(state: str) -> str:
    labels = {
        TO_DO: QCoreApplication.translate("ReviewPanel", "to do"),
        SEGMENTED: QCoreApplication.translate("ReviewPanel", "segmented"),
        EDITED: QCoreApplication.translate("ReviewPanel", "edited"),
        ACCEPTED: QCoreApplication.translate("ReviewPanel", "accepted"),
        FAILED: QCoreApplication.translate("ReviewPanel", "failed"),
    }
    return labels.get(state, state)


class ReviewPanel(QWidget):
    item_chosen = Signal(int)  # index of the image clicked in the list
    accept_requested = Signal()
    previous_requested = Signal()
    next_requested = Signal()
    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folders = QLabel()
        self.folders.setWordWrap(True)
        self.folders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.position = QLabel("0 / 0")
        font = QFont(self.position.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.position.setFont(font)
        self.position.setObjectName("reviewPosition")
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v of %m accepted"))
        self.threshold = QLabel()
        self.threshold.setWordWrap(True)
        self.threshold.setObjectName("reviewThreshold")
        self.base = QLabel()
        self.base.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #e05050;")
        self.problem.hide()
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        # Long names are shortened in the middle, so the folder, the extension and the state
        # at the end stay readable without scrolling sideways; the tooltip has the whole name.
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the image (B, E, Enter)
        self.accept_button = QPushButton(self.tr("Accept and Next (Enter)"))
        self.accept_button.setObjectName("acceptButton")
        self.accept_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.previous_button = QPushButton(self.tr("Previous (PgUp)"))
        self.next_button = QPushButton(self.tr("Next (PgDown)"))
        self.end_button = QPushButton(self.tr("End Review"))
        for button in (self.previous_button, self.next_button, self.end_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keys = QLabel(
            self.tr(
                "B brush · E eraser · [ ] size · Ctrl+Z undo · Ctrl+Shift+Z redo · "
                "R model's mask · Enter accept · PgDown/PgUp next/previous"
            )
        )
        self.keys.setWordWrap(True)
        self.keys.setStyleSheet("color: #9a9ea6;")

        moves = QHBoxLayout()
        moves.addWidget(self.previous_button)
        moves.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folders)
        layout.addWidget(self.position)
        layout.addWidget(self.progress)
        layout.addWidget(self.threshold)
        layout.addWidget(self.base)
        layout.addWidget(self.problem)
        layout.addWidget(self.accept_button)
        layout.addLayout(moves)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.keys)
        layout.addWidget(self.end_button)

        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.accept_button.clicked.connect(self.accept_requested)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.end_button.clicked.connect(self.end_requested)

    # -- showing ----------------------------------------------------------------------------
    def set_items(self, names: list[str], input_dir: str, output_dir: str) -> None:
        self.folders.setText(self.tr("Reviewing %1\nAccepted masks go to %2")
                             .replace("%1", input_dir).replace("%2", output_dir))  # fmt: skip
        self.folders.setToolTip(self.folders.text())
        self.list.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setToolTip(name)
            self.list.addItem(item)
        self.progress.setRange(0, max(1, len(names)))

    def set_state(self, index: int, state: str, error: str = "") -> None:
        item = self.list.item(index)
        if item is None:
            return
        name = item.toolTip().split("\n")[0]
        item.setText(f"{STATE_MARKS.get(state, '?')}  {name} — {state_label(state)}")
        item.setForeground(QBrush(STATE_COLORS.get(state, QColor(200, 200, 200))))
        item.setData(Qt.ItemDataRole.UserRole, state)
        item.setToolTip(f"{name}\n{translate_core_text(error)}" if error else name)

    def set_current(self, index: int, position: str, accepted: int, total: int) -> None:
        self.position.setText(position)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(accepted)
        self.list.setCurrentRow(index)
        item = self.list.item(index)
        if item is not None:
            self.list.scrollToItem(item)

    def set_threshold_text(self, text: str) -> None:
        self.threshold.setText(text)

    def set_base_text(self, text: str) -> None:
        self.base.setText(text)

    def set_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def state_of(self, index: int) -> str:
        item = self.list.item(index)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    @Slot(QListWidgetItem)
    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        self.item_chosen.emit(self.list.row(item))
