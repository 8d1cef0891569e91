"""The work one pool worker does on a chunk of records: analysis and a signature.

Everything here is per-record and pure, so it runs the same in the main process, in a
local pool, or on a cluster; only the store (in the main process) has state.
"""

from __future__ import annotations

import dataclasses
import hashlib

from khabar.corpus.minhash import MinHasher
from khabar.corpus.shingles import shingle
from khabar.pipeline import analyze_record
from khabar.sources.base import Failure, Record
from khabar.store.base import Incoming
from khabar.store.fulltext import search_form

HASHER = MinHasher()


def input_key(record: Record) -> str:
    """What identifies an input record: its raw body, format and metadata."""
    m = record.meta
    parts = (record.format, record.body, m.title, m.published, m.url, m.source, m.author)
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8", "surrogatepass")).hexdigest()


def analyse_chunk(chunk: list[tuple[str, Record]]) -> list[Incoming | Failure]:
    """Analyse ``(key, record)`` pairs; a record that fails becomes a Failure, the rest go on."""
    done: list[Incoming | Failure] = []
    for key, record in chunk:
        try:
            doc = analyze_record(record)
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
                search_form=search_form(doc.title, doc.text),
            )
        )
    texts = [d.document.text for d in done if isinstance(d, Incoming)]
    if texts:
        signatures = iter(HASHER.signatures(shingle(texts)))
        done = [
            dataclasses.replace(d, signature=HASHER.to_blob(next(signatures))) if isinstance(d, Incoming) else d
            for d in done
        ]
    return done
