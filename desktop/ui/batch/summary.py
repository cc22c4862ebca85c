"""The batch summary's lists of files: failed ones with a short reason, and those done with
a warning (HTML for the progress dialog's summary view)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from desktop.ui.i18n import numbers
from desktop.ui.i18n.core_text import translate_core_text


def short_reason(message: str) -> str:
    """The reason without the "Cannot open image '<full path>': " prefix (the row names the file);
    the full message stays in the tooltip and in report.csv."""
    head, separator, tail = message.partition("': ")
    return tail if separator and head.lower().startswith(("cannot ", "'")) else message


def failures_html(failures: tuple[tuple[str, str], ...]) -> str:
    title = QCoreApplication.translate("BatchProgressDialog", "Failed ({0}):")
    return _file_table(title, [(file, short_reason(reason)) for file, reason in failures])


def warnings_html(warnings: tuple[tuple[str, str], ...]) -> str:
    """Images segmented with a warning (a grey image given to a colour model, …): their masks
    were written, but may be unreliable."""
    title = QCoreApplication.translate("BatchProgressDialog", "Done with a warning ({0}):")
    return _file_table(title, list(warnings))


def _file_table(title: str, rows: list[tuple[str, str]]) -> str:
    if not rows:
        return ""
    cells = "".join(
        f"<tr><td style='padding-right:1em'><b>{html.escape(file)}</b></td>"
        f"<td>{html.escape(translate_core_text(text))}</td></tr>"
        for file, text in rows
    )
    heading = html.escape(title.format(numbers.integer(len(rows))))
    return f"<p>{heading}</p><table cellspacing='2'>{cells}</table>"
