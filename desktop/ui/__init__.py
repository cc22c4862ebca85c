"""SegDesk's Qt user interface: widgets, dialogs and the one background worker.

Nothing here imports torch at module level: the window must be up before any model loads.
All torch work happens on one long-lived worker thread.

    app.py                 QApplication, icon, style; run_app() (SEGDESK_SMOKE run: smoke.py)
    main_window.py         composition root: builds the parts below and wires their signals
    actions.py             every menu command and shortcut; the menus

    state and controllers (no widgets)
    session.py             what is shown: image, result, threshold override, overlay style
    document_controller.py opening images (dialog, drop, recent, samples, prev/next), segmenting
    model_controller.py    packages, chosen model and device, loading, import, self-test
    export_actions.py      File › Export… and Copy Overlay
    batch_dialog.py        batch setup, progress and summary dialogs and their controller
    settings.py            QSettings under a versioned group
    error_reporting.py     messages, the log file, sys.excepthook

    the worker
    worker_client.py       GUI side: owns the QThread, sends requests, drops stale answers
    segment_worker.py      the QObject living on the thread; turns results/errors into signals
    jobs.py                the work itself as plain, Qt-free methods (and injectable services)
    requests.py            request ids (plain)

    widgets
    image_view.py, overlay_presenter.py, overlay_controls.py, threshold_controls.py,
    result_panel.py, model_picker.py, device_picker.py, control_panel.py, status_bar.py,
    model_info_dialog.py, import_model_dialog.py, about_dialog.py

    editing/               mask correction: brush/eraser canvas tool, undo stack, edit panel,
                           region list, the overlay item rewritten in place (see its __init__)

    qt_compat.py           work-around for a PySide6 6.12.0 reference-count defect (see there)

    plain helpers
    qimage_bridge.py (the one numpy <-> QImage bridge), overlay_render.py, navigation.py, eta.py
"""

# Windows: torch's DLLs must be loaded before Qt's (desktop/torch_dlls.py). The entry points do
# it first thing; this covers a UI started some other way (`run_app` imported directly), since
# every module here imports PySide6 after this package. A second call does nothing.
from desktop.torch_dlls import preload_torch_dlls

preload_torch_dlls()

from desktop.ui import qt_compat  # noqa: E402 - only after the preload

qt_compat.apply()
