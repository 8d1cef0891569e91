"""Inputs and checks shared by the batch tests: small corpora this project writes itself."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
from corpus_fixtures import write_corpus

from khabar.batch.output import Output, read_table


def make_inputs(folder: Path, n: int = 24, files: int = 3, copies: int = 4) -> int:
    """JSONL shards with near-copies, one bad line and one record with no text left
    after cleaning; returns how many records they hold."""
    records = write_corpus(folder, n, copies=copies, files=files)
    with open(folder / "part-00.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"title": "خبر مقطوع", "content": \n')  # invalid JSON: a failure row
        fh.write(json.dumps({"title": "عنوان بلا نص", "content": "   "}, ensure_ascii=False) + "\n")
    return len(records) + 2


def records_seen(out: Path) -> Counter:
    """How many times each (shard, record) appears in documents and failures together."""
    output = Output(str(out))
    seen: Counter = Counter()
    for table in ("documents", "failures"):
        t = read_table(output, table, ["shard", "record"])
        if t.num_rows:
            seen.update(zip(t["shard"].to_pylist(), t["record"].to_pylist()))
    return seen


def parquet_files(out: Path) -> dict[str, bytes]:
    """Every Parquet file of an output by relative path, with its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.parquet"))}


def table_rows(out: Path, table: str) -> list[tuple]:
    t = read_table(Output(str(out)), table)
    return sorted(tuple(str(v) for v in row.values()) for row in t.to_pylist()) if t.num_rows else []


def file_rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows


class WordVectors:
    """A stand-in sentence encoder: bag of words hashed into 64 dimensions (deterministic)."""

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.split():
                out[i, sum(map(ord, w)) % 64] += 1
        return out
