"""Load a batch output into a store, in bulk: ``khabar ingest OUT_DIR``.

Documents are read back from their full JSON (nothing is analysed again) shard by shard
in input order, and each shard's records in record order (its partition files merged),
so the store is the one ``khabar ingest`` of the same inputs builds: same documents in
the same order, same exact copies, and — recomputed over the whole store, as ingest
does — the same near-duplicates. Input keys make it resumable: a rerun skips what was
loaded.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from typing import Any

import pyarrow.parquet as pq

from khabar.batch.ingest import BATCH, IngestSummary, Progress
from khabar.batch.output import Output, ShardResult
from khabar.document import Document
from khabar.sources.base import Failure
from khabar.store.base import Incoming, Store

COLUMNS = ["record", "key", "origin", "document", "signature", "embedding"]


def is_batch_output(location: str) -> bool:
    try:
        return Output(location).is_batch_output()
    except (OSError, ValueError):
        return False


def _rows(output: Output, path: str, columns: list[str]) -> Iterator[dict[str, Any]]:
    for batch in pq.ParquetFile(path, filesystem=output.fs).iter_batches(columns=columns, batch_size=128):
        yield from batch.to_pylist()


def shard_items(output: Output, result: ShardResult) -> Iterator[tuple[Incoming, bytes | None] | Failure]:
    """A shard's documents (with their title embedding, if any) and failures in record order."""
    streams = []
    for name in result.files:
        table = name.split("/", 1)[0]
        if table == "documents":
            streams.append(_rows(output, output.path(name), COLUMNS))
        elif table == "failures":
            streams.append(_rows(output, output.path(name), ["record", "origin", "message"]))
    for row in heapq.merge(*streams, key=lambda r: r["record"]):
        if "message" in row:
            yield Failure(row["origin"], row["message"])
        else:
            doc = Document.from_dict(json.loads(row["document"]))
            yield Incoming(row["key"], row["origin"], doc, signature=row["signature"]), row.get("embedding")


def load_output(
    location: str,
    store: Store,
    *,
    batch: int = BATCH,
    progress: Progress | None = None,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """Every committed shard of the output at ``location`` into ``store``."""
    summary = summary if summary is not None else IngestSummary()
    tell = progress or (lambda s: None)
    output = Output(location)
    pending: list[Incoming] = []
    vectors: dict[str, bytes] = {}  # title embeddings (--stories): khabar stories need not embed again

    def commit() -> None:
        known = store.known_inputs([item.key for item in pending])
        fresh = [item for item in pending if item.key not in known]
        summary.skipped += len(pending) - len(fresh)
        if fresh:
            counts = store.write(fresh)
            summary.stored += counts.stored
            summary.duplicates += counts.duplicates
            summary.skipped += counts.already
        if vectors:
            store.put_embeddings(vectors)
            vectors.clear()
        pending.clear()
        tell(summary)

    for result in output.results_in_order():
        for item in shard_items(output, result):
            if isinstance(item, Failure):
                summary.failed.append(item)
                continue
            incoming, vector = item
            pending.append(incoming)
            if vector is not None:
                vectors[incoming.document.id] = vector
            if len(pending) >= batch:
                commit()
    if pending:
        commit()
    return summary


def count_records(location: str) -> int:
    """Records in the committed shards (for a progress bar's total)."""
    return sum(r.records for r in Output(location).done().values())
