"""Segmenting a folder: plan the outputs, run with decode/encode overlapping inference, resume.

For `IN/sub/x.jpg` the outputs are `OUT/sub/x_mask.png` (and `_overlay`, `_prob`), plus
`OUT/report.csv` and `OUT/run.json` (DESIGN §5). A journal, `OUT/.segdesk-journal.jsonl`, gets
one line per finished image, so a re-run (even after a crash) skips what an earlier run did with
the same model, engine, precision and threshold, unless `overwrite` is set (batch_resume.py).
run.json describes the masks in OUT, also those a resume kept (batch_history.py).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from desktop import __version__
from desktop.core.atomic import write_text_atomic
from desktop.core.batch_history import describe_out
from desktop.core.batch_resume import (
    Journal,
    ResumePlan,
    RunSettings,
    journal_name,
    plan_resume,
)
from desktop.core.dicom import DicomInfo
from desktop.core.dicom.batch_frames import expand_frames
from desktop.core.dicom.seg_collector import SegCollector
from desktop.core.errors import BatchError, FileInUseError, SegDeskError
from desktop.core.export import SAVE_KINDS, SEG_KIND, OverlaySpec, model_record, write_outputs
from desktop.core.fast.audit import DEFAULT_AUDIT_FRACTION, AuditBeside, BatchAudit, audit_beside
from desktop.core.image_io import is_dicom_path, is_image_file, load_rgb
from desktop.core.input_checks import input_warnings
from desktop.core.paths import absolute
from desktop.core.prediction import Prediction
from desktop.core.prefetch import decode_ahead
from desktop.core.shard import refuse_unsplit
from desktop.core.shard import select as select_part
from desktop.core.thread_budget import (
    image_parallel_layout,
    image_parallel_workers,
    opencv_single_threaded,
)

REPORT_NAME = "report.csv"
# A fast engine's batch of fewer images runs one at a time unless its streams model is made:
# making it costs ~0.35 s of CPU beside the run (up to ~1 s on a loaded machine), streams save
# ~8–13 ms an image (benchmarks/pipeline.py; a one-image CLI batch measured 1.2 s slower).
STREAMS_MIN_IMAGES = 48
RUN_NAME = "run.json"
REPORT_FIELDS = (
    "file", "status", "error", "width", "height",
    "foreground_pixels", "foreground_fraction", "components", "seconds",
)  # fmt: skip
REPORT_FIELDS += ("foreground_mm2", "warning")  # DICOM (§10): area when spacing is known


@dataclass(frozen=True)
class BatchOptions:
    input_dir: Path
    output_dir: Path
    recursive: bool = False
    save: frozenset[str] = frozenset({"mask"})
    overwrite: bool = False
    threshold: float | None = None  # None: the package's own (training) threshold
    overlay_style: OverlaySpec | None = None  # None: the default overlay look
    audit: float = DEFAULT_AUDIT_FRACTION  # approximate devices: share checked by the exact engine
    # shard.Part: this run is part K of N of a split batch (§13): its share of the inputs, its
    # own journal, report and run record; None: the whole batch
    part: Any = None


@dataclass(frozen=True)
class BatchItem:
    source: Path
    relative: str  # path relative to IN with '/' separators (the report's `file`)
    output_base: Path  # OUT/sub/x, to which `_mask.png` etc. are appended
    frame: int | None = None  # 0-based frame of a multi-frame DICOM file (`x_f0003`)
    frames: int = 1  # frames in the source file
    dicom: DicomInfo | None = None  # set for DICOM inputs (no patient identifiers)
    file_base: Path | None = None  # OUT/sub/x for per-file outputs (`x_seg.dcm`)


@dataclass(frozen=True)
class ItemResult:
    file: str
    status: str  # ok | failed | skipped
    error: str = ""
    width: int = 0
    height: int = 0
    foreground_pixels: int = 0
    foreground_fraction: float = 0.0
    components: int = 0
    seconds: float = 0.0
    foreground_mm2: float | None = None  # when the DICOM file gives a pixel spacing
    warning: str = ""

    def row(self) -> dict[str, Any]:
        row = asdict(self)
        row["foreground_fraction"] = f"{self.foreground_fraction:.6f}"
        row["seconds"] = f"{self.seconds:.3f}"
        row["foreground_mm2"] = "" if self.foreground_mm2 is None else f"{self.foreground_mm2:.4f}"
        return row


@dataclass(frozen=True)
class BatchSummary:
    total: int
    done: int
    failed: int
    skipped: int
    cancelled: bool
    output_dir: Path
    report_path: Path
    failures: tuple[tuple[str, str], ...] = field(default=())  # (file, reason)
    audit: dict[str, Any] | None = None  # run.json's audit block (approximate devices only)
    warnings: tuple[tuple[str, str], ...] = field(default=())  # (file, warning), e.g. grey
    # report.csv or run.json held open by another program (Windows): where each was kept instead
    notes: tuple[str, ...] = field(default=())
    # run.json's `mixed`: settings (device, precision, ...) on which the runs that made the masks
    # in OUT differ, e.g. after a resume on another device was cancelled
    mixed: tuple[str, ...] = field(default=())
    # This run's threshold in force and the model's own: an override changes every mask, so the
    # summary says so, not only run.json (issue #18 item 12).
    threshold: float | None = None
    training_threshold: float | None = None

    @property
    def exit_status(self) -> int:
        return 1 if self.failed or self.cancelled else 0

    @property
    def threshold_overridden(self) -> bool:
        return self.threshold is not None and self.threshold != self.training_threshold

    def threshold_text(self) -> str:
        """'threshold 0.60 (overridden; the model's is 0.50)', or '' without an override."""
        if not self.threshold_overridden:
            return ""
        model = "?" if self.training_threshold is None else _threshold(self.training_threshold)
        return f"threshold {_threshold(self.threshold)} (overridden; the model's is {model})"


