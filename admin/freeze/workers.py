"""Work shared across the cores: forked worker processes, one per usable core.

And the cyclic collector paused for a build, which those processes inherit.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import multiprocessing.pool
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

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


def give_back_free_memory() -> None:
    """Return the free pages inside the C heap to the system (glibc's ``malloc_trim``).

    Called once the content is loaded, before the workers fork: what loading freed (the
    parse cache, the parser's leftovers) would otherwise stay resident in every process
    (10 MB of the scale-0.2 county's 120, #16). Elsewhere than glibc there is nothing to do.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


#: prctl(2)'s option that sends the calling process a signal when its parent dies.
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """End this forked worker when the process that forked it (``parent``) ends.

    A build killed while freezing must release its lock (every process of it holds the
    lock file open) and stop writing: a worker left running would finish the whole
    freeze for nobody and keep the next build out meanwhile. Linux says so at once
    (``PR_SET_PDEATHSIG``); elsewhere the worker checks between batches (see the caller).
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request above was made
        os._exit(1)


@contextmanager
def computed_aside(function: Callable[[], R]) -> Iterator[Callable[[], R]]:
    """Compute ``function()`` in a forked process while the block does other work.

    Yield a function that waits for the result and returns it. The forked process sees
    this process's memory as it was at the start of the block, so ``function`` must
    read only what the block does not change. Whatever goes wrong over there (it dies,
    it raises, its result cannot be sent) the result is computed here instead: the
    answer is the same either way, only slower. With one core it is computed here.
    """
    if worker_count() < 2:
        yield function
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    parent = os.getpid()
    process = context.Process(
        target=_compute_and_send, args=(function, sender, parent), daemon=True
    )
    process.start()
    sender.close()

    def result() -> R:
        try:
            found = receiver.recv()
        except (EOFError, OSError):
            found = None
        return found[0] if isinstance(found, tuple) else function()

    try:
        yield result
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _compute_and_send(function: Callable[[], R], sender: Any, parent: int) -> None:
    """In the forked process: send ``(function(),)``, or None when it failed."""
    die_with_parent(parent)
    try:
        found = (function(),)
    except Exception:  # the parent computes it again and reports what it meets
        found = None
    try:
        sender.send(found)
    except Exception:
        pass  # a result pickle refuses, or a closed pipe: the parent computes it again
    finally:
        sender.close()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the build, in it and its workers.

    The build loads and makes millions of objects that never form garbage cycles (parsed
    content, states, file reports), and the collector kept walking them, in forked
    workers too: at 10,000 decisions a full build without search took 21.7-22.7 CPU s
    paused against 24.6 s with the collector on (23.1-24.3 s with the loaded content
    frozen by ``gc.freeze``), and loading a state 0.12 s against 0.5 s. The cycles that
    rendering leaves are small: the peak memory of the build and of its workers was the
    same either way. Meant for the ``gongshi build`` process (:mod:`admin.freeze.pipeline`);
    a long-running server should not run builds in its own process.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
