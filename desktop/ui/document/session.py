"""What the window is showing: the image, its segmentation, the threshold and the overlay style.

Widgets bind their controls to this state and listen to its signals; none of them talk to
each other. The shown prediction is the model's prediction re-cut at the override threshold,
when there is one — no re-inference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from desktop.core.image_source import ImageSource
from desktop.core.prediction import Prediction
from desktop.ui.viewer.overlay_render import OverlayStyle
from desktop.ui.worker.jobs import SegmentResult


class Session(QObject):
    image_opened = Signal(object)  # Path of the new image
    result_changed = Signal()  # the segmentation or the threshold changed (may now be None)
    overlay_style_changed = Signal(object)  # OverlayStyle
    threshold_override_changed = Signal(object)  # float, or None for the training threshold

    def __init__(self, overlay_style: OverlayStyle | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.image_path: Path | None = None
        self.image: np.ndarray | None = None
        self.source: ImageSource | None = None  # frame, DICOM description, grey (DESIGN §10)
        self.result: SegmentResult | None = None
        self.threshold_override: float | None = None
        self.overlay_style = overlay_style or OverlayStyle()
        self._shown: Prediction | None = None
        # Asked before a new threshold replaces a shown (possibly edited) mask; False keeps it.
        self._threshold_guard: Callable[[float | None], bool] | None = None
        # "Check against exact" on the shown prediction (ui/exact_check/panel.py sets and clears
        # it); exported provenance records carry it (DESIGN §7).
        self.exact_disagreement_ppm: float | None = None

    # -- image and result ----------------------------------------------------------------
    def set_image(self, path: Path, image: np.ndarray, source: ImageSource | None = None) -> None:
        self.image_path = Path(path)
        self.image = image
        self.source = source or ImageSource(Path(path), size=image.shape[:2])
        self.result = None
        self._shown = None
        self.image_opened.emit(self.image_path)
        self.result_changed.emit()

    def set_result(self, result: SegmentResult | None) -> None:
        self.result = result
        self._shown = None
        self.result_changed.emit()

    @property
    def prediction(self) -> Prediction | None:
        """The prediction as shown and exported: at the override threshold, if one is set."""
        if self.result is None:
            return None
        if self._shown is None:
            base = self.result.prediction
            wanted = self.threshold_override
            self._shown = base if wanted is None else base.with_threshold(wanted)
        return self._shown

    # -- threshold --------------------------------------------------------------------------
    def set_threshold_override(self, threshold: float | None) -> None:
        if threshold is not None:
            threshold = round(float(threshold), 4)
        if threshold == self.threshold_override:
            return
        if self.result is not None and self._cut_at(threshold) == self.prediction.threshold:
            # Same cut (e.g. Override ticked at the model's own 0.5): the mask, and any
            # corrections on it, stay as they are; nothing to ask.
            self.threshold_override = threshold
            self.threshold_override_changed.emit(threshold)
            return
        guard = self._threshold_guard
        if self.result is not None and guard is not None and not guard(threshold):
            self.threshold_override_changed.emit(self.threshold_override)  # controls snap back
            return
        self.threshold_override = threshold
        self._shown = None
        self.threshold_override_changed.emit(threshold)
        if self.result is not None:
            self.result_changed.emit()

    def _cut_at(self, override: float | None) -> float:
        """The threshold the shown mask would be cut at with `override`."""
        return self.result.prediction.threshold if override is None else override

    def set_threshold_guard(self, guard: Callable[[float | None], bool] | None) -> None:
        """`guard(new_threshold)` is asked before a threshold change re-cuts a shown result."""
        self._threshold_guard = guard

    # -- overlay ----------------------------------------------------------------------------
    def set_overlay_style(self, style: OverlayStyle) -> None:
        if style == self.overlay_style:
            return
        self.overlay_style = style
        self.overlay_style_changed.emit(style)

    def update_overlay_style(self, **changes) -> None:
        self.set_overlay_style(replace(self.overlay_style, **changes))

    def set_overlay_visible(self, visible: bool) -> None:
        self.update_overlay_style(visible=bool(visible))
