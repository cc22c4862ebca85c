"""Device picker: only the devices that passed a real computation on the worker thread."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from desktop.core.devices import Device
from desktop.ui.i18n.core_text import device_label
from desktop.ui.models.controller import ModelController


class DevicePicker(QComboBox):
    def __init__(self, models: ModelController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._models = models
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.setToolTip(self.tr("Where the model runs; switching reloads the model on that device"))
        self.addItem(self.tr("Detecting devices…"))
        self.setEnabled(False)
        self.activated.connect(self._on_self_activated)
        models.devices_changed.connect(self._on_models_devices_changed)
        models.device_changed.connect(self._on_models_device_changed)

    @Slot(object)
    def _on_models_devices_changed(self, devices: tuple[Device, ...]) -> None:
        self.blockSignals(True)
        self.clear()
        for device in devices:
            self.addItem(device_label(device.label), device.id)
        self.setEnabled(bool(devices))
        self.blockSignals(False)
        self._on_models_device_changed(self._models.device_id)

    @Slot(str)
    def _on_models_device_changed(self, device_id: str) -> None:
        index = self.findData(device_id)
        if index >= 0:
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    @Slot(int)
    def _on_self_activated(self, index: int) -> None:
        device_id = self.itemData(index)
        if isinstance(device_id, str):
            self._models.select_device(device_id)
            self._on_models_device_changed(self._models.device_id)  # kept when refused
