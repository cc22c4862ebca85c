"""File › Import Model…: the dialog stays open while the worker imports, and on failure keeps
the fields and shows the reason; it closes when the model is in."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.models.controller import ModelController
from desktop.ui.models.import_dialog import ImportModelDialog
from desktop.ui.shell.settings import AppSettings


def make_import_dialog(
    models: ModelController, settings: AppSettings, parent: QWidget | None = None
) -> ImportModelDialog:
    """An import dialog wired to `models` (open it with exec() or open())."""
    packages = models.listing.packages
    dialog = ImportModelDialog(
        settings.last_folder("import"),
        parent,
        user_names=frozenset(p.name for p in packages if not p.bundled),
        bundled_names=frozenset(p.name for p in packages if p.bundled),
    )

    def requested(request) -> None:
        settings.set_last_folder("import", str(request.checkpoint.parent))
        models.import_checkpoint(request, quiet=True)

    dialog.import_requested.connect(requested)
    models.model_imported.connect(dialog.accept)
    models.import_failed.connect(dialog.import_failed)

    def disconnect() -> None:
        models.model_imported.disconnect(dialog.accept)
        models.import_failed.disconnect(dialog.import_failed)

    dialog.finished.connect(disconnect)
    return dialog
