"""A review of one folder (DESIGN §8): which images, in what state, and accepting masks.

The images and where their outputs go are planned exactly like `batch` (same scan, same
output names, same checks on IN and OUT). Re-opening the same IN/OUT resumes: an image whose
last `review.csv` row says accepted and whose mask file is there is accepted; one with a mask
in OUT (from batch or a review) starts from it; the rest is to do.

Corrections not yet accepted (drafts) are written to `OUT/.segdesk-drafts/` as they are made,
so leaving the review, closing the app or a crash loses none of them: on resume such an image
is "edited" and shows its draft over its starting mask. Accepting an image removes its draft.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

import numpy as np

from desktop.core.batch import BatchItem, BatchOptions, plan_batch, prepare_batch
from desktop.core.editing import EditedMask
from desktop.core.errors import BatchError
from desktop.core.export import export_reviewed_mask, mask_image
from desktop.core.image_io import write_png
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction
from desktop.core.review.review_log import (
    LOG_NAME,
    ReviewRow,
    append_row,
    latest_by_file,
    read_rows,
)
from desktop.core.review.starting_mask import (
    MODEL,
    BaseMask,
    mask_path,
    read_existing,
    read_mask_file,
)
from desktop.core.review.states import ACCEPTED, EDITED, FAILED, SEGMENTED, TO_DO

DRAFTS_FOLDER = ".segdesk-drafts"  # in OUT; hidden, so no scan of OUT takes it for images


@dataclass(frozen=True)
class ReviewOptions:
    input_dir: Path
    output_dir: Path
    recursive: bool = False
    threshold: float | None = None  # overrides the package's threshold (DESIGN §5)

    def check(self) -> list[BatchItem]:
        """The plan, or BatchError naming the problem; writes nothing (fail fast in the CLI)."""
        if self.threshold is not None and not 0.0 < self.threshold < 1.0:
            raise BatchError(f"The threshold must lie between 0 and 1, not {self.threshold:g}.")
        return plan_batch(self._batch_options())

    def _batch_options(self) -> BatchOptions:
        return BatchOptions(Path(self.input_dir), Path(self.output_dir), self.recursive)


@dataclass(frozen=True, eq=False)
class Draft:
    """The mask as currently shown for one image, and the starting mask it was edited from."""

    base: BaseMask
    mask: np.ndarray  # (H, W) bool
    prediction: Prediction | None = None  # what made the base, when the model did
    package: ModelPackage | None = None

    @cached_property
    def pixels_added(self) -> int:
        return int(np.count_nonzero(self.mask & ~self.base.mask))

    @cached_property
    def pixels_removed(self) -> int:
        return int(np.count_nonzero(self.base.mask & ~self.mask))

    @property
    def edited(self) -> bool:
        return bool(self.pixels_added or self.pixels_removed)

    def snapshot(self) -> EditedMask:
        mask = np.array(self.mask, dtype=bool)
        mask.flags.writeable = False
        return EditedMask(mask, self.base.mask, self.pixels_added, self.pixels_removed,
                          self.base.label)  # fmt: skip


class ReviewSession:
    """Items, states and the current position of one review; no Qt, no model."""

    def __init__(self, options: ReviewOptions) -> None:
        options.check()
        self.options = options
        self.items: list[BatchItem] = prepare_batch(options._batch_options())
        self.input_dir = Path(options.input_dir).expanduser()
        self.output_dir = Path(options.output_dir).expanduser()
        self.log_path = self.output_dir / LOG_NAME
        self.states: list[str] = [TO_DO] * len(self.items)
        self.errors: dict[int, str] = {}
        self._drafts: dict[int, Draft] = {}
        self.resume()
        self.index = self.first_not_accepted() or 0

    # -- positions --------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def accepted(self) -> int:
        return sum(state == ACCEPTED for state in self.states)

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.accepted == self.total

    def position_text(self, index: int | None = None) -> str:
        """The position as "k / n", k counted from 1."""
        index = self.index if index is None else index
        return f"{index + 1} / {self.total}" if self.total else "0 / 0"

    def first_not_accepted(self, start: int = 0) -> int | None:
        """The first image from `start` on (wrapping round) not yet accepted; None if all are."""
        for offset in range(self.total):
            index = (start + offset) % self.total
            if self.states[index] != ACCEPTED:
                return index
        return None

    def next_not_accepted(self, after: int) -> int | None:
        """The next image after `after` not yet accepted (wrapping round, `after` itself last)."""
        if not self.total:
            return None
        return self.first_not_accepted(after + 1)

    def neighbour(self, index: int, step: int) -> int | None:
        target = index + step
        return target if 0 <= target < self.total else None

    # -- states -----------------------------------------------------------------------------
    def resume(self) -> None:
        rows = latest_by_file(read_rows(self.log_path))
        for index, item in enumerate(self.items):
            row = rows.get(item.relative)
            has_mask = mask_path(item).is_file()
            if self.draft_path(index).is_file():  # corrections newer than any accepted mask
                self.states[index] = EDITED
            elif row is not None and row.state == ACCEPTED and has_mask:
                self.states[index] = ACCEPTED
            elif has_mask:
                self.states[index] = SEGMENTED
            else:
                self.states[index] = TO_DO

    def set_state(self, index: int, state: str, error: str = "") -> None:
        self.states[index] = state
        if state == FAILED:
            self.errors[index] = error
        else:
            self.errors.pop(index, None)

    def starting_mask(self, index: int, image_size: tuple[int, int]) -> BaseMask | None:
        """The mask OUT already holds for this image (batch or earlier review), if usable."""
        return read_existing(self.items[index], self.output_dir, image_size)

    # -- drafts (edits not yet accepted) ----------------------------------------------------
    def keep_draft(self, index: int, draft: Draft) -> None:
        """Remember the shown mask of an image one moves away from, so no edit is lost: in
        memory (with its starting mask) and, when it has corrections, on disk."""
        self._drafts[index] = draft
        if self.states[index] != ACCEPTED or draft.edited:
            self.states[index] = EDITED if draft.edited else SEGMENTED
        if draft.edited:
            with contextlib.suppress(OSError):  # OUT full or gone: the memory copy remains
                self.save_draft_mask(index, draft.mask)

    def draft(self, index: int) -> Draft | None:
        return self._drafts.get(index)

    def drop_draft(self, index: int) -> None:
        self._drafts.pop(index, None)
        self.forget_saved_draft(index)

    def draft_path(self, index: int) -> Path:
        relative = self.items[index].output_base.relative_to(self.output_dir)
        return self.output_dir / DRAFTS_FOLDER / f"{relative.as_posix()}_draft.png"

    def save_draft_mask(self, index: int, mask: np.ndarray) -> None:
        """Keep `mask` (corrections not accepted) on disk, atomically; raises OSError."""
        write_png(self.draft_path(index), mask_image(np.asarray(mask)))

    def forget_saved_draft(self, index: int) -> None:
        self.draft_path(index).unlink(missing_ok=True)

    def saved_draft_mask(self, index: int, image_size: tuple[int, int]) -> np.ndarray | None:
        """The draft saved for this image (bool H×W), or None when there is none or it does
        not fit the image (a draft of an image that was replaced since is ignored)."""
        return read_mask_file(self.draft_path(index), image_size)

    # -- accepting --------------------------------------------------------------------------
    def accept(self, index: int, draft: Draft) -> ReviewRow:
        """Write the mask and its provenance (atomically) and log the row; state → accepted."""
        item = self.items[index]
        accepted_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        base = draft.base
        export_reviewed_mask(
            draft.snapshot(), item.source, item.output_base,
            starting_mask=base.record(), prediction=draft.prediction, package=draft.package,
            keep_model_mask=base.origin == MODEL or base.made_by == "batch",
            review={"file": item.relative, "accepted_at": accepted_at},
            input_dir=self.input_dir,
            dicom=_dicom_record(item),
            foreground_mm2=item.dicom.area_mm2(int(np.count_nonzero(draft.mask)))
            if item.dicom is not None else None,
        )  # fmt: skip
        row = ReviewRow(
            file=item.relative, state=ACCEPTED, edited=draft.edited,
            pixels_added=draft.pixels_added, pixels_removed=draft.pixels_removed,
            foreground_pixels=int(np.count_nonzero(draft.mask)), accepted_at=accepted_at,
        )  # fmt: skip
        append_row(self.log_path, row)
        self._drafts.pop(index, None)
        self.forget_saved_draft(index)
        self.set_state(index, ACCEPTED)
        return row


def _dicom_record(item: BatchItem) -> dict | None:
    """§7 for a DICOM input: its SOPInstanceUID and frame (1-based; None if single-frame)."""
    if item.dicom is None:
        return None
    return item.dicom.source_record(None if item.frame is None else item.frame + 1)
