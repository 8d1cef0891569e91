"""Analyses off the server's threads: a pool of processes, each with its own pipeline.

The server stays responsive while articles are analysed: the work runs in spawned
processes, each of which builds one ``Pipeline`` (model, caches) once from the
``ChunkAnalyser`` options that ingest uses and stores through the same ``analyse_chunk``,
so an article stored here gets the same Document, signature and search form as with
``khabar ingest``; an article only shown skips the signature and search form. Each article has a time
limit, enforced inside the worker by an alarm (the worker survives and keeps its
model); a worker that does not come back even then is replaced with the whole pool.
A bounded number of analyses wait at once; past that the caller is told to retry.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from types import FrameType
from typing import Any

from khabar.batch.analyse import Chunk, ChunkAnalyser, analyse_chunk, input_key
from khabar.batch.executors import watch_parent
from khabar.corpus.minhash import MinHasher
from khabar.pipeline import Pipeline
from khabar.sources.base import Failure, Record
from khabar.store.base import Incoming

GRACE = 10.0  # seconds past the limit before a silent worker is given up on


class AnalysisTimeout(Exception):
    """An article's analysis ran past the time limit."""


class Busy(RuntimeError):
    """Too many analyses already waiting."""


class PoolBroken(RuntimeError):
    """A worker stopped answering; the pool was restarted."""


_task: Any = None  # this worker's ChunkAnalyser task: document, signature and search form, for storing
_pipeline: Pipeline | None = None  # the same pipeline alone, for analyses that are only shown


def _start(factory: ChunkAnalyser, parent: int) -> None:
    global _task, _pipeline
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    watch_parent(parent)  # a killed server leaves no worker behind
    _pipeline = Pipeline(factory.options)
    _task = partial(analyse_chunk, pipeline=_pipeline, hasher=MinHasher())


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise AnalysisTimeout("analysis took longer than the time limit")


def _analyse(chunk: Chunk, seconds: float, storing: bool) -> list[Incoming | Failure]:
    """Analyse records one by one, each under its own alarm (a worker's main thread);
    only what is stored gets a signature and a search form."""
    assert _task is not None and _pipeline is not None, "worker started without its pipeline"
    signal.signal(signal.SIGALRM, _on_alarm)
    done: list[Incoming | Failure] = []
    for item in chunk:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            done.extend(_task([item]) if storing else [_shown(item, _pipeline)])
        except AnalysisTimeout as e:  # raised outside the per-record guard (signatures)
            done.append(Failure(item[1].origin, f"analysis failed: AnalysisTimeout: {e}"))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return done


def _shown(item: tuple[str, Record], pipeline: Pipeline) -> Incoming | Failure:
    """The document alone, as ``analyse_chunk`` makes it (same failures), without what storing needs."""
    key, record = item
    try:
        doc = pipeline.record(record)
    except Exception as e:  # the article is the caller's: say what failed, keep the worker
        return Failure(record.origin, f"analysis failed: {type(e).__name__}: {e}")
    if not doc.text.strip():
        return Failure(record.origin, "no text left after cleaning")
    return Incoming(key, record.origin, doc.replace(offsets=None, _tokens=None))


def _ready() -> bool:
    return _task is not None


def timed_out(failure: Failure) -> bool:
    return "AnalysisTimeout" in failure.message


class AnalysisPool:
    """``workers`` processes analysing records under a time limit per article."""

    def __init__(self, workers: int = 1, seconds: float = 30.0, queue: int = 8, factory: ChunkAnalyser | None = None):
        self.workers = workers
        self.seconds = seconds
        self.factory = factory or ChunkAnalyser()
        self._slots = threading.BoundedSemaphore(max(1, queue * workers))
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start,
                    initargs=(self.factory, os.getpid()),
                )
            return self._pool

    def warm(self) -> None:
        """Start the workers and load their models now, not on the first request."""
        pool = self._executor()
        for future in [pool.submit(_ready) for _ in range(self.workers)]:
            future.result()

    def analyse(self, records: Sequence[Record], storing: bool = True) -> list[Incoming | Failure]:
        """Each record analysed (or failed), in order; ``storing`` adds the signature and
        search form a store needs. Raises ``Busy`` when the queue is full and
        ``PoolBroken`` when a worker had to be replaced."""
        if not self._slots.acquire(blocking=False):
            raise Busy("the server is analysing as many articles as it can; retry in a few seconds")
        try:
            chunk = [(input_key(r), r) for r in records]
            future: Future[list[Incoming | Failure]] = self._executor().submit(_analyse, chunk, self.seconds, storing)
            try:
                return future.result(timeout=self.seconds * max(1, len(records)) + GRACE)
            except FutureTimeout:
                self.restart()
                raise PoolBroken("an analysis did not come back; the analysis workers were restarted") from None
            except Exception as e:  # BrokenProcessPool: a worker died (killed, out of memory)
                self.restart()
                raise PoolBroken(
                    f"an analysis worker stopped ({type(e).__name__}); the workers were restarted"
                ) from None
        finally:
            self._slots.release()

    def restart(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()  # a hung worker would otherwise keep shutdown waiting
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
