"""The work a batch worker does on a chunk of records: analysis, a signature, the
search form.

Everything here is per-record and pure, so it runs the same in this process, in a local
pool, or on a cluster; only the store (in the main process) has state. ``ChunkAnalyser``
is the picklable factory an executor calls once per worker: the pipeline it builds
(models, caches) belongs to that worker.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from khabar.corpus.minhash import MinHasher
from khabar.corpus.shingles import shingle
from khabar.pipeline import Options, Pipeline
from khabar.sources.base import Failure, Record
from khabar.store.base import Incoming
from khabar.store.fulltext import document_search_form

Chunk = list[tuple[str, Record]]


def input_key(record: Record) -> str:
    """What identifies an input record: its raw body, format and metadata."""
    m = record.meta
    parts = (record.format, record.body, m.title, m.published, m.url, m.source, m.author)
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ChunkAnalyser:
    """Makes, in each worker, the function that analyses ``(key, record)`` chunks."""

    options: Options = field(default_factory=Options)

    def __call__(self) -> Callable[[Chunk], list[Incoming | Failure]]:
        pipeline = Pipeline(self.options)
        hasher = MinHasher()
        return lambda chunk: analyse_chunk(chunk, pipeline, hasher)


def analyse_chunk(chunk: Chunk, pipeline: Pipeline, hasher: MinHasher) -> list[Incoming | Failure]:
    """Analyse ``(key, record)`` pairs; a record that fails becomes a Failure, the rest go on."""
    done: list[Incoming | Failure] = []
    for key, record in chunk:
        try:
            doc = pipeline.record(record)
        except Exception as e:  # one bad article must not stop a corpus
            done.append(Failure(record.origin, f"analysis failed: {type(e).__name__}: {e}"))
            continue
        if not doc.text.strip():
            done.append(Failure(record.origin, "no text left after cleaning"))
            continue
        done.append(
            Incoming(
                key,
                record.origin,
                doc.replace(offsets=None, _tokens=None),
                search_form=document_search_form(doc),
            )
        )
    texts = [d.document.text for d in done if isinstance(d, Incoming)]
    if texts:
        signatures = iter(hasher.signatures(shingle(texts)))
        done = [
            dataclasses.replace(d, signature=hasher.to_blob(next(signatures))) if isinstance(d, Incoming) else d
            for d in done
        ]
    return done
