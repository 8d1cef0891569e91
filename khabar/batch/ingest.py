"""Ingest: records in, analysed documents into a store, in committed batches.

Restartable by construction: every input record has a key (``input_key``) that is
stored in the same transaction as its document, so a rerun skips what an earlier run
committed without analysing it again, and an interrupted batch is simply redone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from khabar.batch.analyse import ChunkAnalyser, input_key
from khabar.batch.executors import Executor, LocalExecutor
from khabar.corpus.dedup import mark_near_duplicates
from khabar.sources.base import Failure, Record
from khabar.store.base import Incoming, Store

CHUNK = 32  # records per task sent to a worker
BATCH = 256  # records per transaction: a kill loses at most this much work


@dataclass
class IngestSummary:
    stored: int = 0
    duplicates: int = 0  # same text as a stored document (another copy, recorded as an input)
    skipped: int = 0  # input records an earlier run already stored
    failed: list[Failure] = field(default_factory=list)
    near_duplicates: int = 0
    stopped: bool = False  # fail_fast stopped at a failure: later records were not read

    @property
    def seen(self) -> int:
        return self.stored + self.duplicates + self.skipped + len(self.failed)

    def failure_reasons(self) -> Counter:
        """Failures counted by kind: the message up to its details ("invalid JSON",
        "analysis failed: ValueError", "no text left after cleaning")."""

        def kind(message: str) -> str:
            parts = message.split(": ")
            return ": ".join(parts[:2]) if parts[0] == "analysis failed" else parts[0]

        return Counter(kind(f.message) for f in self.failed)


Progress = Callable[[IngestSummary], None]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest(
    records: Iterable[Record | Failure],
    store: Store,
    *,
    executor: Executor | None = None,
    analyser: ChunkAnalyser | None = None,
    batch: int = BATCH,
    chunk: int = CHUNK,
    progress: Progress | None = None,
    dedup: bool = True,
    summary: IngestSummary | None = None,
    fail_fast: bool = False,
) -> IngestSummary:
    """Analyse and store ``records``; ``progress`` is called as records are handled.

    Counts go into ``summary`` as they happen, so a caller that is interrupted still
    knows what was done. With ``fail_fast``, the first failure (reading or analysis)
    stops the run: what came before it is stored, nothing after it is read."""
    summary = summary if summary is not None else IngestSummary()
    tell = progress or (lambda s: None)

    def todo() -> Iterator[list[tuple[str, Record]]]:
        for part in _chunks(records, chunk):
            first = next((k for k, r in enumerate(part) if isinstance(r, Failure)), None)
            if fail_fast and first is not None:
                part = part[: first + 1]
                summary.stopped = True
            failures = [r for r in part if isinstance(r, Failure)]
            keyed = [(input_key(r), r) for r in part if isinstance(r, Record)]
            known = store.known_inputs([k for k, _ in keyed])
            summary.failed.extend(failures)
            summary.skipped += sum(1 for k, _ in keyed if k in known)
            if failures or known:
                tell(summary)
            fresh = [(k, r) for k, r in keyed if k not in known]
            if fresh:
                yield fresh
            if summary.stopped:
                return

    pending: list[Incoming] = []
    executor = executor or LocalExecutor()
    for done in executor.map(analyser or ChunkAnalyser(), todo()):
        failed = next((k for k, item in enumerate(done) if isinstance(item, Failure)), None)
        if fail_fast and failed is not None:  # what came before it is stored, the rest is not analysed
            done = done[: failed + 1]
            summary.stopped = True
        for item in done:
            if isinstance(item, Failure):
                summary.failed.append(item)
            else:
                pending.append(item)
        if fail_fast and failed is not None:
            break
        if len(pending) >= batch:
            _commit(store, pending, summary)
            pending = []
        tell(summary)
    if pending:
        _commit(store, pending, summary)
        tell(summary)
    if dedup:
        summary.near_duplicates = mark_near_duplicates(store)
    return summary


def _commit(store: Store, items: list[Incoming], summary: IngestSummary) -> None:
    counts = store.write(items)
    summary.stored += counts.stored
    summary.duplicates += counts.duplicates
    summary.skipped += counts.already
