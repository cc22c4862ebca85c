"""SegDesk's Qt user interface: widgets, dialogs and the one background worker.

Nothing here imports torch at module level: the window must be up before any model loads.
All torch work happens on one long-lived worker thread. One room per feature:

    shell/                 the window's frame
      app.py               QApplication, icon, style; run_app() (SEGDESK_SMOKE run: smoke.py)
      main_window.py       composition root: builds the parts below and wires their signals
      review_router.py     what Previous/Next, Segment, Accept do in review mode or on one image
      action_states.py     which commands are enabled and checked
      menu_dialogs.py      the commands that only open a dialog or a folder
      actions.py           every menu command and shortcut; the menus
      status_bar.py, about_dialog.py, keyboard.py (Space/Return on buttons)
      settings.py          QSettings under a versioned group
      error_reporting.py   messages, the log file, sys.excepthook

    document/              what is shown and how images get there (no widgets)
      session.py           what is shown: image, result, threshold override, overlay style
      controller.py        opening images (dialog, drop, recent, samples, prev/next), segmenting
      navigation.py        previous/next in the folder, the recent list (plain)

    viewer/                image_view.py (zoom, pan), overlay_presenter.py (keeps it in step
                           with the session), overlay_render.py (plain layers), qimage_bridge.py
                           (the one numpy <-> QImage bridge)
    controls/              the side panel: control_panel.py, overlay_controls.py,
                           threshold_controls.py, result_panel.py
    models/                controller.py (packages, chosen model and device, loading, import,
                           self-test), picker.py, device_picker.py, info_dialog.py + info_text.py,
                           import_dialog.py + importing.py, removal.py

    worker/                the one background thread
      base.py              RequestWorker / RequestClient: the worker pattern written once (the
                           evaluation's worker uses it too)
      tasks.py             every task name, and the message a failed task shows
      client.py            GUI side: owns the QThread, sends requests, drops stale answers
      segment_worker.py    the QObject living on the thread; turns results/errors into signals
      jobs.py              the work itself as plain, Qt-free methods (and injectable services)
      requests.py          request ids (plain)

    batch/                 File › Batch Segment Folder…: setup_dialog.py, progress_dialog.py (then
                           the summary, summary.py), controller.py, eta.py (plain)
    export/                actions.py: File › Export… and Copy Overlay
    widgets/               small widgets shared by rooms (warning_label.py)

    editing/               mask correction: brush/eraser canvas tool, undo stack, edit panel,
                           region list, the overlay item rewritten in place (see its __init__)
    review/                review mode: folder dialog, panel, presenter, controller and its parts
                           (starting masks, drafts, prefetch, the remembered review)
    evaluation/            Evaluate against ground truth: dialog, jobs, results, compare, cases
    finetune/              Model › Fine-tune: setup dialog, progress window, controller, worker
    exact_check/           "Check against exact" for approximate engines, and the batch audit text
    dicom/, folders/, i18n/

    qt_compat.py           work-around for a PySide6 6.12.0 reference-count defect (see there)
"""

# Windows: torch's DLLs must be loaded before Qt's (desktop/torch_dlls.py). The entry points do
# it first thing; this covers a UI started some other way (`run_app` imported directly), since
# every module here imports PySide6 after this package. A second call does nothing.
from desktop.torch_dlls import preload_torch_dlls

preload_torch_dlls()

from desktop.ui import qt_compat  # noqa: E402 - only after the preload

qt_compat.apply()
