"""Running a batch (`BatchRun`): decode, network and encode overlap, images leave in input order,
each one finished is journalled, and the report and run.json are written at the end.

For `IN/sub/x.jpg` the outputs are `OUT/sub/x_mask.png` (and `_overlay`, `_prob`), plus
`OUT/report.csv` and `OUT/run.json` (DESIGN §5). A journal, `OUT/.segdesk-journal.jsonl`, gets
one line per finished image, so a re-run (even after a crash) skips what an earlier run did with
the same model, engine, precision and threshold, unless `overwrite` is set (resume.py).
run.json describes the masks in OUT, also those a resume kept (history.py).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import asdict
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from desktop import __version__
from desktop.core.batch.history import describe_out, masks_close, masks_lead
from desktop.core.batch.pipeline import network_runner, timed_load_item
from desktop.core.batch.plan import BatchItem, BatchOptions, prepare_batch
from desktop.core.batch.report import (
    BatchSummary,
    ItemResult,
    part_file_names,
    report_csv,
    write_or_keep,
)
from desktop.core.batch.resume import Journal, ResumePlan, RunSettings, journal_name, plan_resume
from desktop.core.dicom.detect import is_dicom_file
from desktop.core.dicom.seg_collector import SegCollector
from desktop.core.errors import SegDeskError
from desktop.core.export import SEG_KIND, OverlaySpec, model_record, write_outputs
from desktop.core.fast.audit import AuditBeside, BatchAudit, audit_beside
from desktop.core.input_checks import input_warnings
from desktop.core.paths import absolute
from desktop.core.prediction import Prediction
from desktop.core.prefetch import decode_ahead
from desktop.core.segmenter_protocol import Segmenter
from desktop.core.shard import refuse_unsplit
from desktop.core.shard import select as select_part
from desktop.core.thread_budget import opencv_single_threaded


class BatchRun:
    """Iterate to run: yields one ItemResult per input (those skipped as already done first,
    then the rest in input order); `summary` is set at the end.

    `cancel` is checked between images; images already being written are finished (atomically),
    nothing is left half written, and the report lists what was done.
    """

    def __init__(
        self, segmenter: Segmenter, options: BatchOptions, cancel: threading.Event | None = None
    ):
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
        self._report_name, self._run_name = part_file_names(options.part)
        device = segmenter.device
        # `precision` is optional (segmenter_protocol.py): without it, the device's.
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
            network_runner(self.segmenter, len(todo)) as network,
            ThreadPoolExecutor(1, "segdesk-encode") as encoder,
            # Closed on leaving (also on cancel): loads not yet started are cancelled.
            closing(decode_ahead(todo, timed_load_item, network.width + 1)) as decoded,
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
        if self.segmenter.device.exact:
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
        notes: list[str] = []
        report_path = write_or_keep(self.output_dir / self._report_name, report_csv(results), notes)
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
        # all (history.py), so a resume never erases what earlier runs recorded.
        runs, masks = describe_out(self._journal.entries(), self._previous_run_json(), this_run)
        run = {
            "app": {"name": "SegDesk", "version": __version__},
            **masks_lead(masks),
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
            **masks_close(masks),
            "runs": runs,
        }
        run.update(self._dicom_record())
        if self.options.part is not None:
            run["part"] = {"id": self.options.part.index, "num_parts": self.options.part.count}
        write_or_keep(self.output_dir / self._run_name, json.dumps(run, indent=2) + "\n", notes)
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
            not_dicom = [item.relative for item in self.items if not is_dicom_file(item.source)]
            record["seg"] = {
                "written": list(self._segs.written),
                "not_dicom": not_dicom,
                "note": (
                    f"{len(not_dicom)} input(s) are not DICOM and got no DICOM SEG file"
                    if not_dicom else "every input is DICOM"
                ),
            }  # fmt: skip
        return record