def _threshold(value: float) -> str:
    """Two decimals, as thresholds are usually written, unless that would round (0.625)."""
    text = f"{value:.2f}"
    return text if float(text) == value else f"{value:g}"


def prepare_batch(options: BatchOptions) -> list[BatchItem]:
    """Everything that can be checked before a model is loaded: the plan and a writable OUT."""
    items = plan_batch(options)
    _ensure_writable(Path(options.output_dir).expanduser())
    return items


def plan_batch(options: BatchOptions) -> list[BatchItem]:
    """The inputs and where each one's outputs go; raises BatchError if the run cannot start."""
    input_dir = Path(options.input_dir).expanduser()
    output_dir = Path(options.output_dir).expanduser()
    if not input_dir.exists():
        raise BatchError(f"Input folder '{input_dir}' does not exist.")
    if not input_dir.is_dir():
        raise BatchError(f"Input '{input_dir}' is not a folder.")
    check_threshold(options.threshold)
    unknown = set(options.save) - set(SAVE_KINDS)
    if unknown or not options.save:
        raise BatchError(f"--save takes a comma list of {', '.join(SAVE_KINDS)}.")
    input_real, output_real = input_dir.resolve(), output_dir.resolve()
    if input_real == output_real:
        raise BatchError(
            f"The output folder must differ from the input folder '{input_dir}' "
            "(SegDesk never writes among your originals)."
        )
    sources = _scan(input_dir, options.recursive, exclude=output_real)
    items = expand_frames(_assign_outputs(input_dir, output_dir, sources))
    for item in items:
        if _is_within(item.output_base.parent.resolve(), input_real) and not _is_within(
            output_real, input_real
        ):
            raise BatchError(
                f"Output '{item.output_base.parent}' would lie inside the input folder; "
                "choose an output folder outside it."
            )
    return items


def count_inputs(input_dir: Path, recursive: bool = False) -> int:
    """How many inputs a batch of `input_dir` would have (for a dialog, before it starts):
    one per frame of a multi-frame DICOM file, as the run counts them."""
    folder = Path(input_dir).expanduser()
    return len(expand_frames(_assign_outputs(folder, folder, _scan(folder, recursive, Path()))))


def check_threshold(threshold: float | None) -> None:
    """A threshold override must lie strictly between 0 and 1 (DESIGN §5)."""
    if threshold is not None and not 0.0 < threshold < 1.0:
        raise BatchError(f"The threshold must be between 0 and 1 (exclusive), not {threshold:g}.")


