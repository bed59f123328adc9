"""Work shared across the cores: forked worker processes, one per usable core."""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def worker_count() -> int:
    """Return how many processes to work with: one per usable core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def parallel_map(function: Callable[[T], R], items: list[T], workers: int | None = None) -> list[R]:
    """Return ``[function(item) for item in items]``, computed in forked processes.

    ``function`` must be a module-level function; results keep the order of ``items``.
    """
    workers = worker_count() if workers is None else workers
    if workers <= 1 or len(items) < 2:
        return [function(item) for item in items]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(function, items)


@contextmanager
def forked_pool(processes: int) -> Iterator[multiprocessing.pool.Pool]:
    """Fork a pool of ``processes`` workers; stop them on leaving, whatever happened."""
    pool = multiprocessing.get_context("fork").Pool(processes)
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()
