"""Keeps the review panel in step with the review controller (and the controller informed of
the panel's clicks). No state of its own."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from desktop.core.review.starting_mask import FILE
from desktop.ui.document.session import Session
from desktop.ui.i18n import numbers
from desktop.ui.models.controller import ModelController
from desktop.ui.review.review_controller import ReviewController
from desktop.ui.review.review_panel import ReviewPanel
from desktop.ui.worker.jobs import LoadedModel


class ReviewPresenter(QObject):
    def __init__(
        self,
        controller: ReviewController,
        panel: ReviewPanel,
        session: Session,
        models: ModelController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._panel = panel
        self._session = session
        self._models = models
        controller.started.connect(self._on_controller_started)
        controller.item_changed.connect(self._on_controller_item_changed)
        controller.moved.connect(self._on_controller_moved)
        controller.base_changed.connect(self._on_controller_base_changed)
        session.threshold_override_changed.connect(self._on_session_threshold_override_changed)
        models.model_loaded.connect(self._on_models_model_loaded)
        panel.item_chosen.connect(controller.go_to)
        panel.accept_requested.connect(controller.accept)
        panel.previous_requested.connect(self._on_panel_previous_requested)
        panel.next_requested.connect(self._on_panel_next_requested)

    @Slot()
    def _on_controller_started(self) -> None:
        review = self._controller.review
        if review is None:
            return
        names = [item.relative for item in review.items]
        self._panel.set_items(names, str(review.input_dir), str(review.output_dir))
        self._show_threshold()

    @Slot(int)
    def _on_controller_item_changed(self, index: int) -> None:
        review = self._controller.review
        if review is None:
            return
        self._panel.set_state(index, review.states[index], review.errors.get(index, ""))
        self._show_position()

    @Slot(int)
    def _on_controller_moved(self, _index: int) -> None:
        self._show_position()
        self._on_controller_base_changed()

    def _show_position(self) -> None:
        review, index = self._controller.review, self._controller.index
        if review is None or index < 0:
            return
        self._panel.set_current(index, review.position_text(index), review.accepted, review.total)
        self._panel.set_problem(review.errors.get(index, ""))

    @Slot()
    def _on_controller_base_changed(self) -> None:
        base = self._controller.base
        review = self._controller.review
        if base is None:
            waiting = review is not None and review.errors.get(self._controller.index) is None
            self._panel.set_base_text(self.tr("Segmenting…") if waiting else "")
            return
        sha = str((base.model or {}).get("sha256") or "")[:8]
        model = base.model_name or self.tr("an unknown model")
        if sha:
            model = self.tr("%1 (sha256 %2…)").replace("%1", model).replace("%2", sha)
        if base.origin == FILE:
            text = (
                self.tr("Starting mask: %1 from an earlier %2, made by %3.")
                .replace("%1", str(base.file))
                .replace("%2", self._made_by_text(base.made_by))
                .replace("%3", model)
            )
        else:
            text = (
                self.tr("Starting mask: model %1 on %2.")
                .replace("%1", model)
                .replace("%2", str(base.device))
            )
        self._panel.set_base_text(text)

    def _made_by_text(self, made_by: str) -> str:
        """core's "review" / "export" / "batch" in the UI language ("run" when unknown)."""
        texts = {
            "review": self.tr("review"),
            "export": self.tr("export"),
            "batch": self.tr("batch"),
        }
        return texts.get(made_by, made_by or self.tr("run"))

    @Slot(object)
    def _on_session_threshold_override_changed(self, _override) -> None:
        self._show_threshold()

    @Slot(object)
    def _on_models_model_loaded(self, _loaded: LoadedModel) -> None:
        self._show_threshold()

    def _show_threshold(self) -> None:
        override = self._session.threshold_override
        loaded = self._models.loaded
        model = numbers.general(loaded.package.threshold) if loaded is not None else "—"
        if override is None:
            text = self.tr("Threshold in use: %1 (the model's)").replace("%1", model)
        else:
            text = (
                self.tr("Threshold in use: %1 (override; the model's is %2)")
                .replace("%1", numbers.general(override))
                .replace("%2", model)
            )
        self._panel.set_threshold_text(text)

    @Slot()
    def _on_panel_previous_requested(self) -> None:
        self._controller.step(-1)

    @Slot()
    def _on_panel_next_requested(self) -> None:
        self._controller.step(+1)
