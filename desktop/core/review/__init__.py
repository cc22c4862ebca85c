"""Review mode (DESIGN §8), without Qt: the folder's images, their states, starting masks, and
accepting a mask (files + provenance through `core.export`, a row in `OUT/review.csv`)."""

from desktop.core.review.session import ReviewOptions, ReviewSession
from desktop.core.review.starting_mask import BaseMask
from desktop.core.review.states import ACCEPTED, EDITED, FAILED, SEGMENTED, STATES, TO_DO

__all__ = [
    "ACCEPTED", "EDITED", "FAILED", "SEGMENTED", "STATES", "TO_DO",
    "BaseMask", "ReviewOptions", "ReviewSession",
]  # fmt: skip
