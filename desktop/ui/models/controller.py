"""Which model and device are chosen and loaded; listing, switching, importing, self-testing.

Listing packages reads manifests only (no torch), so the picker fills instantly; devices are
probed and models loaded on the worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.devices import Device
from desktop.core.errors import SegDeskError
from desktop.core.package import ModelPackage, PackageListing, discover_packages
from desktop.ui.i18n.core_text import device_label, translate_core_text
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings
from desktop.ui.worker import tasks
from desktop.ui.worker.client import WorkerClient
from desktop.ui.worker.jobs import ImportRequest, LoadedModel


class ModelController(QObject):
    packages_changed = Signal(object)  # PackageListing
    selection_changed = Signal(object)  # the chosen ModelPackage, or None
    devices_changed = Signal(object)  # tuple[Device]
    device_changed = Signal(str)  # the chosen device id
    model_loaded = Signal(object)  # LoadedModel: what actually runs
    self_test_started = Signal()
    self_test_finished = Signal(object)  # core.verify.VerifyReport, or None if it failed
    model_imported = Signal(object)  # Path of the new package
    import_failed = Signal(str)  # the reason, for an import dialog that stays open

    def __init__(
        self,
        client: WorkerClient,
        settings: AppSettings,
        reporter: ErrorReporter,
        discover: Callable[[], PackageListing] = discover_packages,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # Asked before another model or device replaces the shown mask: False keeps both.
        self.change_guard: Callable[[], bool] = lambda: True
        self._client = client
        self._settings = settings
        self._reporter = reporter
        self._discover = discover
        self.listing = PackageListing((), ())
        self.selected: ModelPackage | None = None
        self.devices: tuple[Device, ...] = ()
        self.device_id = settings.device
        # The device remembered from the last session, until one is picked in this one: an
        # approximate engine chosen long ago would otherwise run unnoticed (issue #18).
        self.restored_device: str | None = settings.device if settings.device != "auto" else None
        self.loaded: LoadedModel | None = None
        self.self_tests: dict[tuple[str, str], object] = {}  # (package folder, device) → report
        self._import_quiet = False  # an open import dialog shows the failure itself
        client.devices_listed.connect(self._on_client_devices_listed)
        client.model_loaded.connect(self._on_client_model_loaded)
        client.verified.connect(self._on_client_verified)
        client.model_imported.connect(self._on_client_model_imported)
        client.failed.connect(self._on_client_failed)

    # -- commands ---------------------------------------------------------------------------
    def start(self) -> None:
        """List packages, probe devices and load the remembered (or first bundled) model."""
        self.refresh_packages()
        problems = self.listing.problems
        if problems:
            lines = "\n".join(
                f"• {folder.name}: {translate_core_text(reason)}" for folder, reason in problems
            )
            self._reporter.show_error(self.tr("Some model packages cannot be used"), lines)
        self._client.request_devices()
        if self.selected is not None:
            self._client.load_model(self.selected, self.device_id)
        elif not self.listing.packages:
            self._reporter.show_error(
                self.tr("No model installed"),
                self.tr(
                    "No model package was found. Import a trained checkpoint with "
                    "File › Import Model…."
                ),
            )

    def refresh_packages(self, prefer: Path | None = None) -> None:
        self.listing = self._discover()
        wanted = str(prefer) if prefer else self._settings.model
        chosen = self.find(wanted) if wanted else None
        if chosen is None and self.selected is not None:
            chosen = self.find(str(self.selected.folder))
        if chosen is None:
            bundled = [p for p in self.listing.packages if p.bundled]
            chosen = (bundled or list(self.listing.packages) or [None])[0]
        self.packages_changed.emit(self.listing)
        self._set_selected(chosen)

    def find(self, folder: str) -> ModelPackage | None:
        return next((p for p in self.listing.packages if str(p.folder) == folder), None)

    def select_package(self, package: ModelPackage) -> None:
        if self.selected is not None and package.folder == self.selected.folder:
            return
        if not self.change_guard():
            return  # the pickers show `selected` again
        self._set_selected(package)
        self._client.load_model(package, self.device_id)

    def select_device(self, device_id: str) -> None:
        if device_id == self.device_id:
            return
        if self.selected is not None and not self.change_guard():
            return
        self.device_id = device_id
        self.restored_device = None
        self.device_changed.emit(device_id)
        if self.selected is not None:
            self._client.load_model(self.selected, device_id)

    def remembered_approximate(self, device: Device) -> bool:
        """`device` computes approximately and was taken from the last session's settings,
        not picked in this one."""
        return device.approximate and device.id == self.restored_device

    def run_self_test(self) -> None:
        if self.loaded is None:
            self._reporter.show_error(self.tr("Self-test"), self.tr("No model is loaded yet."))
            return
        self.self_test_started.emit()
        self._client.verify()

    def self_test_for(self, package: ModelPackage | None) -> object | None:
        if package is None or self.loaded is None:
            return None
        return self.self_tests.get((str(package.folder), self.loaded.device.id))

    def import_checkpoint(self, request: ImportRequest, quiet: bool = False) -> None:
        """Import on the worker; `quiet`: a failure only emits `import_failed` (the dialog that
        asked shows it), no message box."""
        self._import_quiet = quiet
        self._client.import_model(request)

    def report_info(self, title: str, message: str) -> None:
        self._reporter.show_info(title, message)

    def remove_package(self, package: ModelPackage) -> bool:
        """Delete a user model package; the chosen model becomes the default one if it was this
        one. Bundled packages are refused (core checks it too)."""
        from desktop.core.package_import import remove_user_package

        try:
            remove_user_package(package)
        except (SegDeskError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._reporter.show_error(self.tr("Cannot remove the model"), reason)
            return False
        was_selected = self.selected is not None and self.selected.folder == package.folder
        if was_selected:
            self.selected = None
            self._settings.model = ""
        self.refresh_packages()
        if was_selected and self.selected is not None:
            self._client.load_model(self.selected, self.device_id)
        return True

    def _set_selected(self, package: ModelPackage | None) -> None:
        self.selected = package
        self.selection_changed.emit(package)

    # -- answers ----------------------------------------------------------------------------
    @Slot(object)
    def _on_client_devices_listed(self, devices: tuple[Device, ...]) -> None:
        self.devices = tuple(devices)
        self.devices_changed.emit(self.devices)

    @Slot(object)
    def _on_client_model_loaded(self, loaded: LoadedModel) -> None:
        self.loaded = loaded
        self._settings.model = str(loaded.package.folder)
        if loaded.fallback_reason is None:
            self._settings.device = self.device_id  # what was asked for, possibly "auto"
        if self.device_id != loaded.device.id:
            self.device_id = loaded.device.id  # show what actually runs
            self.device_changed.emit(self.device_id)
        self.model_loaded.emit(loaded)
        if loaded.fallback_reason:
            self._reporter.show_error(
                self.tr("Device not available"),
                self.tr("{reason}; '{model}' runs on {device} instead.").format(
                    reason=translate_core_text(loaded.fallback_reason),
                    model=loaded.package.name,
                    device=device_label(loaded.device.label),
                ),
            )

    @Slot(object)
    def _on_client_verified(self, report) -> None:
        if self.loaded is not None:
            self.self_tests[(str(self.loaded.package.folder), self.loaded.device.id)] = report
        self.self_test_finished.emit(report)

    @Slot(object)
    def _on_client_model_imported(self, folder: Path) -> None:
        self.model_imported.emit(folder)
        self.refresh_packages(prefer=folder)
        if self.selected is not None:
            self._client.load_model(self.selected, self.device_id)
        self._reporter.show_info(
            self.tr("Model imported"), self.tr("The model was imported to '{0}'.").format(folder)
        )

    @Slot(str, str)
    def _on_client_failed(self, task: str, message: str) -> None:
        if task == tasks.LOAD:
            # Keep showing what really runs: the previous model (or nothing).
            self._set_selected(self.loaded.package if self.loaded else self.selected)
            if self.loaded is not None and self.device_id != self.loaded.device.id:
                self.device_id = self.loaded.device.id
                self.device_changed.emit(self.device_id)
            self._reporter.show_error(self.tr("Cannot load the model"), message)
        elif task == tasks.VERIFY:
            self.self_test_finished.emit(None)
            self._reporter.show_error(self.tr("Self-test failed to run"), message)
        elif task == tasks.IMPORT:
            self.import_failed.emit(message)
            if not self._import_quiet:
                self._reporter.show_error(self.tr("Cannot import the model"), message)
        elif task == tasks.DEVICES:
            self._reporter.show_error(self.tr("Cannot list compute devices"), message)
