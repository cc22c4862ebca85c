"""What the review controller's collaborators (drafts, starting masks) read from it: the review,
the index of the image shown and that image's starting mask. A Protocol, so they need not
import the controller that builds them."""

from __future__ import annotations

from typing import Protocol

from desktop.core.review import BaseMask, ReviewSession


class ShownReview(Protocol):
    review: ReviewSession | None  # None: review mode is off
    index: int  # the image shown (-1: none)

    @property
    def base(self) -> BaseMask | None: ...  # its starting mask (None while being segmented)
