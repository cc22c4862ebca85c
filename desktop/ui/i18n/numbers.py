"""Numbers as the UI language writes them (QLocale): 1,234 / 12.5 in English, 1.234 / 12,5 in
Indonesian. install_language() sets the default locale; without it (tests that never choose a
language), the C locale is replaced by English so the text stays as it always was."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def ui_locale() -> QLocale:
    locale = QLocale()
    return QLocale("en_US") if locale.language() == QLocale.Language.C else locale


def integer(value: int) -> str:
    """Whole number with digit grouping: 12,345 / 12.345."""
    return ui_locale().toString(int(value))


def fixed(value: float, decimals: int) -> str:
    """Fixed decimals: 12.50 / 12,50."""
    return ui_locale().toString(float(value), "f", decimals)


def general(value: float, digits: int = 6) -> str:
    """Shortest form like Python's `:g` (0.5, 0.123457, 1e-07), with the locale's decimal sign."""
    return ui_locale().toString(float(value), "g", digits)


def percent(fraction: float, decimals: int) -> str:
    """A fraction as a percentage number (the "%" sign belongs to the translated sentence)."""
    return fixed(fraction * 100.0, decimals)


def signed(value: float, decimals: int) -> str:
    """Fixed decimals with an explicit sign, like Python's `:+.4f`: +0.0123 / -0,0123."""
    text = fixed(value, decimals)
    return text if text.startswith(("-", "−")) else ui_locale().positiveSign() + text
