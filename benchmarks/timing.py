"""Timing helpers: interleaved rounds, medians and best-of (the machine is shared)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def interleave(
    funcs: dict[str, Callable[[], Any]], rounds: int, reps: int
) -> dict[str, list[float]]:
    """Each function `reps` times per round, all functions in every round, after one warm-up
    call each: a burst of other load hits every contender alike."""
    for func in funcs.values():
        func()
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for index in range(rounds):
        order = list(funcs) if index % 2 == 0 else list(reversed(funcs))
        for name in order:
            samples[name].extend(time_call(funcs[name]) for _ in range(reps))
    return samples


def time_call(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def median_ms(values: list[float]) -> float:
    return 1000 * statistics.median(values)


def best_ms(values: list[float]) -> float:
    return 1000 * min(values)
