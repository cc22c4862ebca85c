"""Which language the UI speaks, and installing the Qt translators for it.

Order of choice: `--lang en|id` on the command line, then the Language setting, then the
system locale (Indonesian → `id`, anything else → `en`). A change takes effect at the next
start: widgets read their texts when they are built.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.core import paths

log = logging.getLogger(__name__)

LANGUAGES = ("en", "id")
NATIVE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}  # shown untranslated, as is usual
LOCALES = {"en": "en_US", "id": "id_ID"}  # number formats: 1,234.5 / 1.234,5
CATALOG = "segdesk"  # resources/i18n/segdesk_<lang>.qm

_installed: list[QTranslator] = []


class LanguageError(ValueError):
    """A bad `--lang` argument."""


def translations_dir() -> Path:
    return paths.resources_dir() / "i18n"


def system_language(locale: QLocale | None = None) -> str:
    """The first of the system's preferred UI languages that SegDesk speaks, else English."""
    locale = locale if locale is not None else QLocale.system()
    for name in locale.uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return "id" if locale.language() == QLocale.Language.Indonesian else "en"


def choose_language(command_line: str | None, setting: str, system: str) -> str:
    for candidate in (command_line, setting):
        if candidate in LANGUAGES:
            return candidate
    return system if system in LANGUAGES else "en"


def split_language_argument(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """Take `--lang X` / `--lang=X` out of the app's arguments: (language or None, the rest)."""
    language: str | None = None
    rest: list[str] = []
    args = list(argv)
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--lang":
            if index + 1 >= len(args):
                raise LanguageError("--lang needs a value: " + " or ".join(LANGUAGES))
            value = args[index + 1]
            index += 2
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            index += 1
        else:
            rest.append(arg)
            index += 1
            continue
        if value not in LANGUAGES:
            raise LanguageError(
                f"--lang {value!r} is not a UI language; choose " + " or ".join(LANGUAGES)
            )
        language = value
    return language, rest


def install_language(language: str, folder: Path | None = None) -> list[str]:
    """Make `language` the UI language of the running QCoreApplication.

    Removes translators installed earlier, sets the default QLocale (number formats), then
    installs Qt's own `qtbase_<lang>.qm` where PySide6 ships one and SegDesk's
    `segdesk_<lang>.qm` from `folder` (default: resources/i18n). Returns the files loaded.
    English needs no translator. A missing catalogue is logged and the UI stays English.
    """
    if language not in LANGUAGES:
        raise LanguageError(f"unknown UI language {language!r}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language() needs a QCoreApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(LOCALES[language]))
    if language == "en":
        return []
    loaded: list[str] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    folder = folder if folder is not None else translations_dir()
    # installed last = asked first: SegDesk's catalogue (which also holds Qt strings Qt does not
    # translate for this language) wins over Qt's
    for name, where in ((f"qtbase_{language}", qt_dir), (f"{CATALOG}_{language}", str(folder))):
        translator = QTranslator(app)
        if translator.load(name, where):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(str(Path(where) / f"{name}.qm"))
        elif name.startswith(CATALOG):
            log.warning(
                "No translation %s.qm in '%s' (run `python tools/i18n.py release`); "
                "the UI stays in English",
                name,
                where,
            )
    return loaded


def current_language() -> str:
    """The language last installed with install_language() (from the default QLocale)."""
    return "id" if QLocale().language() == QLocale.Language.Indonesian else "en"
