"""The text of a CSV file SegDesk writes whole (report.csv, metrics.csv): a header and one row
per mapping, '\\n' line ends on every platform, written afterwards with `atomic.py`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def csv_text(fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """`fields` as the header, then each row's values in that order."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
