"""Segmenting a folder (DESIGN §5), one module per job:

- `plan.py` — the inputs, where each one's outputs go, the refusals before a model is loaded;
- `resume.py` — the journal and which images an earlier run into OUT already did;
- `history.py` — run.json's account of the masks in OUT, also those a resume kept;
- `report.py` — report.csv's rows and the summary a caller shows;
- `pipeline.py` — where the network runs (image-parallel threads, a fast engine's streams);
- `run.py` — `BatchRun`, which puts them together.

Callers import from here: `from desktop.core.batch import BatchOptions, BatchRun`.
"""

from desktop.core.batch.pipeline import STREAMS_MIN_IMAGES
from desktop.core.batch.plan import (
    BatchItem,
    BatchOptions,
    _assign_outputs,
    _ensure_writable,
    _is_within,
    _scan,
    check_threshold,
    count_inputs,
    plan_batch,
    prepare_batch,
)
from desktop.core.batch.report import (
    REPORT_FIELDS,
    REPORT_NAME,
    RUN_NAME,
    BatchSummary,
    ItemResult,
)
from desktop.core.batch.run import BatchRun

__all__ = [
    "REPORT_FIELDS",
    "REPORT_NAME",
    "RUN_NAME",
    "STREAMS_MIN_IMAGES",
    "BatchItem",
    "BatchOptions",
    "BatchRun",
    "BatchSummary",
    "ItemResult",
    "_assign_outputs",
    "_ensure_writable",
    "_is_within",
    "_scan",
    "check_threshold",
    "count_inputs",
    "plan_batch",
    "prepare_batch",
]
