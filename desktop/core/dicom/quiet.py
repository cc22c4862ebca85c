"""Keep pydicom's and highdicom's own messages out of SegDesk's logs and console.

Their warnings can quote header values (a malformed PatientName, say), and no patient
identifier may reach a log (DESIGN §7). Problems that matter reach the user as SegDesk errors.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_done = False


def silence_dicom_libraries() -> None:
    global _done
    if _done:
        return
    _done = True
    warnings.filterwarnings("ignore", module=r"(pydicom|highdicom)(\.|$)")
    for name in ("pydicom", "highdicom"):
        logger = logging.getLogger(name)
        logger.propagate = False
        logger.addHandler(logging.NullHandler())


@contextmanager
def no_library_warnings() -> Iterator[None]:
    """Around calls into pydicom/highdicom: their warnings may quote header values."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
