"""Where batch work runs: this process, a local process pool, or (later) a cluster.

An executor maps a task over items and yields the results **in input order**, with a
bounded number of items in flight, so reading a 30,000-article dump never queues it all
and a store built by a resumed run is identical to one built in one go.

The task is made by a picklable factory, called once in each worker: whatever the task
loads (an analysis pipeline with its model and caches) belongs to that worker and is
shared with no other thread or process. A Ray executor plugs in here by implementing
``Executor`` (one actor per worker, the factory called in each actor), without touching
ingest.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Task = Callable[[Any], Any]
TaskFactory = Callable[[], Task]


class Executor(Protocol):
    """Runs a task (made once per worker by ``factory``) over ``items``, in order."""

    workers: int

    def map(self, factory: TaskFactory, items: Iterable[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """Everything in this process: the task is made once, then applied item by item."""

    workers = 1

    def map(self, factory: TaskFactory, items: Iterable[Any]) -> Iterator[Any]:
        task = factory()
        for item in items:
            yield task(item)

    def close(self) -> None:
        pass


_worker_task: Task | None = None


ORPHAN_CHECK_SECONDS = 0.5  # how often a worker looks whether its parent is still there


def _start_worker(factory: TaskFactory, parent: int) -> None:
    global _worker_task
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    watch_parent(parent)
    _worker_task = factory()


def watch_parent(parent: int) -> None:
    """Called in a worker process: end it once ``parent`` is gone (killed with SIGKILL,
    say). The pool's queues do not tell an idle worker, which would wait for work forever."""
    threading.Thread(target=_exit_when_orphaned, args=(parent,), name="orphan-watch", daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)


def _run_in_worker(item: Any) -> Any:
    assert _worker_task is not None, "worker started without its task"
    return _worker_task(item)


class ProcessExecutor:
    """A local pool of ``workers`` processes (spawned, never forked: the parent may have
    threads). Each builds its task once; at most ``2 x workers`` items are in flight."""

    def __init__(self, workers: int):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers

    def map(self, factory: TaskFactory, items: Iterable[Any]) -> Iterator[Any]:
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=_start_worker, initargs=(factory, os.getpid())
        )
        pending: deque[Future[Any]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(_run_in_worker, item))
                if len(pending) >= 2 * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        pass


def local_executor(workers: int) -> Executor:
    """This process for one worker, a process pool for more."""
    return LocalExecutor() if workers <= 1 else ProcessExecutor(workers)
