"""What every benchmark here does the same way: run its contenders in interleaved rounds and take medians.

The machines are shared and noisy, so contenders are never timed one after the other in blocks: each round runs
every contender once (in a shuffled order, with a fixed seed, when ``shuffle``), and the figure is the median over
rounds. ``quiet_gc`` times each run with the cyclic garbage collector off after a full collection, as :mod:`timeit`
does, so that no contender pays for collecting what another left behind.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable, Mapping

#: A contender: does its work and returns None (the whole call is timed), or returns the seconds of the part it
#: wants timed (when it has set-up of its own that must not count).
Runner = Callable[[], float | None]


def _run(runner: Runner, quiet_gc: bool) -> float:
    if quiet_gc:
        gc.collect()
        gc.disable()
    try:
        start = time.perf_counter()
        own = runner()
        return own if own is not None else time.perf_counter() - start
    finally:
        if quiet_gc:
            gc.enable()


def medians(
    runners: Mapping[str, Runner], rounds: int, *, shuffle: bool = False, quiet_gc: bool = False, warm: bool = True
) -> dict[str, float]:
    """Median seconds per contender over ``rounds`` interleaved rounds (after one untimed run each when ``warm``:
    imports, compiled converters and caches are not what is measured)."""
    if warm:
        for runner in runners.values():
            runner()
    times: dict[str, list[float]] = {name: [] for name in runners}
    order = list(runners)
    mix = random.Random(0).shuffle
    for _ in range(rounds):
        if shuffle:
            mix(order)  # no contender always runs right after the same one
        for name in order:
            times[name].append(_run(runners[name], quiet_gc))
    return {name: statistics.median(values) for name, values in times.items()}
