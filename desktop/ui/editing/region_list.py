"""The regions of the shown mask: area in pixels and % of the image; click one to centre on it.

Recomputed a moment after each finished edit (not while a stroke is being painted).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.ui.editing.mask_editor import MaskEditor

MAX_LISTED = 200  # a noisy mask can have thousands of specks: list the largest
REFRESH_MS = 120


class RegionList(QListWidget):
    region_chosen = Signal(float, float)  # image point (x, y) inside the region

    def __init__(self, editor: MaskEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.setToolTip(self.tr("Click a region to centre the view on it."))
        self.setUniformItemSizes(True)
        self.setMinimumHeight(self.fontMetrics().height() * 6)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        editor.edits_changed.connect(self._timer.start)
        editor.mask_replaced.connect(self._timer.start)
        self.itemClicked.connect(self._on_item_clicked)
        self.itemActivated.connect(self._on_item_clicked)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._timer.stop()
        regions = self._editor.regions()
        self.clear()
        for number, region in enumerate(regions[:MAX_LISTED], start=1):
            text = self.tr("#{number}  {pixels} px  ({percent} %)").format(
                number=number, pixels=f"{region.area:,}", percent=f"{region.fraction * 100:.2f}"
            )
            area = self._editor.area_mm2(region.area)  # DICOM with a pixel spacing (§10)
            if area is not None:
                text += self.tr(", {0} mm²").format(f"{area:,.2f}")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, region.anchor)
            self.addItem(item)
        if len(regions) > MAX_LISTED:
            more = QListWidgetItem(
                self.tr("… and {count} smaller regions").format(
                    count=f"{len(regions) - MAX_LISTED:,}"
                )
            )
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(more)

    @Slot(QListWidgetItem)
    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        anchor = item.data(Qt.ItemDataRole.UserRole)
        if anchor is not None:
            x, y = anchor
            self.region_chosen.emit(x + 0.5, y + 0.5)
