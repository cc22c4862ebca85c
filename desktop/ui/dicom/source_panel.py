"""The "Image" group: modality, frame and acquisition date of a DICOM image, its pixel spacing,
and the grey-image warning (for any grey image). No patient name, ID or birth date: the
`DicomInfo` it shows does not hold them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from desktop.core.dicom.info import ULTRASOUND_REGION
from desktop.ui.document.session import Session
from desktop.ui.i18n import numbers
from desktop.ui.widgets.warning_label import warning_label


class SourcePanel(QGroupBox):
    """The side panel's "Image" group; hidden for colour images that are not DICOM."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Image"))
        self._session = session
        self.modality = QLabel()
        self.frame = QLabel()
        self.acquired = QLabel()
        self.spacing = QLabel()
        self.grey_warning = warning_label(
            self.tr("Grey image: the model was trained on colour images, so its mask may be "
                    "unreliable.")  # fmt: skip
        )
        self._form = QFormLayout(self)
        self._form.addRow(self.tr("Modality"), self.modality)
        self._form.addRow(self.tr("Frame"), self.frame)
        self._form.addRow(self.tr("Acquired"), self.acquired)
        self._form.addRow(self.tr("Pixel size"), self.spacing)
        self._form.addRow(self.grey_warning)
        for label in (self.modality, self.frame, self.acquired, self.spacing):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        session.image_opened.connect(self._on_session_image_opened)
        self._on_session_image_opened(None)

    def _set_dicom_rows_visible(self, visible: bool) -> None:
        for label in (self.modality, self.frame, self.acquired, self.spacing):
            self._form.setRowVisible(label, visible)

    @Slot(object)
    def _on_session_image_opened(self, _path) -> None:
        source = self._session.source
        self.grey_warning.setVisible(bool(source is not None and source.grey))
        info = source.dicom if source is not None else None
        self._set_dicom_rows_visible(info is not None)
        self.setVisible(info is not None or bool(source is not None and source.grey))
        if info is None:
            return
        self.modality.setText(self.tr("{modality} ({transfer_syntax})").format(
            modality=info.modality or "—", transfer_syntax=info.transfer_syntax_name))
        if source.frame is None:
            self.frame.setText(self.tr("single frame"))
        else:
            self.frame.setText(self.tr("frame {0} / {1}").format(source.frame + 1, source.frames))
        self.acquired.setText(info.acquisition_date or info.study_date or self.tr("not given"))
        if info.pixel_spacing_mm is None:
            self.spacing.setText(self.tr("not given (areas in pixels only)"))
        else:
            rows, columns = info.pixel_spacing_mm
            self.spacing.setText(self.tr("{rows} × {columns} mm ({source})").format(
                rows=numbers.general(rows, 4), columns=numbers.general(columns, 4),
                source=self._spacing_source(info.pixel_spacing_source)))  # fmt: skip

    def _spacing_source(self, source: str) -> str:
        # Core names the source with a key (desktop.core never imports Qt): the DICOM attribute
        # keywords are shown as they are, the ultrasound calibration in words.
        if source == ULTRASOUND_REGION:
            return self.tr("ultrasound region")
        return source
