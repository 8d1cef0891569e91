"""A local process pool that maps a function over chunks, in order, with bounded memory.

At most ``2 x workers`` chunks are in flight, so reading a 30,000-article dump never
queues it all; results come back in input order, which keeps a store built by a
resumed run identical to one built in one go.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int = 1) -> Iterator[R]:
    """``map(fn, items)`` over ``workers`` processes (in this process when 1)."""
    if workers <= 1:
        for item in items:
            yield fn(item)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process with live threads
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_sigint)
    pending: deque[Future] = deque()
    try:
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
