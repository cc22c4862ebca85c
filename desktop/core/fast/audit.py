"""How far an approximate engine's masks are from the exact engine's, on the user's own images.

A package's three reference cases cannot tell how close bf16 stays on images unlike them (on
scenes unlike the training data bf16 can flip 1 % of the pixels). So a batch on an approximate
device re-runs a sample of its own inputs on the exact engine (torch, CPU, fp32): the first image
and then `fraction` of them spread evenly over the run, and reports the mask disagreement at
model resolution in pixels per million (DESIGN §7: `run.json`'s `audit` block).
"""

from __future__ import annotations

import contextlib
import math
import queue
import statistics
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop.core.errors import BatchError
from desktop.core.thread_budget import thread_cap, torch_threads_here

DEFAULT_AUDIT_FRACTION = 0.02


def check_fraction(fraction: float) -> float:
    if not (isinstance(fraction, (int, float)) and 0.0 <= float(fraction) <= 1.0):
        raise BatchError(
            f"--audit takes a fraction from 0 (no audit) to 1 (every image), not {fraction!r}."
        )
    return float(fraction)


def audit_indices(count: int, fraction: float) -> list[int]:
    """Which of `count` images (in run order) are checked: none for 0, every one for 1, else the
    first and then about `fraction` of them, evenly spread (k = ceil(fraction × count))."""
    fraction = check_fraction(fraction)
    if count <= 0 or fraction == 0.0:
        return []
    k = min(count, max(1, math.ceil(fraction * count - 1e-9)))
    return sorted({(i * count) // k for i in range(k)})


def disagreement_ppm(mask: np.ndarray, exact_mask: np.ndarray) -> float:
    """Mask pixels that differ, per million pixels (masks of the same shape)."""
    if mask.shape != exact_mask.shape:
        raise ValueError(f"mask shapes differ: {mask.shape} vs {exact_mask.shape}")
    return 1e6 * float(np.count_nonzero(mask != exact_mask)) / max(1, mask.size)


@dataclass(frozen=True)
class ExactComparison:
    """One image, approximate vs exact, at model resolution."""

    ppm: float
    differing: np.ndarray  # (h, w) bool: pixels whose mask differs
    exact_model_probability: np.ndarray


def compare_with_exact(segmenter, image: np.ndarray, prediction) -> ExactComparison:
    """Run the exact engine on `image` and compare its model-resolution mask with
    `prediction`'s, at the prediction's threshold."""
    exact = segmenter.exact_model_probability(image)
    exact_mask = exact > prediction.threshold
    mask = prediction.model_probability > prediction.threshold
    return ExactComparison(disagreement_ppm(mask, exact_mask), mask != exact_mask, exact)


@dataclass
class BatchAudit:
    """The audit of one batch run: which files to check, and what was measured."""

    fraction: float
    planned: frozenset[str]
    images: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def plan(cls, files: Sequence[str], fraction: float) -> BatchAudit:
        picked = audit_indices(len(files), fraction)
        return cls(check_fraction(fraction), frozenset(files[i] for i in picked))

    def wants(self, file: str) -> bool:
        return file in self.planned

    def check(self, segmenter, file: str, image: np.ndarray, prediction) -> float | None:
        """Audit one image; a failure of the exact engine is recorded, never fatal."""
        try:
            ppm = compare_with_exact(segmenter, image, prediction).ppm
        except Exception as exc:  # noqa: BLE001 - the image itself was segmented fine
            self.images.append({"file": file, "ppm": None, "error": f"{type(exc).__name__}: {exc}"})
            return None
        self.images.append({"file": file, "ppm": round(ppm, 3)})
        return ppm

    def record(self) -> dict[str, Any]:
        """`run.json`'s `audit` block (DESIGN §7)."""
        return _audit_record(self.images, self.fraction)


AUDIT_QUEUE_DEPTH = 2  # images waiting for the exact engine: bounds memory when it lags


class AuditBeside:
    """A batch's audit run beside it instead of inside it, on one thread of its own.

    Building the exact engine (importing segmentation_models_pytorch, timm and torchvision, then
    the network) costs about 2 s of CPU, and an exact forward 2–3 fast ones; done inline, the
    first audited image stopped the pipeline for all of it. Here the build starts with the run
    and overlaps the fast engine's work, and each picked image is checked when the engine is
    ready, with one torch thread (bit-identical to more: thread_budget) so it takes one core's
    share, not a barrier across all. `submit` blocks only when `AUDIT_QUEUE_DEPTH` images wait
    (with --audit 1 the run goes at the exact engine's pace, as before). Results are the same
    `BatchAudit.check` records, in whatever order: the record sorts them.
    """

    def __init__(self, audit: BatchAudit, segmenter) -> None:
        self._audit = audit
        self._segmenter = segmenter
        self._waiting: queue.Queue = queue.Queue(AUDIT_QUEUE_DEPTH)
        self._thread = threading.Thread(target=self._work, name="segdesk-audit", daemon=True)
        self._thread.start()

    def submit(self, file: str, image: np.ndarray, prediction) -> None:
        self._put((file, image, prediction))

    def finish(self) -> None:
        """Wait until every submitted image is checked."""
        self._put(None)
        self._thread.join()

    def _put(self, job) -> None:
        """Queue `job`; should the audit thread have died, never wait for it: check here."""
        while self._thread.is_alive():
            try:
                self._waiting.put(job, timeout=0.5)
                return
            except queue.Full:
                continue
        if job is not None:
            self._audit.check(self._segmenter, *job)

    def _work(self) -> None:
        with torch_threads_here(1):
            prepare = getattr(self._segmenter, "prepare_exact", None)
            if prepare is not None:
                # A failure is recorded by the first check, which tries again.
                with contextlib.suppress(Exception):
                    prepare()
            while (job := self._waiting.get()) is not None:
                self._audit.check(self._segmenter, *job)


def warm_exact_engine(segmenter) -> threading.Thread | None:
    """Build an approximate device's exact engine now, on a thread of its own with one torch
    thread, and keep it (the app calls this when it loads a `cpu-fast`/`cpu-bf16` model).

    The build costs ~2.3 s of one core (importing segmentation_models_pytorch, timm and
    torchvision is 1.8 s of it, torch._dynamo alone 1.1 s); done while the user looks at the
    image, a later batch's audit and "Check against exact" find it ready. A failure is not
    reported here: the first real use tries again and says why. Returns the thread, or None
    when there is nothing to build (an exact device)."""
    device = getattr(segmenter, "device", None)
    prepare = getattr(segmenter, "prepare_exact", None)
    if prepare is None or device is None or device.exact:
        return None

    def build() -> None:
        with torch_threads_here(1), contextlib.suppress(Exception):
            prepare()

    thread = threading.Thread(target=build, name="segdesk-exact-warm-up", daemon=True)
    thread.start()
    return thread


class AuditInline:
    """The audit inside the run, for a run held to one thread (`--threads 1`): a thread beside
    it would make two threads of computation."""

    def __init__(self, audit: BatchAudit, segmenter) -> None:
        self._audit, self._segmenter = audit, segmenter

    def submit(self, file: str, image: np.ndarray, prediction) -> None:
        self._audit.check(self._segmenter, file, image, prediction)


@contextlib.contextmanager
def audit_beside(audit: BatchAudit | None, segmenter) -> Iterator[AuditBeside | AuditInline | None]:
    """An `AuditBeside` for a run with images to audit (None otherwise), finished on leaving;
    an `AuditInline` when the process is held to one thread."""
    if audit is None or not audit.planned:
        yield None
        return
    if thread_cap() == 1:
        yield AuditInline(audit, segmenter)
        return
    beside = AuditBeside(audit, segmenter)
    try:
        yield beside
    finally:
        beside.finish()


def merge_audit_records(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One block for the masks of several runs (a resume kept some): every image each checked,
    the mean and max over them all; `fraction` is null when the runs sampled differently."""
    fractions = {record.get("fraction") for record in records}
    images = [entry for record in records for entry in record.get("images", [])]
    return _audit_record(images, fractions.pop() if len(fractions) == 1 else None)


def _audit_record(images: list[dict[str, Any]], fraction: float | None) -> dict[str, Any]:
    values = [entry["ppm"] for entry in images if entry.get("ppm") is not None]
    return {
        "images": sorted(images, key=lambda entry: entry["file"]),
        "mean_ppm": round(statistics.fmean(values), 3) if values else None,
        "max_ppm": round(max(values), 3) if values else None,
        "fraction": fraction,
    }


def describe(audit: dict[str, Any] | None) -> str | None:
    """One sentence for a console or a batch summary, or None when there was no audit."""
    if not audit:
        return None
    checked = sum(entry.get("ppm") is not None for entry in audit["images"])
    if not checked:
        fraction = audit.get("fraction")  # null: merged runs that sampled differently
        said = f" (fraction {fraction:g})" if fraction is not None else ""
        return f"Audit against the exact engine: no image checked{said}."
    return (
        f"Audit against the exact engine: {checked} image{'s' if checked != 1 else ''} checked, "
        f"mask disagreement mean {audit['mean_ppm']:.1f} ppm, max {audit['max_ppm']:.1f} ppm "
        "(pixels per million, at model resolution)."
    )
