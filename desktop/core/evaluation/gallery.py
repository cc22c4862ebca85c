"""The report's worst cases: the lowest-Dice results of each model, kept as small pictures
while the run goes on, so memory stays bounded however many images there are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from desktop.core.evaluation.drawing import small_error_marks, thumbnail

GALLERY_SIDE = 360  # longest side of a gallery picture, pixels


@dataclass(frozen=True)
class WorstCase:
    """A small picture of one poorly segmented image, for the report's gallery."""

    file: str
    model: str
    dice: float
    image: np.ndarray  # RGB thumbnail
    truth: np.ndarray  # bool, same size
    prediction: np.ndarray  # bool, same size
    marks: tuple = ()  # rings around errors too small to see (drawing.small_error_marks)


class Gallery:
    """The `size` lowest-Dice rows per model, kept as small pictures (memory stays bounded)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._cases: dict[str, list[WorstCase]] = {}

    def offer(self, row: Any, image: np.ndarray, truth: np.ndarray, prediction: np.ndarray) -> None:
        if self.size <= 0 or row.dice is None or row.dice >= 1.0:
            return  # a perfect result teaches nothing
        cases = self._cases.setdefault(row.model, [])
        if len(cases) >= self.size and row.dice >= cases[-1].dice:
            return
        prediction = np.asarray(prediction, bool)
        small = thumbnail(image, GALLERY_SIDE)
        case = WorstCase(
            row.file, row.model, row.dice, small,
            thumbnail(truth, GALLERY_SIDE), thumbnail(prediction, GALLERY_SIDE),
            small_error_marks(truth, prediction, small.shape[1] / image.shape[1]),
        )  # fmt: skip
        cases.append(case)
        cases.sort(key=lambda item: item.dice)
        del cases[self.size :]

    def cases(self) -> tuple[WorstCase, ...]:
        return tuple(case for cases in self._cases.values() for case in cases)
