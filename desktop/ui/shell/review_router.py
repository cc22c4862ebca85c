"""Window commands that mean one thing in review mode and another on a single image: Previous /
Next, Segment, Accept, End Review, and whether the shown mask may go. The main window wires the
actions here; this decides, by whether a review is on, which controller answers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QWidget

from desktop.ui.document.controller import DocumentController
from desktop.ui.document.session import Session
from desktop.ui.editing.threshold_guard import ThresholdGuard
from desktop.ui.review.folder_dialog import ReviewFolderDialog, review_dialog_choices
from desktop.ui.review.review_controller import ReviewController
from desktop.ui.shell.settings import AppSettings
from desktop.ui.viewer.image_view import ImageView


class ReviewRouter(QObject):
    status_message = Signal(str)

    def __init__(
        self,
        review: ReviewController,
        document: DocumentController,
        guard: ThresholdGuard,
        session: Session,
        settings: AppSettings,
        view: ImageView,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._review = review
        self._document = document
        self._guard = guard
        self._session = session
        self._settings = settings
        self._view = view
        self._window = window

    @Slot()
    def previous_image(self) -> None:
        if self._review.active:
            self._review.step(-1)
        else:
            self._document.open_neighbor(-1)

    @Slot()
    def next_image(self) -> None:
        if self._review.active:
            self._review.step(+1)
        else:
            self._document.open_neighbor(+1)

    @Slot()
    def segment(self) -> None:
        if self._review.active:
            if self._guard.allow_leaving("segment"):
                self._review.segment_again()
        else:
            self._document.segment()

    def may_leave(self, action: str) -> bool:
        """May the shown mask go? A review keeps corrections as drafts on disk (saved now);
        elsewhere corrections no export wrote are asked about."""
        leaves_review = self._review.active and action in ("open", "close", "end_review")
        if leaves_review and self._review.flush_draft():
            return True
        return self._guard.allow_leaving(action)

    @Slot()
    def end_review(self) -> None:
        if self.may_leave("end_review"):
            self._review.end()

    def ask_review_folders(self, folder: Path | None) -> None:
        """The Review Folder dialog, filled in from last time (or for a dropped `folder`)."""
        choices = review_dialog_choices(self._settings.choices("review"), folder)
        dialog = ReviewFolderDialog(choices, self._session.threshold_override, self._window)
        if dialog.exec() == ReviewFolderDialog.DialogCode.Accepted:
            self._review.start(dialog.options())

    @Slot()
    def accept_review(self) -> None:
        # Enter typed into a number field (threshold, brush size) confirms that field; it must
        # not also accept the mask and move on.
        if isinstance(QApplication.focusWidget(), (QAbstractSpinBox, QLineEdit)):
            self._view.setFocus()
            self.status_message.emit(
                QCoreApplication.translate("MainWindow", "Press Enter again to accept the mask.")
            )
            return
        self._review.accept()
