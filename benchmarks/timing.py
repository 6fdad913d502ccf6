"""Timing helpers shared by the benchmark scripts (run them as ``python benchmarks/NAME.py``)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of_interleaved(
    fns: list[Callable[[], object]], repeats: int
) -> tuple[list[float], list[object]]:
    """Best time of each function over *repeats* rounds that run them in turn.

    Taking turns means a noisy spell on a shared machine slows every contender alike, so the
    ratio of the best times is steadier than timing one contender after the other.
    """
    best, results = [float("inf")] * len(fns), [None] * len(fns)
    for _ in range(repeats):
        for k, fn in enumerate(fns):
            start = time.perf_counter()
            results[k] = fn()
            best[k] = min(best[k], time.perf_counter() - start)
    return best, results


def best_of(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Best time of *fn* over *repeats* runs, and its result."""
    (best,), (result,) = best_of_interleaved([fn], repeats)
    return best, result
