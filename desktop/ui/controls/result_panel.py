"""What the segmentation found: foreground area, regions, threshold, device and timing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from desktop.core.input_checks import GREY_WARNING, small_warning
from desktop.ui.document.session import Session
from desktop.ui.editing.edit_panel import edit_summary
from desktop.ui.editing.mask_editor import MaskEditor
from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import device_label, translate_core_text
from desktop.ui.models.controller import ModelController
from desktop.ui.widgets.warning_label import warning_label


class ResultPanel(QWidget):
    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        editor: MaskEditor | None = None,
        models: ModelController | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._models = models  # says when the device was remembered, not picked
        self._editor = editor
        self.model = QLabel()  # the model that made the shown result, never the chosen one
        self.mask_state = QLabel()  # model output, or edited by hand (with an editor)
        self.area = QLabel()
        self.regions = QLabel()
        self.threshold = QLabel()
        self.device = QLabel()
        self.timing = QLabel()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Foreground"), self.area)
        form.addRow(self.tr("Regions"), self.regions)
        form.addRow(self.tr("Threshold"), self.threshold)
        form.addRow(self.tr("Ran on"), self.device)
        form.addRow(self.tr("Time"), self.timing)
        self.area_mm2 = QLabel()  # DICOM with a pixel spacing (DESIGN §10)
        self.warning = warning_label("")
        form.addRow(self.tr("Area"), self.area_mm2)
        form.addRow(self.warning)
        self._form = form
        if editor is not None:
            form.addRow(self.tr("Mask"), self.mask_state)
            editor.edits_changed.connect(self._on_editor_edits_changed)
        for label in (self.model, self.area, self.regions, self.threshold, self.device,
                      self.timing, self.mask_state):  # fmt: skip
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        session.result_changed.connect(self._on_session_result_changed)
        self._on_session_result_changed()

    @Slot()
    def _on_session_result_changed(self) -> None:
        prediction = self._session.prediction
        result = self._session.result
        self._show_source_extras(prediction, result)
        if prediction is None or result is None:
            for label in (self.model, self.area, self.regions, self.threshold, self.device,
                          self.timing, self.mask_state):  # fmt: skip
                label.setText("—")
            return
        self.model.setText(result.package.name)
        self.area.setText(
            self.tr("{pixels} px ({percent} %)").format(
                pixels=numbers.integer(prediction.foreground_pixels),
                percent=numbers.percent(prediction.foreground_fraction, 2),
            )
        )
        self.regions.setText(numbers.integer(prediction.components))
        if prediction.threshold_overridden:
            model = prediction.training_threshold
            self.threshold.setText(
                self.tr("<b>{value}</b> (override; model: {model})").format(
                    value=numbers.general(prediction.threshold), model=numbers.general(model)
                )
            )
        else:
            self.threshold.setText(
                self.tr("{0} (model)").format(numbers.general(prediction.threshold))
            )
        device = device_label(result.device.label)
        if result.fallback_reason:
            device = self.tr("{device} — fallback: {reason}").format(
                device=device, reason=translate_core_text(result.fallback_reason)
            )
        if self._models is not None and self._models.remembered_approximate(result.device):
            device = self.tr(
                "{device} — remembered from your last session: an approximate engine; pick "
                "CPU (exact) in the device list for the exact mask"
            ).format(device=device)
        self.device.setText(device)
        timings = prediction.timings
        self.timing.setText(
            self.tr("{total} ms (network {network} ms)").format(
                total=numbers.fixed(result.worker_ms, 0),
                network=numbers.fixed(timings.forward_ms, 0),
            )
        )
        self._on_editor_edits_changed()

    def _show_source_extras(self, prediction, result) -> None:
        """Area in mm² when the DICOM file gives a pixel spacing; the input warnings."""
        source = self._session.source
        area = None
        if prediction is not None and source is not None:
            area = source.area_mm2(prediction.foreground_pixels)
        self._form.setRowVisible(self.area_mm2, area is not None)
        if area is not None:
            self.area_mm2.setText(self.tr("{0} mm²").format(numbers.fixed(area, 2, group=True)))
        warnings = source.warnings(result.package if result else None) if source else []
        self.warning.setVisible(prediction is not None and bool(warnings))
        texts = []
        if GREY_WARNING in warnings:
            texts.append(self.tr("Grey image given to a colour model: this mask may be "
                                 "unreliable."))  # fmt: skip
        size = source.size if source is not None else None
        if size is not None and small_warning(*size) in warnings:
            text = self.tr("Tiny image ({0} px): far smaller than the model's input, so this "
                           "mask may be unreliable.")  # fmt: skip
            texts.append(text.format(f"{size[1]}×{size[0]}"))
        self.warning.setText("\n".join(texts))

    @Slot()
    def _on_editor_edits_changed(self) -> None:
        """With an editor, the numbers describe the mask as shown (corrected or not)."""
        editable = None if self._editor is None else self._editor.editable
        if editable is None:
            return
        fraction = editable.foreground_pixels / max(1, editable.mask.size)
        self.area.setText(
            self.tr("{pixels} px ({percent} %)").format(
                pixels=numbers.integer(editable.foreground_pixels),
                percent=numbers.fixed(fraction * 100, 2),
            )
        )
        self.regions.setText(numbers.integer(self._editor.region_count()))
        source = self._session.source
        area = None if source is None else source.area_mm2(editable.foreground_pixels)
        if area is not None:
            self.area_mm2.setText(self.tr("{0} mm²").format(numbers.fixed(area, 2, group=True)))
        summary = edit_summary(self._editor)
        self.mask_state.setText(f"<b>{summary}</b>" if editable.is_edited else summary)
