"""The states an image goes through in review mode (DESIGN §8)."""

from __future__ import annotations

TO_DO = "to do"  # not looked at yet, no mask
SEGMENTED = "segmented"  # has a mask (the model's, or one already in OUT), unchanged
EDITED = "edited"  # corrected by hand, not yet accepted
ACCEPTED = "accepted"  # written to OUT and logged in review.csv
FAILED = "failed"  # could not be read or segmented (the reason is kept)

STATES = (TO_DO, SEGMENTED, EDITED, ACCEPTED, FAILED)
