"""Spread heavy work over worker processes, where the platform can fork them cheaply.

Comparing all of England's practices means reading 6,500 files and writing
thousands of rows; on a two-core PC two processes do it in little more than
half the time. Forked workers inherit everything the parent has imported and
holds in memory, so they start in milliseconds and can read the parent's data
without it being sent to them. Where fork is not available (Windows, and macOS
by default) or no process can be started, the work runs in this process
instead: slower, never different.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")
MAX_WORKERS = 8


def can_fork() -> bool:
    # Where fork exists, os has it; multiprocessing (20 ms to import) waits until a pool
    # is needed. Windows has no fork, and macOS makes spawn the default since 3.8.
    return hasattr(os, "fork") and sys.platform != "darwin"


def worker_count(count: int, *, minimum: int, forced: bool = False) -> int:
    """How many processes to share ``count`` items: one below ``minimum`` (unless ``forced``),
    else one per core (at most ``MAX_WORKERS``), but never more than there are items."""
    if not can_fork() or count < 2:
        return 1
    cores = os.cpu_count() or 1
    if forced:
        return max(2, min(MAX_WORKERS, cores, count))
    if count < minimum:
        return 1
    return max(1, min(MAX_WORKERS, cores, count * 2 // minimum))


def map_chunks(
    function: Callable[[In], list[Out]], chunks: Sequence[In], *, workers: int
) -> list[Out]:
    """``function`` over each chunk, in worker processes when ``workers`` > 1; results in order."""
    if workers > 1:
        import multiprocessing  # here: only a large set starts processes
        from concurrent.futures import ProcessPoolExecutor

        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                return [item for found in pool.map(function, chunks) for item in found]
        except (OSError, RuntimeError):
            pass  # no processes to be had (a locked-down PC): do the work here instead
    return [item for chunk in chunks for item in function(chunk)]


def split(items: Sequence[In], parts: int) -> list[Sequence[In]]:
    """``items`` in ``parts`` contiguous slices of nearly equal size (none empty)."""
    size = -(-len(items) // max(1, parts))
    return [items[start : start + size] for start in range(0, len(items), size)] if items else []
