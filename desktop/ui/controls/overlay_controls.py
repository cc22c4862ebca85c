"""Overlay controls bound to the session: show/hide, mode, colour and opacity."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QWidget,
)

from desktop.ui.document.session import Session
from desktop.ui.i18n import numbers
from desktop.ui.viewer.overlay_render import HEATMAP, MODES, OverlayStyle, mode_label


def color_swatch(color: tuple[int, int, int], size: int, ratio: float) -> QIcon:
    """A rounded colour square, drawn at the screen's pixel ratio (crisp at 200 %)."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(0, 0, 0, 90))
    painter.setBrush(QColor(*color))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, size / 5, size / 5)
    painter.end()
    return QIcon(pixmap)


class OverlayControls(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._colour_action: QAction | None = None
        self.visible_box = QCheckBox(self.tr("Show overlay"))
        self.visible_box.setToolTip(self.tr("Show or hide the overlay (Space)"))
        self.mode_combo = QComboBox()
        for mode in MODES:
            self.mode_combo.addItem(mode_label(mode), mode)
        self.color_button = QToolButton()
        self.color_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.color_button.setText(self.tr("Colour…"))
        self.color_button.setToolTip(self.tr("Colour of the mask and outline"))
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setPageStep(10)
        self.opacity_label = QLabel()
        self.opacity_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("100 %"))
        self.opacity_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        opacity_row = QHBoxLayout()
        opacity_row.addWidget(self.opacity_slider, 1)
        opacity_row.addWidget(self.opacity_label)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.visible_box)
        form.addRow(self.tr("Mode"), self.mode_combo)
        form.addRow(self.tr("Colour"), self.color_button)
        form.addRow(self.tr("Opacity"), opacity_row)

        self.visible_box.toggled.connect(self._on_visible_box_toggled)
        self.mode_combo.activated.connect(self._on_mode_combo_activated)
        self.color_button.clicked.connect(self._on_color_button_clicked)
        self.opacity_slider.valueChanged.connect(self._on_opacity_slider_value_changed)
        session.overlay_style_changed.connect(self._on_session_overlay_style_changed)
        self._on_session_overlay_style_changed(session.overlay_style)

    def bind_colour_action(self, action: QAction) -> None:
        """The menu's Overlay Colour… does what the Colour… button does, when the button can."""
        self._colour_action = action
        action.triggered.connect(self.color_button.click)  # click() does nothing while disabled
        action.setEnabled(self.color_button.isEnabled())

    @Slot(object)
    def _on_session_overlay_style_changed(self, style: OverlayStyle) -> None:
        for widget in (self.visible_box, self.mode_combo, self.opacity_slider):
            widget.blockSignals(True)
        self.visible_box.setChecked(style.visible)
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(style.mode))
        self.opacity_slider.setValue(round(style.opacity * 100))
        for widget in (self.visible_box, self.mode_combo, self.opacity_slider):
            widget.blockSignals(False)
        self.opacity_label.setText(
            self.tr("{0} %").format(numbers.integer(round(style.opacity * 100)))
        )
        size = self.fontMetrics().height()
        self.color_button.setIcon(color_swatch(style.color, size, self.devicePixelRatioF()))
        self.color_button.setEnabled(style.mode != HEATMAP)
        if self._colour_action is not None:
            self._colour_action.setEnabled(style.mode != HEATMAP)

    @Slot(bool)
    def _on_visible_box_toggled(self, checked: bool) -> None:
        self._session.set_overlay_visible(checked)

    @Slot(int)
    def _on_mode_combo_activated(self, index: int) -> None:
        self._session.update_overlay_style(mode=self.mode_combo.itemData(index))

    @Slot()
    def _on_color_button_clicked(self) -> None:
        current = QColor(*self._session.overlay_style.color)
        chosen = QColorDialog.getColor(current, self, self.tr("Overlay colour"))
        if chosen.isValid():
            self._session.update_overlay_style(color=(chosen.red(), chosen.green(), chosen.blue()))

    @Slot(int)
    def _on_opacity_slider_value_changed(self, value: int) -> None:
        self._session.update_overlay_style(opacity=value / 100)