def _scan(input_dir: Path, recursive: bool, exclude: Path) -> list[Path]:
    found: list[Path] = []
    for folder, subfolders, files in os.walk(input_dir, followlinks=False):
        here = Path(folder)
        # Skip hidden folders and the output folder when it lies inside IN; never follow links.
        subfolders[:] = (
            sorted(
                name
                for name in subfolders
                if not name.startswith(".") and (here / name).resolve() != exclude
            )
            if recursive
            else []
        )
        found.extend(
            here / name
            for name in sorted(files)
            if not name.startswith(".") and is_image_file(here / name)
        )
    return found


def _assign_outputs(input_dir: Path, output_dir: Path, sources: list[Path]) -> list[BatchItem]:
    """`x.jpg` → `x`; when two inputs in a folder share a stem (`x.jpg`, `x.png`, `X.JPG`) each
    keeps its extension (`x_jpg`), and any remaining clash gets a counter. Comparison ignores case,
    so the plan is safe on case-insensitive file systems too."""
    relatives = [source.relative_to(input_dir) for source in sources]
    stem_counts: dict[tuple[str, str], int] = {}
    for rel in relatives:
        key = (rel.parent.as_posix().lower(), rel.stem.lower())
        stem_counts[key] = stem_counts.get(key, 0) + 1
    used: set[tuple[str, str]] = set()
    items = []
    for source, rel in zip(sources, relatives, strict=True):
        parent = rel.parent.as_posix().lower()
        shared = stem_counts[(parent, rel.stem.lower())] > 1
        wanted = f"{rel.stem}_{rel.suffix[1:].lower()}" if shared else rel.stem
        name, counter = wanted, 2
        while (parent, name.lower()) in used:
            name, counter = f"{wanted}_{counter}", counter + 1
        used.add((parent, name.lower()))
        items.append(BatchItem(source, rel.as_posix(), output_dir / rel.parent / name))
    return items


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class BatchRun:
    """Iterate to run: yields one ItemResult per input (those skipped as already done first,
    then the rest in input order); `summary` is set at the end.

    `cancel` is checked between images; images already being written are finished (atomically),
    nothing is left half written, and the report lists what was done.
    """

    def __init__(self, segmenter, options: BatchOptions, cancel: threading.Event | None = None):
        self.segmenter = segmenter
        self.options = options
        self.cancel = cancel or threading.Event()
        self.items = prepare_batch(options)
        if options.part is not None:  # only this part's share; the others run elsewhere
            self.items = select_part(self.items, options.part)
        else:  # e.g. from the app: an OUT holding a split batch takes its parts only
            refuse_unsplit(Path(options.output_dir).expanduser())
        self.output_dir = Path(options.output_dir).expanduser()
        self.summary: BatchSummary | None = None
        self._journal = Journal(self.output_dir / journal_name(options))
        self._report_name, self._run_name = _part_file_names(options.part)
        device = segmenter.device
        self.settings = RunSettings.for_run(
            segmenter.package.sha256, device.id,
            getattr(segmenter, "precision", None) or device.precision,
            segmenter.threshold, options,
        )  # fmt: skip
        # Names this run in the journal and in run.json's `runs`: which run made which outputs.
        self.run_id = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
        self._audit: BatchAudit | None = None  # planned when the run starts (fast/audit.py)
        self._audit_beside: AuditBeside | None = None  # runs the audit's checks beside the run
        self._segs = SegCollector(self.segmenter.package, self.output_dir)

    @property
    def total(self) -> int:
        return len(self.items)

    @cached_property
    def resume(self) -> ResumePlan:
        """What an earlier run into OUT already did with these settings (kept), what is to be
        segmented, and notes on images done before with other settings (segmented again)."""
        return plan_resume(self.items, self.options, self.settings)

    def __iter__(self) -> Iterator[ItemResult]:
        started = datetime.now(timezone.utc)
        results: list[ItemResult] = []
        for item in self.items:
            previous = self.resume.done.get(item.relative)
            if previous is not None:
                result = ItemResult(**{**previous["result"], "status": "skipped"})
                results.append(result)
                yield result
        todo = self.resume.todo
        self._audit = self._plan_audit(todo)
        cancelled = False
        with (
            # First in, last out: every image audited is checked before the report is written.
            audit_beside(self._audit, self.segmenter) as self._audit_beside,
            opencv_single_threaded(),  # see thread_budget: no third pool on the cores
            self._network_runner(len(todo)) as network,
            ThreadPoolExecutor(1, "segdesk-encode") as encoder,
            # Closed on leaving (also on cancel): loads not yet started are cancelled.
            closing(decode_ahead(todo, _timed_load_item, network.width + 1)) as decoded,
        ):
            inferring: deque[tuple[BatchItem, Future]] = deque()
            writing: deque[tuple[BatchItem, Future]] = deque()
            for item, loaded in decoded:
                if self.cancel.is_set():
                    cancelled = True
                    break
                inferring.append((item, network.submit(self._infer, item, loaded)))
                # Images leave the network in input order (frames of a DICOM file must reach
                # its SEG in order); at most `width` are in it at once.
                while len(inferring) >= network.width:
                    writing.append(self._write_later(*inferring.popleft(), encoder))
                # Hand out finished items in order; keep at most one write in flight behind the
                # network so memory stays bounded.
                while writing and (writing[0][1].done() or len(writing) > 1):
                    result = self._finish(*writing.popleft())
                    results.append(result)
                    yield result
            decoded.close()  # before the last writes: no decoding behind a cancelled run
            while inferring:  # images already in the network are finished and written
                writing.append(self._write_later(*inferring.popleft(), encoder))
            while writing:
                result = self._finish(*writing.popleft())
                results.append(result)
                yield result
        self.summary = self._write_report(results, started, cancelled)

    def _network_runner(self, count: int) -> contextlib.AbstractContextManager[_NetworkRunner]:
        """Where `_infer` runs: on the exact CPU engine and the fast CPU engines, images side by
        side on worker threads with a share of the cores each (thread_budget); elsewhere (a GPU)
        on this thread, one at a time."""
        if self.segmenter.device.exact:  # torch on the CPU
            shares = image_parallel_layout()
            if len(shares) > 1:
                return _parallel_runner(shares)
        # The fast CPU engines (OpenVINO): the same layout, one stream per image in flight,
        # once the batch is long enough to repay making the model for it (or it is made).
        engine = getattr(self.segmenter, "engine", None)
        if hasattr(engine, "stream_workers"):
            shares = image_parallel_layout(engine.threads)
            if len(shares) > 1 and (count >= STREAMS_MIN_IMAGES or engine.has_streams(shares)):
                return _streams_runner(engine, shares)
        return contextlib.nullcontext(_NetworkRunner())

    def _infer(self, item: BatchItem, loaded: Future) -> tuple[np.ndarray, Prediction, float]:
        image, load_seconds = loaded.result()
        start = time.perf_counter()
        prediction = self.segmenter.predict(image)
        if self.options.threshold is not None:
            prediction = prediction.with_threshold(self.options.threshold)
        seconds = load_seconds + time.perf_counter() - start
        if self._audit_beside is not None and self._audit.wants(item.relative):
            self._audit_beside.submit(item.relative, image, prediction)
        return image, prediction, seconds

    def _write_later(
        self, item: BatchItem, inferred: Future, encoder: ThreadPoolExecutor
    ) -> tuple[BatchItem, Future]:
        """Once `item` is through the network, its encoding and writing go to the encode
        thread, so they overlap the next images' inference; a failure is kept for `_finish`."""
        try:
            image, prediction, seconds = inferred.result()
        except Exception as exc:  # noqa: BLE001 - reported per image by _finish
            failed: Future = Future()
            failed.set_exception(exc)
            return item, failed
        return item, encoder.submit(self._write, item, image, prediction, seconds)

    def _plan_audit(self, todo: list[BatchItem]) -> BatchAudit | None:
        """Approximate engines are checked against the exact one on some inputs; exact: never."""
        if getattr(self.segmenter.device, "exact", True):
            return None
        return BatchAudit.plan([item.relative for item in todo], self.options.audit)

    def _write(
        self, item: BatchItem, image: np.ndarray, prediction: Prediction, seconds: float
    ) -> ItemResult:
        start = time.perf_counter()
        style = self.options.overlay_style or OverlaySpec()
        write_outputs(
            item.output_base, image, prediction, self.options.save - {SEG_KIND},
            style.color, style.opacity, style.outline,
        )  # fmt: skip
        warnings = input_warnings(image, self.segmenter.package)
        if SEG_KIND in self.options.save:
            warnings.append(self._segs.add(item, prediction.mask))
        height, width = image.shape[:2]
        return ItemResult(
            item.relative, "ok", "", width, height,
            prediction.foreground_pixels, prediction.foreground_fraction,
            prediction.components, seconds + time.perf_counter() - start,
            item.dicom.area_mm2(prediction.foreground_pixels) if item.dicom else None,
            "; ".join(w for w in warnings if w),
        )  # fmt: skip

    def _finish(self, item: BatchItem, future: Future) -> ItemResult:
        try:
            result = future.result()
        except SegDeskError as exc:
            return ItemResult(item.relative, "failed", str(exc))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return ItemResult(
                item.relative, "failed", f"cannot write outputs for '{item.source}': {reason}"
            )
        except Exception as exc:  # noqa: BLE001 - one bad image must not stop the batch
            return ItemResult(
                item.relative, "failed", f"'{item.source}': {type(exc).__name__}: {exc}"
            )
        self._journal.append(item, asdict(result), self.settings, self.run_id, self.options.save)
        return result

    def _write_report(
        self, results: list[ItemResult], started: datetime, cancelled: bool
    ) -> BatchSummary:
        order = {item.relative: index for index, item in enumerate(self.items)}
        results = sorted(results, key=lambda result: order[result.file])
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=REPORT_FIELDS, lineterminator="\n")
        writer.writeheader()
        for result in results:
            writer.writerow(result.row())
        notes: list[str] = []
        report_path = _write_or_keep(self.output_dir / self._report_name, buffer.getvalue(), notes)
        counts = {
            status: sum(r.status == status for r in results)
            for status in ("ok", "failed", "skipped")
        }
        times = {
            "started": started.isoformat(timespec="seconds"),
            "ended": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        this_run = self._run_record(times)
        # The masks in OUT may be this run's and those a resume kept: run.json describes them
        # all (batch_history.py), so a resume never erases what earlier runs recorded.
        runs, masks = describe_out(self._journal.entries(), self._previous_run_json(), this_run)
        run = {
            "app": {"name": "SegDesk", "version": __version__},
            "model": masks["model"],
            "device": masks["device"],
            "threshold": masks["threshold"],
            "training_threshold": masks["training_threshold"],
            "threshold_overridden": masks["threshold_overridden"],
            "transform": masks["transform"],
            # Absolute (paths.absolute): IN and OUT as typed may be relative to a working
            # directory nobody reading run.json later can know; the report's `file` column
            # gives each image relative to IN.
            "input_dir": str(absolute(self.options.input_dir)),
            "output_dir": str(absolute(self.output_dir)),
            "recursive": self.options.recursive,
            "save": sorted(self.options.save),
            "overlay_style": (self.options.overlay_style or OverlaySpec()).record(),
            **times,
            "counts": {"inputs": self.total, **counts, "not_run": self.total - len(results)},
            "cancelled": cancelled,
            "precision": masks["precision"],
        }
        run.update({key: masks[key] for key in ("audit", "mixed") if key in masks})
        run["runs"] = runs
        run.update(self._dicom_record())
        if self.options.part is not None:
            run["part"] = {"id": self.options.part.index, "num_parts": self.options.part.count}
        _write_or_keep(self.output_dir / self._run_name, json.dumps(run, indent=2) + "\n", notes)
        return BatchSummary(
            total=self.total, done=counts["ok"], failed=counts["failed"], skipped=counts["skipped"],
            cancelled=cancelled, output_dir=self.output_dir, report_path=report_path,
            failures=tuple((r.file, r.error) for r in results if r.status == "failed"),
            audit=masks.get("audit"),
            warnings=tuple((r.file, r.warning) for r in results if r.warning),
            notes=tuple(notes), mixed=tuple(masks.get("mixed", ())),
            threshold=self.settings.threshold,
            training_threshold=self.settings.training_threshold,
        )  # fmt: skip

    def _run_record(self, times: dict[str, str]) -> dict[str, Any]:
        """This run's entry in run.json's `runs`: the settings its outputs were made with."""
        package = self.segmenter.package
        record = {
            "id": self.run_id,
            **times,
            "model": model_record(package),
            "transform": package.transform,
            "device": self.settings.device,
            "precision": self.settings.precision,
            **self.settings.threshold_record(),
            "save": sorted(self.options.save),
        }
        if self.settings.overlay_style is not None:
            record["overlay_style"] = self.settings.overlay_style
        if self._audit is not None:
            record["audit"] = self._audit.record()
        return record

    def _previous_run_json(self) -> dict[str, Any]:
        """The run.json an earlier run left in OUT ({} if none or unreadable)."""
        try:
            previous = json.loads((self.output_dir / self._run_name).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return previous if isinstance(previous, dict) else {}

    def _dicom_record(self) -> dict[str, Any]:
        """run.json's DICOM part (§7, §10): each DICOM input's source SOPInstanceUID and frame,
        and, with `--save seg`, the SEGs written and the inputs that got none."""
        record: dict[str, Any] = {}
        sources = [
            {"file": item.relative, "sop_instance_uid": item.dicom.sop_instance_uid,
             "frame": None if item.frame is None else item.frame + 1}
            for item in self.items if item.dicom is not None
        ]  # fmt: skip
        if sources:
            record["dicom_inputs"] = sources
        if SEG_KIND in self.options.save:
            not_dicom = [item.relative for item in self.items if not is_dicom_path(item.source)]
            record["seg"] = {
                "written": list(self._segs.written),
                "not_dicom": not_dicom,
                "note": (
                    f"{len(not_dicom)} input(s) are not DICOM and got no DICOM SEG file"
                    if not_dicom else "every input is DICOM"
                ),
            }  # fmt: skip
        return record


class _NetworkRunner:
    """Runs the network for up to `width` images at once on `pool`'s threads, or, without a
    pool (or until `ready` is done, without error), on the calling thread one image at a time."""

    def __init__(
        self, pool: ThreadPoolExecutor | None = None, width: int = 1, ready: Future | None = None
    ) -> None:
        self._pool = pool
        self.width = width
        self._ready = ready

    def submit(self, function, *args) -> Future:
        ready = self._ready is None or (self._ready.done() and self._ready.exception() is None)
        if self._pool is not None and ready:
            return self._pool.submit(function, *args)
        done: Future = Future()
        try:
            done.set_result(function(*args))
        except Exception as exc:  # noqa: BLE001 - kept for the image's own report row
            done.set_exception(exc)
        return done


@contextlib.contextmanager
def _parallel_runner(shares: tuple[int, ...]) -> Iterator[_NetworkRunner]:
    with image_parallel_workers(shares) as pool:
        yield _NetworkRunner(pool, len(shares))


@contextlib.contextmanager
def _streams_runner(engine, shares: tuple[int, ...]) -> Iterator[_NetworkRunner]:
    with engine.stream_workers(shares) as (pool, ready):
        yield _NetworkRunner(pool, len(shares), ready)


def _part_file_names(part) -> tuple[str, str]:
    """report.csv and run.json, or a part's own `report.part-K-of-N.csv` and `run...json`."""
    return (REPORT_NAME, RUN_NAME) if part is None else (part.report_name, part.run_name)


def _timed_load_item(item: BatchItem) -> tuple[np.ndarray, float]:
    return _timed_load(item.source, item.frame)


def _timed_load(path: Path, frame: int | None = None) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    image = load_rgb(path, frame)
    return image, time.perf_counter() - start


def _write_or_keep(path: Path, text: str, notes: list[str]) -> Path:
    """Write `path`; returns where the text went. When another program holds the file open
    (Windows: report.csv in a spreadsheet) the images are done all the same, so the run does not
    fail: the text is kept beside it and a note says where."""
    try:
        write_text_atomic(path, text)
    except FileInUseError as exc:
        notes.append(str(exc))
        return exc.kept
    return path


def _ensure_writable(output_dir: Path) -> None:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        probe = output_dir / f".segdesk-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise BatchError(
            f"Cannot write into output folder '{output_dir}': {exc.strerror or exc}."
        ) from exc
