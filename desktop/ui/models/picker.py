"""Model picker: every installed package by name, architecture, encoder and input size."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.package import ModelPackage, PackageListing
from desktop.ui.models.controller import ModelController


def package_label(package: ModelPackage) -> str:
    """The name only: architecture, encoder and size are on the line below the picker, so the
    picker never has to cut a long name."""
    if package.bundled:
        return package.name
    return QCoreApplication.translate("ModelPicker", "{0}  (user)").format(package.name)


def package_details(package: ModelPackage) -> str:
    if package.input_size:
        size = f"{package.input_size[1]}×{package.input_size[0]}"
    else:
        size = QCoreApplication.translate("ModelPicker", "any size")
    if package.bundled:
        where = QCoreApplication.translate("ModelPicker", "bundled")
    else:
        where = QCoreApplication.translate("ModelPicker", "user model")
    return f"{package.architecture} · {package.encoder} · {size} · {where}"


class ModelPicker(QWidget):
    info_requested = Signal()

    def __init__(self, models: ModelController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._models = models
        self.combo = QComboBox()
        # As wide as the longest name (the panel grows to fit it): names are never cut.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setToolTip(self.tr("The model package used to segment"))
        self.info_button = QToolButton()
        self.info_button.setText(self.tr("Info…"))
        self.info_button.setToolTip(self.tr("Manifest, training facts and self-test of this model"))
        self.details = QLabel()  # one line, never wrapped: the panel is made wide enough
        self.details.setProperty("role", "detail")
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.info_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.details)

        self.combo.activated.connect(self._on_combo_activated)
        self.info_button.clicked.connect(self.info_requested)
        models.packages_changed.connect(self._on_models_packages_changed)
        models.selection_changed.connect(self._on_models_selection_changed)
        self._on_models_packages_changed(models.listing)
        self._on_models_selection_changed(models.selected)

    @Slot(object)
    def _on_models_packages_changed(self, listing: PackageListing) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for package in listing.packages:
            self.combo.addItem(package_label(package), package)
            tip = package.description or package.summary
            self.combo.setItemData(
                self.combo.count() - 1, f"{tip}\n{package.folder}", Qt.ItemDataRole.ToolTipRole
            )
        if not listing.packages:
            self.combo.addItem(self.tr("No model installed"))
        self.combo.setEnabled(bool(listing.packages))
        self.info_button.setEnabled(bool(listing.packages))
        self.combo.blockSignals(False)
        # The drop-down list shows whole labels even when the panel is narrow.
        view = self.combo.view()
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        widest = max(
            (self.fontMetrics().horizontalAdvance(package_label(p)) for p in listing.packages),
            default=0,
        )
        view.setMinimumWidth(widest + self.fontMetrics().horizontalAdvance("M") * 3)
        # Qt's own content width leaves no slack for the style's frame rounding (a name could
        # lose its last pixel): half an em more.
        self.combo.setMinimumWidth(0)
        self.combo.setMinimumWidth(
            self.combo.sizeHint().width() + self.fontMetrics().horizontalAdvance("M") // 2
        )

    @Slot(object)
    def _on_models_selection_changed(self, package: ModelPackage | None) -> None:
        self.details.setText(package_details(package) if package is not None else "")
        if package is None:
            return
        for index in range(self.combo.count()):
            item = self.combo.itemData(index)
            if isinstance(item, ModelPackage) and item.folder == package.folder:
                self.combo.blockSignals(True)
                self.combo.setCurrentIndex(index)
                self.combo.blockSignals(False)
                return

    @Slot(int)
    def _on_combo_activated(self, index: int) -> None:
        package = self.combo.itemData(index)
        if isinstance(package, ModelPackage):
            self._models.select_package(package)
            self._on_models_selection_changed(self._models.selected)  # kept when refused
