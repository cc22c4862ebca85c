"""The main window: the composition root. It builds the parts and wires them; no logic here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import paths
from desktop.core.dicom import DICOM_EXTENSIONS
from desktop.core.image_io import IMAGE_EXTENSIONS
from desktop.core.package import PackageListing, discover_packages
from desktop.core.result_cache import ResultCache
from desktop.ui.batch.dialog import BatchController, batch_run_info
from desktop.ui.controls.control_panel import ControlPanel
from desktop.ui.controls.overlay_controls import OverlayControls
from desktop.ui.controls.result_panel import ResultPanel
from desktop.ui.controls.threshold_controls import ThresholdControls
from desktop.ui.dicom.frame_bar import FrameBar
from desktop.ui.dicom.source_panel import SourcePanel
from desktop.ui.document.controller import DocumentController
from desktop.ui.document.session import Session
from desktop.ui.editing.canvas_tool import CanvasTool
from desktop.ui.editing.edit_actions import EditActions, add_edit_menu
from desktop.ui.editing.edit_panel import EditPanel
from desktop.ui.editing.mask_editor import PAN, MaskEditor
from desktop.ui.editing.model_outline import ModelOutlineLayer
from desktop.ui.editing.threshold_guard import ThresholdGuard
from desktop.ui.evaluation.controller import EvaluationController
from desktop.ui.exact_check.panel import ExactCheckPanel
from desktop.ui.export.actions import ExportActions
from desktop.ui.finetune.controller import FinetuneController
from desktop.ui.folders import dropped
from desktop.ui.folders.file_sizes import open_file_name
from desktop.ui.folders.reveal import reveal_folder
from desktop.ui.i18n.language_menu import LanguageMenu
from desktop.ui.models.controller import ModelController
from desktop.ui.models.device_picker import DevicePicker
from desktop.ui.models.importing import make_import_dialog
from desktop.ui.models.info_dialog import ModelInfoDialog
from desktop.ui.models.picker import ModelPicker
from desktop.ui.models.removal import remove_selected_model
from desktop.ui.review.folder_dialog import ReviewFolderDialog, review_dialog_choices
from desktop.ui.review.review_controller import ReviewController
from desktop.ui.review.review_panel import ReviewPanel
from desktop.ui.review.review_presenter import ReviewPresenter
from desktop.ui.shell.about_dialog import AboutDialog
from desktop.ui.shell.actions import RecentFilesMenu, SampleMenu, WindowActions, build_menus
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.keyboard import FocusedControlKeys
from desktop.ui.shell.settings import AppSettings
from desktop.ui.shell.status_bar import StatusBar
from desktop.ui.viewer.image_view import ImageView
from desktop.ui.viewer.overlay_presenter import OverlayPresenter
from desktop.ui.viewer.overlay_render import OverlayStyle
from desktop.ui.worker import segment_worker as tasks
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import Services

APP_TITLE = "SegDesk"
# Saved dock layouts of another version are not restored (1: the Correct Mask dock, tabbed with
# Controls, was added; an older layout would split it off below the Controls).
WINDOW_STATE_VERSION = 1
IMAGE_FILTER = "Images ({});;All files (*)".format(  # English; the dialog uses image_filter()
    " ".join(f"*{e}" for e in sorted(IMAGE_EXTENSIONS | DICOM_EXTENSIONS))
)


def image_filter() -> str:
    """The Open dialog's file-type filter, in the UI language."""
    patterns = " ".join(f"*{e}" for e in sorted(IMAGE_EXTENSIONS | DICOM_EXTENSIONS))
    return QCoreApplication.translate("MainWindow", "Images ({0});;All files (*)").format(patterns)


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: AppSettings,
        reporter: ErrorReporter,
        services: Services | None = None,
        discover: Callable[[], PackageListing] = discover_packages,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.reporter = reporter
        reporter.set_window(self)
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)

        # State and controllers (no widgets).
        self.session = Session(settings.overlay_style, self)
        self.client = WorkerClient(services, self)
        self.models = ModelController(self.client, settings, reporter, discover, self)
        self.cache = ResultCache()  # the last few results: Previous/Next and review reuse them
        self.document = DocumentController(
            self.session, self.client, self.models, settings, reporter, self, cache=self.cache
        )
        self.editor = MaskEditor(self.session, self)  # the mask as corrected, with its undo stack
        self.review = ReviewController(
            self.session, self.client, self.models, self.document, self.cache, self.editor,
            settings, reporter, self,
        )  # fmt: skip
        self.exports = ExportActions(
            self.session, self.client, settings, reporter, self, self, editor=self.editor
        )
        self.batch = BatchController(self.client, settings, reporter, self, self)
        self.evaluation = EvaluationController(
            services, self.session, self.models, settings, reporter, self, self
        )
        self.finetune = FinetuneController(self.models, settings, reporter, self, parent=self)

        # Widgets, each bound to the state it shows.
        self.view = ImageView()
        self.frame_bar = FrameBar(self.session)  # multi-frame DICOM: under the image
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.view, 1)
        central_layout.addWidget(self.frame_bar)
        self.setCentralWidget(central)
        self.presenter = OverlayPresenter(self.session, self.view, self, editor=self.editor)
        self.canvas_tool = CanvasTool(self.view, self.editor, self)
        self.model_outline = ModelOutlineLayer(self.view, self.editor, self)
        self.edit_actions = EditActions(self.editor, self)
        self.edit_panel = EditPanel(self.editor, self.edit_actions, self.model_outline)
        self.threshold_guard = ThresholdGuard(self.editor, self)
        self.threshold_guard.discarded.connect(self.review.discard_left_draft)
        self.commands = WindowActions(self)
        self.model_picker = ModelPicker(self.models)
        self.device_picker = DevicePicker(self.models)
        self.segment_button = QToolButton()
        self.segment_button.setDefaultAction(self.commands.segment)
        self.auto_segment_box = QCheckBox(self.tr("Segment on open"))
        self.overlay_controls = OverlayControls(self.session)
        self.threshold_controls = ThresholdControls(self.session, self.models)
        self.result_panel = ResultPanel(self.session, editor=self.editor, models=self.models)
        self.exact_check = ExactCheckPanel(self.session, self.client, self.view)
        self.source_panel = SourcePanel(self.session)
        self.panel = ControlPanel(
            self.model_picker, self.device_picker, self.segment_button, self.auto_segment_box,
            self.overlay_controls, self.threshold_controls, self.result_panel,
            source_panel=self.source_panel, engine_check=self.exact_check,
        )  # fmt: skip
        Feature, Area = QDockWidget.DockWidgetFeature, Qt.DockWidgetArea
        closable = Feature.DockWidgetMovable | Feature.DockWidgetClosable
        self.dock = self._dock(self.tr("Controls"), "controlsDock", self.panel, closable)
        self.addDockWidget(Area.RightDockWidgetArea, self.dock)
        # The correction tools get a tab of their own beside Controls, so the Controls panel
        # keeps fitting the default window without scrolling; choosing a tool brings it forward.
        self.edit_dock = self._dock(
            self.tr("Correct Mask"), "correctMaskDock", self.edit_panel, closable
        )
        self.tabifyDockWidget(self.dock, self.edit_dock)
        self.dock.raise_()
        self.review_panel = ReviewPanel()
        self.review_dock = self._dock(
            self.tr("Review"), "reviewDock", self.review_panel, Feature.DockWidgetMovable
        )
        self.review_dock.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 22)
        self.addDockWidget(Area.LeftDockWidgetArea, self.review_dock)
        self.review_dock.hide()
        self.review_presenter = ReviewPresenter(
            self.review, self.review_panel, self.session, self.models, self
        )
        self.status = StatusBar(self.session, self.models, self.client)
        self.setStatusBar(self.status)
        self.recent_menu = RecentFilesMenu(self)
        self.sample_menu = SampleMenu(parent=self)
        self.language_menu = LanguageMenu(settings, reporter, self)
        docks = [self.dock.toggleViewAction(), self.edit_dock.toggleViewAction(),
                 self.language_menu.menuAction()]  # fmt: skip
        build_menus(self.menuBar(), self.commands, self.recent_menu, self.sample_menu, docks)
        add_edit_menu(self.menuBar(), self.edit_actions)

        # Space and Return/Enter press the focused button rather than an app-wide shortcut.
        self.focus_keys = FocusedControlKeys(self)
        QApplication.instance().installEventFilter(self.focus_keys)

        self._wire()
        self._restore()

    def _dock(self, title: str, name: str, widget: QWidget, features) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState/restoreState find it by this name
        dock.setWidget(widget)
        dock.setFeatures(features)
        return dock

    # -- wiring -----------------------------------------------------------------------------
    def _wire(self) -> None:
        a, doc, session = self.commands, self.document, self.session
        a.open.triggered.connect(self._on_open_triggered)
        a.previous_image.triggered.connect(self._on_previous_image_triggered)
        a.next_image.triggered.connect(self._on_next_image_triggered)
        a.export.triggered.connect(self.exports.export_with_dialog)
        a.copy_overlay.triggered.connect(self.exports.copy_overlay)
        a.batch.triggered.connect(self._on_batch_triggered)
        a.review_folder.triggered.connect(self._on_review_folder_triggered)
        a.accept_review.triggered.connect(self._on_accept_review_triggered)
        a.end_review.triggered.connect(self._on_end_review_requested)
        self.review_panel.end_requested.connect(self._on_end_review_requested)
        self.review.started.connect(self._on_review_started)
        self.review.ended.connect(self._on_review_ended)
        self.review.status_message.connect(self._on_any_status_message)
        a.import_model.triggered.connect(self._on_import_model_triggered)
        a.remove_model.triggered.connect(self._on_remove_model_triggered)
        a.quit.triggered.connect(self.close)
        a.show_overlay.toggled.connect(session.set_overlay_visible)
        a.mode_group.triggered.connect(self._on_mode_group_triggered)
        a.fit.triggered.connect(self.view.fit)
        a.actual_size.triggered.connect(self.view.zoom_actual)
        a.zoom_in.triggered.connect(self.view.zoom_in)
        a.zoom_out.triggered.connect(self.view.zoom_out)
        a.segment.triggered.connect(self._on_segment_triggered)
        a.cancel.triggered.connect(doc.cancel)
        a.auto_segment.toggled.connect(doc.set_auto_segment)
        self.exact_check.bind_action(a.check_exact)
        self.overlay_controls.bind_colour_action(a.overlay_colour)
        a.model_info.triggered.connect(self._on_model_info_triggered)
        a.self_test.triggered.connect(self.models.run_self_test)
        a.about.triggered.connect(self._on_about_triggered)
        a.open_log_folder.triggered.connect(self._on_open_log_folder_triggered)
        a.open_models_folder.triggered.connect(self._on_open_models_folder_triggered)
        a.compare_models.triggered.connect(self.evaluation.open_compare)
        a.evaluate.triggered.connect(self.evaluation.open_evaluate)
        a.finetune.triggered.connect(self.finetune.open_setup)

        self.auto_segment_box.toggled.connect(doc.set_auto_segment)
        doc.auto_segment_changed.connect(self._on_document_auto_segment_changed)
        doc.recent_files_changed.connect(self.recent_menu.set_files)
        doc.status_message.connect(self._on_any_status_message)
        doc.position_changed.connect(self.status.show_position)
        doc.folder_given.connect(self._on_document_folder_given)
        self.recent_menu.file_chosen.connect(doc.open_image)
        self.recent_menu.clear_requested.connect(doc.clear_recent)
        self.sample_menu.file_chosen.connect(doc.open_image)
        self.view.files_dropped.connect(doc.open_first)
        self.frame_bar.frame_requested.connect(doc.open_frame)
        self.model_picker.info_requested.connect(self._on_model_info_triggered)
        self.status.cancel_requested.connect(doc.cancel)
        self.exports.status_message.connect(self._on_any_status_message)
        self.edit_panel.regions.region_chosen.connect(self.view.center_on)
        self.editor.tool_changed.connect(self._on_editor_tool_changed)
        session.set_threshold_guard(self.threshold_guard.allow)
        self.document.leave_guard = self._may_leave
        self.models.change_guard = lambda: self.document.may_replace_mask("model")

        session.image_opened.connect(self._on_session_image_opened)
        session.result_changed.connect(self._on_session_result_changed)
        session.overlay_style_changed.connect(self._on_session_overlay_style_changed)
        self.view.zoom_changed.connect(self.status.show_zoom)
        self.client.activity_changed.connect(self._on_client_activity_changed)
        self.batch.running_changed.connect(self._on_batch_running_changed)

    def _restore(self) -> None:
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        else:
            metrics = self.fontMetrics()
            # Tall enough for the whole Controls panel (no scrolling), within the screen.
            chrome = self.menuBar().sizeHint().height() + self.statusBar().sizeHint().height()
            chrome += metrics.height() * 2  # the tab bar of the docks tabbed with Controls
            needed = self.panel.needed_height() + chrome + metrics.height() * 2
            available = self.screen().availableGeometry().height() * 0.9
            height = min(max(metrics.height() * 45, needed), int(available))
            self.resize(metrics.horizontalAdvance("M") * 110, height)
        if self.settings.window_state is not None:
            self.restoreState(self.settings.window_state, WINDOW_STATE_VERSION)
        self.review_dock.setVisible(self.review.active)  # only in review mode
        self.recent_menu.set_files(self.document.recent_files)
        self._on_document_auto_segment_changed()
        self._on_session_overlay_style_changed(self.session.overlay_style)
        self._on_session_result_changed()
        self._on_client_activity_changed(frozenset())

    def start(self) -> None:
        """Begin the background work: list devices, load the model."""
        self.models.start()

    # -- slots ------------------------------------------------------------------------------
    @Slot(str)
    def _on_editor_tool_changed(self, tool: str) -> None:
        if tool != PAN:
            self.edit_dock.raise_()  # the brush size and regions are where the user looks now

    @Slot()
    def _on_open_triggered(self) -> None:
        folder = self.settings.last_folder("open") or str(paths.samples_dir())
        path = open_file_name(self, self.tr("Open Image"), folder, image_filter())
        if path:
            self.document.open_image(path)

    @Slot()
    def _on_previous_image_triggered(self) -> None:
        if self.review.active:
            self.review.step(-1)
        else:
            self.document.open_neighbor(-1)

    @Slot()
    def _on_next_image_triggered(self) -> None:
        if self.review.active:
            self.review.step(+1)
        else:
            self.document.open_neighbor(+1)

    @Slot()
    def _on_segment_triggered(self) -> None:
        if self.review.active:
            if self.threshold_guard.allow_leaving("segment"):
                self.review.segment_again()
        else:
            self.document.segment()

    def _may_leave(self, action: str) -> bool:
        """May the shown mask go? A review keeps corrections as drafts on disk (saved now);
        elsewhere corrections no export wrote are asked about."""
        leaves_review = self.review.active and action in ("open", "close", "end_review")
        if leaves_review and self.review.flush_draft():
            return True
        return self.threshold_guard.allow_leaving(action)

    @Slot()
    def _on_end_review_requested(self) -> None:
        if self._may_leave("end_review"):
            self.review.end()

    @Slot()
    def _on_review_folder_triggered(self) -> None:
        self._ask_review_folders(None)

    def _ask_review_folders(self, folder: Path | None) -> None:
        """The Review Folder dialog, filled in from last time (or for a dropped `folder`)."""
        choices = review_dialog_choices(self.settings.choices("review"), folder)
        dialog = ReviewFolderDialog(choices, self.session.threshold_override, self)
        if dialog.exec() == ReviewFolderDialog.DialogCode.Accepted:
            self.review.start(dialog.options())

    @Slot()
    def _on_accept_review_triggered(self) -> None:
        # Enter typed into a number field (threshold, brush size) confirms that field; it must
        # not also accept the mask and move on.
        if isinstance(QApplication.focusWidget(), (QAbstractSpinBox, QLineEdit)):
            self.view.setFocus()
            self._on_any_status_message(self.tr("Press Enter again to accept the mask."))
            return
        self.review.accept()

    @Slot()
    def _on_review_started(self) -> None:
        self.review_dock.show()
        self.view.setFocus()  # B, E, [ ] and Enter act on the image, not on a number field
        self._update_enabled()

    @Slot()
    def _on_review_ended(self) -> None:
        self.review_dock.hide()
        self._update_title()  # the reviewed image and its edits stay on screen, so does its name
        self._update_enabled()

    @Slot()
    def _on_batch_triggered(self) -> None:
        self.batch.start_with_dialog(batch_run_info(self.models, self.session))

    @Slot(object)
    def _on_document_folder_given(self, folder: Path) -> None:
        choice = dropped.ask_what_to_do_with_folder(folder, self)
        if choice == dropped.BATCH:
            self.batch.start_with_dialog(batch_run_info(self.models, self.session), folder)
        elif choice == dropped.REVIEW:
            self._ask_review_folders(folder)

    @Slot()
    def _on_import_model_triggered(self) -> None:
        make_import_dialog(self.models, self.settings, self).exec()

    @Slot()
    def _on_remove_model_triggered(self) -> None:
        remove_selected_model(self.models, self)

    @Slot()
    def _on_model_info_triggered(self) -> None:
        package = self.models.selected
        if package is not None:
            dialog = ModelInfoDialog(self.models, package, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

    @Slot()
    def _on_about_triggered(self) -> None:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _on_open_log_folder_triggered(self) -> None:
        reveal_folder(paths.log_dir(), self)

    @Slot()
    def _on_open_models_folder_triggered(self) -> None:
        folder = paths.user_models_dir()
        folder.mkdir(parents=True, exist_ok=True)
        reveal_folder(folder, self)

    @Slot(object)
    def _on_mode_group_triggered(self, action) -> None:
        self.session.update_overlay_style(mode=action.data())

    @Slot()
    def _on_document_auto_segment_changed(self) -> None:
        on = self.document.auto_segment
        for control in (self.auto_segment_box, self.commands.auto_segment):
            control.blockSignals(True)
            control.setChecked(on)
            control.blockSignals(False)

    @Slot(str)
    def _on_any_status_message(self, text: str) -> None:
        self.status.showMessage(text, 5000)

    @Slot(object)
    def _on_session_image_opened(self, path: Path) -> None:
        self._update_title()
        self._update_enabled()

    def _update_title(self) -> None:
        path = self.session.image_path
        self.setWindowTitle(APP_TITLE if path is None else f"{APP_TITLE} — {path.name}")

    @Slot()
    def _on_session_result_changed(self) -> None:
        self._update_enabled()

    @Slot(object)
    def _on_session_overlay_style_changed(self, style: OverlayStyle) -> None:
        self.commands.show_overlay.blockSignals(True)
        self.commands.show_overlay.setChecked(style.visible)
        self.commands.show_overlay.blockSignals(False)
        self.commands.modes[style.mode].setChecked(True)

    @Slot(object)
    def _on_client_activity_changed(self, busy: frozenset) -> None:
        self.commands.cancel.setEnabled(tasks.SEGMENT in busy)

    @Slot()
    def _on_batch_running_changed(self) -> None:
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_image = self.session.image is not None
        has_result = self.session.prediction is not None
        batch_idle = not self.batch.running
        self.commands.segment.setEnabled(has_image and batch_idle)
        self.commands.export.setEnabled(has_result)
        self.commands.copy_overlay.setEnabled(has_result)
        reviewing = self.review.active
        self.commands.previous_image.setEnabled(has_image or reviewing)
        self.commands.next_image.setEnabled(has_image or reviewing)
        self.commands.accept_review.setEnabled(reviewing)
        self.commands.end_review.setEnabled(reviewing)
        self.commands.review_folder.setEnabled(batch_idle)
        for control in (
            self.model_picker,
            self.device_picker,
            self.commands.import_model,
            self.commands.remove_model,
            self.commands.self_test,
        ):
            control.setEnabled(batch_idle)  # the worker is busy with the batch
        if batch_idle:
            self.device_picker.setEnabled(bool(self.models.devices))

    # -- window events ----------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.document.open_first(files)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._may_leave("close"):
            event.ignore()  # corrections not exported: the user chose to keep working
            return
        if not self.finetune.may_close():
            event.ignore()  # a fine-tune is running and the user chose to let it go on
            return
        self.shutdown()
        super().closeEvent(event)

    @Slot()
    def shutdown(self) -> None:
        """Save the settings and stop the worker thread (safe to call twice)."""
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState(WINDOW_STATE_VERSION)
        self.settings.overlay_style = self.session.overlay_style
        self.settings.sync()
        self.evaluation.shutdown()
        self.finetune.shutdown()
        self.client.shutdown()
