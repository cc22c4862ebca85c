"""Compare two models on the open image: A and B side by side, zoomed and panned together.

Each pane shows the image with its model's mask; "Disagreement" shows, in both panes, the pixels
only A found (A's colour) and only B found (B's colour). Below: the Dice and IoU between the two
masks and each mask's foreground share. Both models run on the evaluation worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.evaluation.compare import disagreement_map
from desktop.core.input_checks import is_colour_model, is_grey
from desktop.core.package import ModelPackage
from desktop.ui.evaluation.jobs import CompareRequest, CompareResult
from desktop.ui.evaluation.synced_views import (
    SyncedImageView,
    ViewSync,
    add_close_shortcuts,
    add_zoom_shortcuts,
)
from desktop.ui.evaluation.worker import EvaluationClient
from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import device_label
from desktop.ui.viewer.qimage_bridge import labels_to_qimage, mask_to_qimage, rgb_to_qimage
from desktop.ui.widgets.warning_label import warning_label
from desktop.ui.worker.tasks import COMPARE, EVALUATE

COLOR_A = (255, 170, 0)  # amber
COLOR_B = (0, 160, 255)  # azure
AGREED = (255, 255, 255, 70)  # foreground in both, in the disagreement overlay
MASKS, DISAGREEMENT, IMAGE_ONLY = "masks", "disagreement", "image"
DEFAULT_OPACITY = 0.55


def disagreement_palette() -> list[tuple[int, int, int, int]]:
    """Colours of the codes of core.evaluation.compare.disagreement_map, in code order."""
    return [(0, 0, 0, 0), AGREED, (*COLOR_A, 255), (*COLOR_B, 255)]


def _swatch(color: tuple[int, int, int]) -> QLabel:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(*color))
    painter = QPainter(pixmap)
    painter.setPen(QColor(90, 90, 90))
    painter.drawRect(0, 0, 11, 11)
    painter.end()
    label = QLabel()
    label.setPixmap(pixmap)
    return label


class ComparePane(QWidget):
    """One side: a title line (model, foreground share, time) over a synced image view."""

    def __init__(self, color: tuple[int, int, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = SyncedImageView()
        header = QHBoxLayout()
        header.addWidget(_swatch(color))
        header.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)


class CompareWindow(QWidget):
    closed = Signal()

    def __init__(
        self,
        client: EvaluationClient,
        packages: tuple[ModelPackage, ...],
        model_a: ModelPackage | None,
        device_id: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Compare Models"))
        self._client = client
        self._device_id = device_id
        self._packages: tuple[ModelPackage, ...] = ()
        self._image_path: Path | None = None
        self._image: np.ndarray | None = None
        self.result: CompareResult | None = None
        self.renders = 0

        self.combo_a = QComboBox()
        self.combo_b = QComboBox()
        self.swap_button = QToolButton()
        self.swap_button.setText(self.tr("Swap"))
        self.swap_button.setToolTip(self.tr("Exchange model A and model B"))
        self.overlay_combo = QComboBox()
        for key, text in (
            (MASKS, self.tr("Each model's mask")),
            (DISAGREEMENT, self.tr("Disagreement")),
            (IMAGE_ONLY, self.tr("Image only")),
        ):
            self.overlay_combo.addItem(text, key)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(round(DEFAULT_OPACITY * 100))
        self.opacity_slider.setMaximumWidth(140)
        self.opacity_slider.setToolTip(self.tr("Overlay opacity"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Model A:")))
        top.addWidget(self.combo_a, 1)
        top.addWidget(self.swap_button)
        top.addWidget(QLabel(self.tr("Model B:")))
        top.addWidget(self.combo_b, 1)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.overlay_combo)
        top.addWidget(self.opacity_slider)

        self.pane_a = ComparePane(COLOR_A)
        self.pane_b = ComparePane(COLOR_B)
        panes = QHBoxLayout()
        panes.setSpacing(6)
        panes.addWidget(self.pane_a, 1)
        panes.addWidget(self.pane_b, 1)
        self.sync = ViewSync([self.pane_a.view, self.pane_b.view], self)
        add_zoom_shortcuts(self, self.pane_a.view)
        add_close_shortcuts(self)

        self.dice_label = QLabel()
        font = self.dice_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.dice_label.setFont(font)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        for label in (self.dice_label, self.detail_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.error_label = warning_label()
        self.error_label.hide()
        # A grey image (MONOCHROME DICOM, grey PNG) given to colour models, as the main window says.
        self.grey_label = warning_label()
        self.grey_label.hide()
        self.legend = QWidget()  # the disagreement colours, shown in that mode only
        swatches = QHBoxLayout(self.legend)
        swatches.setContentsMargins(0, 0, 0, 0)
        for color, text in (
            (COLOR_A, self.tr("only in A")),
            (COLOR_B, self.tr("only in B")),
            (AGREED[:3], self.tr("in both")),
        ):
            swatches.addWidget(_swatch(color))
            swatches.addWidget(QLabel(text))
            swatches.addSpacing(10)
        legend = QHBoxLayout()
        legend.addWidget(self.legend)
        legend.addStretch(1)
        legend.addWidget(self.status_label)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(panes, 1)
        layout.addWidget(self.grey_label)
        layout.addWidget(self.dice_label)
        layout.addWidget(self.detail_label)
        layout.addLayout(legend)
        layout.addWidget(self.error_label)

        self.set_packages(packages, model_a)
        self._apply_opacity()
        self._show_numbers()
        self.combo_a.currentIndexChanged.connect(self._on_combo_changed)
        self.combo_b.currentIndexChanged.connect(self._on_combo_changed)
        self.swap_button.clicked.connect(self._on_swap_button_clicked)
        self.overlay_combo.currentIndexChanged.connect(self._on_overlay_combo_changed)
        self.opacity_slider.valueChanged.connect(self._on_opacity_slider_changed)
        client.compared.connect(self._on_client_compared)
        client.failed.connect(self._on_client_failed)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("M") * 110, metrics.height() * 42)

    # -- state ------------------------------------------------------------------------------
    def set_packages(
        self, packages: tuple[ModelPackage, ...], model_a: ModelPackage | None
    ) -> None:
        """Fill both pickers; A is `model_a` (else the current A), B another model if any."""
        current_a, current_b = self.package_a(), self.package_b()
        self._packages = tuple(packages)
        wanted_a = model_a or current_a
        index_a = self._index_of(wanted_a) if wanted_a else 0
        index_b = self._index_of(current_b) if current_b else None
        if index_b is None or index_b == index_a:
            index_b = next((i for i in range(len(self._packages)) if i != index_a), index_a)
        for combo, index in ((self.combo_a, index_a), (self.combo_b, index_b)):
            combo.blockSignals(True)
            combo.clear()
            for package in self._packages:
                combo.addItem(package.name)
                combo.setItemData(combo.count() - 1, package.summary, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(index if index is not None else -1)
            combo.blockSignals(False)

    def _index_of(self, package: ModelPackage | None) -> int | None:
        if package is None:
            return None
        for index, candidate in enumerate(self._packages):
            if candidate.folder == package.folder:
                return index
        return None

    def package_a(self) -> ModelPackage | None:
        index = self.combo_a.currentIndex()
        return self._packages[index] if 0 <= index < len(self._packages) else None

    def package_b(self) -> ModelPackage | None:
        index = self.combo_b.currentIndex()
        return self._packages[index] if 0 <= index < len(self._packages) else None

    def select(self, model_a: ModelPackage, model_b: ModelPackage) -> None:
        """Choose both models (runs the comparison once)."""
        for combo, package in ((self.combo_a, model_a), (self.combo_b, model_b)):
            combo.blockSignals(True)
            combo.setCurrentIndex(self._index_of(package) or 0)
            combo.blockSignals(False)
        self.run()

    def set_image(self, path: Path, image: np.ndarray) -> None:
        """Show a new image in both panes and compare the two models on it."""
        self._image_path = Path(path)
        self._image = image
        self.result = None
        qimage = rgb_to_qimage(image)
        for pane in (self.pane_a, self.pane_b):
            pane.view.set_image(qimage)
        self.setWindowTitle(self.tr("Compare Models — {0}").format(self._image_path.name))
        self.run()

    def _show_grey_warning(self) -> None:
        colour_models = [p for p in (self.package_a(), self.package_b()) if p is not None]
        grey = self._image is not None and is_grey(self._image)
        self.grey_label.setText(
            self.tr("Grey image: the models were trained on colour images, so their masks may "
                    "be unreliable.")
        )  # fmt: skip
        self.grey_label.setVisible(grey and any(is_colour_model(p) for p in colour_models))

    def run(self) -> None:
        a, b = self.package_a(), self.package_b()
        self.result = None
        self._show_grey_warning()
        self._refresh_layers()
        self._show_numbers()
        self.error_label.hide()
        if self._image is None or a is None or b is None:
            self._client.cancel_compare()
            self.status_label.setText("")
            return
        request = CompareRequest(self._image_path, self._image, a, b, self._device_id())
        waiting = EVALUATE in self._client.busy_tasks()
        self._client.compare(request)
        if waiting:
            self.status_label.setText(self.tr("Waiting for the running evaluation to finish…"))
        else:
            self.status_label.setText(self.tr("Running {0} and {1}…").format(a.name, b.name))

    @property
    def overlay_mode(self) -> str:
        return self.overlay_combo.currentData()

    def set_overlay_mode(self, mode: str) -> None:
        self.overlay_combo.setCurrentIndex(self.overlay_combo.findData(mode))

    # -- drawing ----------------------------------------------------------------------------
    def _refresh_layers(self) -> None:
        result, mode = self.result, self.overlay_mode
        self.legend.setVisible(mode == DISAGREEMENT)
        if result is None or mode == IMAGE_ONLY:
            self.pane_a.view.set_overlay(None)
            self.pane_b.view.set_overlay(None)
            return
        if mode == DISAGREEMENT:
            codes = disagreement_map(result.prediction_a.mask, result.prediction_b.mask)
            layer = labels_to_qimage(codes, disagreement_palette())
            self.pane_a.view.set_overlay(layer)
            self.pane_b.view.set_overlay(layer)
        else:
            self.pane_a.view.set_overlay(mask_to_qimage(result.prediction_a.mask, COLOR_A))
            self.pane_b.view.set_overlay(mask_to_qimage(result.prediction_b.mask, COLOR_B))
        self.renders += 1

    def _apply_opacity(self) -> None:
        opacity = self.opacity_slider.value() / 100
        for pane in (self.pane_a, self.pane_b):
            pane.view.set_overlay_opacity(opacity)

    def _show_numbers(self) -> None:
        result = self.result
        a, b = self.package_a(), self.package_b()
        if result is None:
            self.pane_a.title.setText(self.tr("A: {0}").format(a.name if a else "—"))
            self.pane_b.title.setText(self.tr("B: {0}").format(b.name if b else "—"))
            self.dice_label.setText(self.tr("Dice between A and B: —"))
            self.detail_label.setText("")
            return
        agreement = result.agreement
        self.pane_a.title.setText(
            self.tr("A: {0} — foreground {1} % ({2} px), {3} ms").format(
                result.package_a.name, numbers.percent(agreement.a_fraction, 2),
                numbers.integer(agreement.a_pixels), numbers.fixed(result.ms_a, 0),
            )  # fmt: skip
        )
        self.pane_b.title.setText(
            self.tr("B: {0} — foreground {1} % ({2} px), {3} ms").format(
                result.package_b.name, numbers.percent(agreement.b_fraction, 2),
                numbers.integer(agreement.b_pixels), numbers.fixed(result.ms_b, 0),
            )  # fmt: skip
        )
        self.dice_label.setText(
            self.tr("Dice between A and B: {0}    IoU: {1}").format(
                numbers.fixed(agreement.dice, 4), numbers.fixed(agreement.iou, 4)
            )
        )
        self.detail_label.setText(
            self.tr(
                "{0} pixels differ ({1} % of the image): {2} only in A, {3} only in B. "
                "Each model at its own threshold ({4} and {5}; the main window's threshold "
                "override does not apply), on {6}."
            ).format(
                numbers.integer(agreement.differing),
                numbers.percent(agreement.differing_fraction, 2),
                numbers.integer(agreement.only_a), numbers.integer(agreement.only_b),
                numbers.general(result.prediction_a.threshold),
                numbers.general(result.prediction_b.threshold),
                device_label(result.device_label),
            )  # fmt: skip
        )

    # -- slots ------------------------------------------------------------------------------
    @Slot()
    def _on_combo_changed(self) -> None:
        self.run()

    @Slot()
    def _on_swap_button_clicked(self) -> None:
        a, b = self.package_a(), self.package_b()
        if a is not None and b is not None:
            self.select(b, a)

    @Slot()
    def _on_overlay_combo_changed(self) -> None:
        self._refresh_layers()

    @Slot()
    def _on_opacity_slider_changed(self) -> None:
        self._apply_opacity()

    @Slot(object)
    def _on_client_compared(self, result: CompareResult) -> None:
        a, b = self.package_a(), self.package_b()
        if (
            result.image_path != self._image_path
            or a is None
            or b is None
            or result.package_a.folder != a.folder
            or result.package_b.folder != b.folder
        ):
            return  # an answer for another image or pair
        self.result = result
        self.status_label.setText("")
        self._refresh_layers()
        self._show_numbers()

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if task != COMPARE:
            return
        self.status_label.setText("")
        self.error_label.setText(self.tr("The comparison failed: {0}").format(message))
        self.error_label.show()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._client.cancel_compare()
        self.closed.emit()
        super().closeEvent(event)
