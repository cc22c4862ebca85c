"""The main window: the composition root. It builds the parts and wires them; no logic here.

What a command does in review mode or on one image is decided in `review_router.py`, when a
command is enabled in `action_states.py`; the commands that only open a dialog or a folder are
`menu_dialogs.py`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDockWidget,
    QMainWindow,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.package import PackageListing, discover_packages
from desktop.core.result_cache import ResultCache
from desktop.ui.batch.controller import BatchController
from desktop.ui.batch.setup_dialog import batch_run_info
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
from desktop.ui.i18n.language_menu import LanguageMenu
from desktop.ui.models.controller import ModelController
from desktop.ui.models.device_picker import DevicePicker
from desktop.ui.models.picker import ModelPicker
from desktop.ui.review.review_controller import ReviewController
from desktop.ui.review.review_panel import ReviewPanel
from desktop.ui.review.review_presenter import ReviewPresenter
from desktop.ui.shell.action_states import ActionStates
from desktop.ui.shell.actions import RecentFilesMenu, SampleMenu, WindowActions, build_menus
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.keyboard import FocusedControlKeys
from desktop.ui.shell.menu_dialogs import MenuDialogs
from desktop.ui.shell.review_router import ReviewRouter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.shell.status_bar import StatusBar
from desktop.ui.viewer.image_view import ImageView
from desktop.ui.viewer.overlay_presenter import OverlayPresenter
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import Services

APP_TITLE = "SegDesk"
# Saved dock layouts of another version are not restored (1: the Correct Mask dock, tabbed with
# Controls, was added; an older layout would split it off below the Controls).
WINDOW_STATE_VERSION = 1


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

        # What the commands do in review mode or on one image, and when they are enabled.
        self.router = ReviewRouter(
            self.review, self.document, self.threshold_guard, self.session, settings, self.view,
            self,
        )  # fmt: skip
        self.states = ActionStates(
            self.commands, self.session, self.document, self.review, self.batch, self.models,
            (self.model_picker, self.device_picker), self.auto_segment_box, self,
        )  # fmt: skip

        self.dialogs = MenuDialogs(self.document, self.models, settings, self)

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
        a.open.triggered.connect(self.dialogs.open_image)
        a.previous_image.triggered.connect(self.router.previous_image)
        a.next_image.triggered.connect(self.router.next_image)
        a.export.triggered.connect(self.exports.export_with_dialog)
        a.copy_overlay.triggered.connect(self.exports.copy_overlay)
        a.batch.triggered.connect(self._on_batch_triggered)
        a.review_folder.triggered.connect(self._on_review_folder_triggered)
        a.accept_review.triggered.connect(self.router.accept_review)
        a.end_review.triggered.connect(self.router.end_review)
        self.review_panel.end_requested.connect(self.router.end_review)
        self.review.started.connect(self._on_review_started)
        self.review.ended.connect(self._on_review_ended)
        self.review.status_message.connect(self._on_any_status_message)
        self.router.status_message.connect(self._on_any_status_message)
        a.import_model.triggered.connect(self.dialogs.import_model)
        a.remove_model.triggered.connect(self.dialogs.remove_model)
        a.quit.triggered.connect(self.close)
        a.show_overlay.toggled.connect(session.set_overlay_visible)
        a.mode_group.triggered.connect(self._on_mode_group_triggered)
        a.fit.triggered.connect(self.view.fit)
        a.actual_size.triggered.connect(self.view.zoom_actual)
        a.zoom_in.triggered.connect(self.view.zoom_in)
        a.zoom_out.triggered.connect(self.view.zoom_out)
        a.segment.triggered.connect(self.router.segment)
        a.cancel.triggered.connect(doc.cancel)
        a.auto_segment.toggled.connect(doc.set_auto_segment)
        self.exact_check.bind_action(a.check_exact)
        self.overlay_controls.bind_colour_action(a.overlay_colour)
        a.model_info.triggered.connect(self.dialogs.model_info)
        a.self_test.triggered.connect(self.models.run_self_test)
        a.about.triggered.connect(self.dialogs.about)
        a.open_log_folder.triggered.connect(self.dialogs.open_log_folder)
        a.open_models_folder.triggered.connect(self.dialogs.open_models_folder)
        a.compare_models.triggered.connect(self.evaluation.open_compare)
        a.evaluate.triggered.connect(self.evaluation.open_evaluate)
        a.finetune.triggered.connect(self.finetune.open_setup)

        self.auto_segment_box.toggled.connect(doc.set_auto_segment)
        doc.auto_segment_changed.connect(self.states.show_auto_segment)
        doc.recent_files_changed.connect(self.recent_menu.set_files)
        doc.status_message.connect(self._on_any_status_message)
        doc.position_changed.connect(self.status.show_position)
        doc.folder_given.connect(self._on_document_folder_given)
        self.recent_menu.file_chosen.connect(doc.open_image)
        self.recent_menu.clear_requested.connect(doc.clear_recent)
        self.sample_menu.file_chosen.connect(doc.open_image)
        self.view.files_dropped.connect(doc.open_first)
        self.frame_bar.frame_requested.connect(doc.open_frame)
        self.model_picker.info_requested.connect(self.dialogs.model_info)
        self.status.cancel_requested.connect(doc.cancel)
        self.exports.status_message.connect(self._on_any_status_message)
        self.edit_panel.regions.region_chosen.connect(self.view.center_on)
        self.editor.tool_changed.connect(self._on_editor_tool_changed)
        session.set_threshold_guard(self.threshold_guard.allow)
        self.document.leave_guard = self.router.may_leave
        self.models.change_guard = lambda: self.document.may_replace_mask("model")

        session.image_opened.connect(self._on_session_image_opened)
        session.result_changed.connect(self.states.update_enabled)
        session.overlay_style_changed.connect(self.states.show_overlay_style)
        self.view.zoom_changed.connect(self.status.show_zoom)
        self.client.activity_changed.connect(self.states.show_activity)
        self.batch.running_changed.connect(self.states.update_enabled)

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
        self.states.show_auto_segment()
        self.states.show_overlay_style(self.session.overlay_style)
        self.states.update_enabled()
        self.states.show_activity(frozenset())

    def start(self) -> None:
        """Begin the background work: list devices, load the model."""
        self.models.start()

    # -- slots ------------------------------------------------------------------------------
    @Slot(str)
    def _on_editor_tool_changed(self, tool: str) -> None:
        if tool != PAN:
            self.edit_dock.raise_()  # the brush size and regions are where the user looks now

    @Slot()
    def _on_review_folder_triggered(self) -> None:
        self.router.ask_review_folders(None)

    @Slot()
    def _on_review_started(self) -> None:
        self.review_dock.show()
        self.view.setFocus()  # B, E, [ ] and Enter act on the image, not on a number field
        self.states.update_enabled()

    @Slot()
    def _on_review_ended(self) -> None:
        self.review_dock.hide()
        self._update_title()  # the reviewed image and its edits stay on screen, so does its name
        self.states.update_enabled()

    @Slot()
    def _on_batch_triggered(self) -> None:
        self.batch.start_with_dialog(batch_run_info(self.models, self.session))

    @Slot(object)
    def _on_document_folder_given(self, folder: Path) -> None:
        choice = dropped.ask_what_to_do_with_folder(folder, self)
        if choice == dropped.BATCH:
            self.batch.start_with_dialog(batch_run_info(self.models, self.session), folder)
        elif choice == dropped.REVIEW:
            self.router.ask_review_folders(folder)

    @Slot(object)
    def _on_mode_group_triggered(self, action) -> None:
        self.session.update_overlay_style(mode=action.data())

    @Slot(str)
    def _on_any_status_message(self, text: str) -> None:
        self.status.showMessage(text, 5000)

    @Slot(object)
    def _on_session_image_opened(self, path: Path) -> None:
        self._update_title()
        self.states.update_enabled()

    def _update_title(self) -> None:
        path = self.session.image_path
        self.setWindowTitle(APP_TITLE if path is None else f"{APP_TITLE} — {path.name}")

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
        if not self.router.may_leave("close"):
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
