"""Numbers as the UI language writes them (QLocale): 1,234 / 12.5 in English, 1.234 / 12,5 in
Indonesian. The digits and rounding are Python's (`:,`, `:.2f`, `:g`), so English text is exactly
what the f-strings wrote; only the decimal sign and the thousands separator come from the
locale. install_language() sets the default locale; without it (tests that never choose a
language), the C locale is replaced by English."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def ui_locale() -> QLocale:
    locale = QLocale()
    return QLocale("en_US") if locale.language() == QLocale.Language.C else locale


def _localized(text: str) -> str:
    """Python's English number text with the UI locale's decimal sign and digit grouping."""
    locale = ui_locale()
    return text.translate({ord("."): locale.decimalPoint(), ord(","): locale.groupSeparator()})


def integer(value: int) -> str:
    """Whole number with digit grouping (like `:,`): 12,345 / 12.345."""
    return _localized(f"{int(value):,}")


def fixed(value: float, decimals: int, group: bool = False) -> str:
    """Fixed decimals (like `:.2f`, same rounding): 4882.50 / 4882,50; with `group` (like
    `:,.2f`): 4,882.50 / 4.882,50."""
    spec = f"{',' if group else ''}.{decimals}f"
    return _localized(format(float(value), spec))


def general(value: float, digits: int = 6) -> str:
    """Shortest form like Python's `:g` (0.5, 0.123457, 1e-07), with the locale's decimal sign."""
    return _localized(f"{float(value):.{digits}g}")


def percent(fraction: float, decimals: int) -> str:
    """A fraction as a percentage number (the "%" sign belongs to the translated sentence)."""
    return fixed(fraction * 100.0, decimals)


def signed(value: float, decimals: int) -> str:
    """Fixed decimals with an explicit sign, like Python's `:+.4f`: +0.0123 / -0,0123."""
    return _localized(f"{float(value):+.{decimals}f}")


def scientific(value: float, decimals: int) -> str:
    """Like Python's `:.1e`: 3.2e-05 / 3,2e-05."""
    return _localized(f"{float(value):.{decimals}e}")
