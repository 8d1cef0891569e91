"""Who talks to the store: a read connection per thread, one writer for the server.

Reads: each request runs on one of the server's worker threads (a bounded pool), and
each thread keeps its own read-only SQLite connection for its lifetime. SQLite
connections are cheap to keep and are not safe to share between threads at once, so a
connection per thread needs no locking and no pool bookkeeping; the thread pool's size
bounds how many exist. WAL lets them read while the writer commits. A PostgreSQL store
is one for all threads instead: its connection pool is made to be shared, and a pool per
thread would hold dozens of server connections for nothing.

Writes: one store opened for writing, claimed with the store's own writer lock on first
use (so a ``khabar ingest`` into the same file is refused while the server writes, and
the other way round), used under a lock by one request at a time. Near-duplicate links
are recomputed after writes in a background thread, coalesced, so an ingest request
does not wait for a pass over the whole corpus.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from khabar.corpus.dedup import mark_near_duplicates
from khabar.store import Store, StoreError, is_postgres, open_store

log = logging.getLogger("khabar.web")


class Readers:
    """A read-only store per thread (one for all on PostgreSQL), opened on first use."""

    def __init__(self, location: str):
        self.location = location
        self.shared = is_postgres(location)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            if self.shared:
                with self._lock:
                    if not self._opened:
                        self._opened.append(open_store(self.location, readonly=True))
                    store = self._opened[0]
            else:
                store = open_store(self.location, readonly=True)
                with self._lock:
                    self._opened.append(store)
            self._local.store = store
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


class Writer:
    """The server's one writing store, one request at a time."""

    def __init__(self, location: str, after_write: Callable[[Store], object] = mark_near_duplicates):
        self.location = location
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._after_write = after_write
        self._pending = threading.Event()
        self._worker: threading.Thread | None = None
        self._closed = False

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The writing store, held by this caller alone; raises StoreError when another
        process is writing to the file."""
        with self._lock:
            if self._closed:
                raise StoreError("the server is shutting down")
            if self._store is None:
                store = open_store(self.location)
                try:
                    store.lock_for_writing()
                except StoreError:
                    store.close()
                    raise
                self._store = store
            yield self._store
        self._schedule()

    def _schedule(self) -> None:
        """Recompute near-duplicates soon; writes that land meanwhile share one pass."""
        self._pending.set()
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._settle, name="khabar-dedup", daemon=True)
            self._worker.start()

    def _settle(self) -> None:
        while self._pending.is_set():
            self._pending.clear()
            with self._lock:
                if self._store is None or self._closed:
                    return
                try:
                    self._after_write(self._store)
                except Exception:  # the documents are stored; only their duplicate links lag
                    log.exception("near-duplicate pass failed")

    def wait(self, seconds: float = 60.0) -> None:
        """Wait for the background pass to finish (tests, shutdown)."""
        if self._worker is not None:
            self._worker.join(seconds)

    def close(self) -> None:
        self.wait()
        with self._lock:
            self._closed = True
            if self._store is not None:
                self._store.close()
                self._store = None
