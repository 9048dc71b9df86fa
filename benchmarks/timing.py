"""Time a stage the way every benchmark here does: the best of a few runs."""

from __future__ import annotations

import time
from collections.abc import Callable

REPEAT = 3


def best_of(stage: Callable[[], object], repeat: int = REPEAT) -> float:
    """Return the fastest of REPEAT runs of STAGE, in seconds (the least disturbed run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        stage()
        times.append(time.perf_counter() - start)
    return min(times)
