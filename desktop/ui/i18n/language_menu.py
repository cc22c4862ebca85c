"""View › Language: System Default, English, Bahasa Indonesia; applies at the next start."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTranslator, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from desktop.ui.i18n.language import CATALOG, LANGUAGES, NATIVE_NAMES, current_language
from desktop.ui.i18n.language import translations_dir as default_translations_dir
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.settings import AppSettings

RESTART_NOTE = QT_TRANSLATE_NOOP(
    "LanguageMenu", "SegDesk will use the new language the next time it starts."
)


def note_in(language: str, folder=None) -> str:
    """RESTART_NOTE in `language` (not necessarily the running one), for the confirmation."""
    if language == "en":
        return RESTART_NOTE
    translator = QTranslator()
    folder = folder if folder is not None else default_translations_dir()
    if translator.load(f"{CATALOG}_{language}", str(folder)):
        return translator.translate("LanguageMenu", RESTART_NOTE) or RESTART_NOTE
    return RESTART_NOTE


class LanguageMenu(QMenu):
    """Stores the choice in the settings ("" = the system's language) and says when it applies."""

    def __init__(
        self, settings: AppSettings, reporter: ErrorReporter, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("&Language"), parent)
        self._settings = settings
        self._reporter = reporter
        self.group = QActionGroup(self)
        self.choices: dict[str, QAction] = {}
        for code, text in [("", self.tr("System Default"))] + [
            (code, NATIVE_NAMES[code]) for code in LANGUAGES
        ]:
            action = self.addAction(text)
            action.setCheckable(True)
            action.setData(code)
            self.group.addAction(action)
            self.choices[code] = action
        self.choices.get(settings.language, self.choices[""]).setChecked(True)
        self.setToolTipsVisible(True)
        self.group.triggered.connect(self._on_group_triggered)

    @Slot(QAction)
    def _on_group_triggered(self, action: QAction) -> None:
        code = action.data() or ""
        if code == self._settings.language:
            return
        self._settings.language = code
        self._settings.sync()
        message = self.tr(RESTART_NOTE)
        target = code or current_language()
        if target != current_language():
            message += "\n\n" + note_in(target)
        self._reporter.show_info(self.tr("Language"), message)
