"""Near-duplicates over a whole batch output: the same groups as the store's dedup.

The rules are ``khabar.corpus``'s, applied to the same inputs in the same order, so the
answer is the one ``khabar ingest`` of the same files gives (checked on all of
SaudiNewsNet by bench/batch_dedup.py):

1. MinHash signatures were computed in the map (``documents.signature``).
2. Documents are taken once per id (an exact copy is its first arrival: shards in input
   order, records in shard order), earliest first by publication date, then arrival —
   the store's order.
3. LSH: 32 bands x 4 rows. With the Ray engine, rows ``(band, key, document)`` are
   grouped by key in Ray Data (``groupby(part).map_groups``, ``part`` a hash of the key,
   so each bucket lies whole in one group) and each group yields its buckets' pairs;
   locally ``corpus.lsh.candidate_pairs`` does the same in one process.
4. Candidates are filtered on their signatures and confirmed by exact Jaccard
   (``corpus.dedup``), reading only the texts of documents in a candidate pair.
5. Union-find gives each member the earliest member's id; the ``duplicates`` table
   (``id``, ``duplicate_of``) is joined back to ``documents`` by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from khabar.batch.output import Output
from khabar.corpus import lsh
from khabar.corpus.dedup import ESTIMATE_MARGIN, THRESHOLD, confirm, duplicate_of
from khabar.corpus.minhash import EMPTY
from khabar.corpus.shingles import mix

TABLE = "duplicates"
PARTS = 16  # groups the band rows are shuffled into (Ray)
ROWS_PER_BLOCK = 4096  # signatures per Ray Data block


@dataclass(frozen=True)
class DuplicateSummary:
    documents: int  # distinct documents considered
    candidates: int
    marked: int  # documents with a duplicate_of


def documents_in_order(output: Output) -> tuple[list[str], list[str | None], np.ndarray]:
    """Distinct document ids earliest first, their publication dates, and signatures."""
    rank = {sid: k for k, sid in enumerate(output.order())}
    ids: list[str] = []
    published: list[str | None] = []
    arrival: list[tuple[int, int]] = []
    blobs: list[bytes] = []
    for path in output.files("documents"):
        t = pq.read_table(path, columns=["id", "published", "shard", "record", "signature"], filesystem=output.fs)
        shard_rank = [rank.get(s, len(rank)) for s in t["shard"].to_pylist()]
        ids.extend(t["id"].to_pylist())
        published.extend(t["published"].to_pylist())
        arrival.extend(zip(shard_rank, t["record"].to_pylist()))
        blobs.extend(t["signature"].to_pylist())
    first: dict[str, int] = {}
    for i in sorted(range(len(ids)), key=arrival.__getitem__):
        first.setdefault(ids[i], i)
    keep = sorted(first.values(), key=lambda i: (published[i] is None, published[i] or "", arrival[i]))
    if not keep:
        return [], [], np.empty((0, 0), dtype=np.uint32)
    signatures = np.frombuffer(b"".join(blobs[i] for i in keep), dtype="<u4").reshape(len(keep), -1)
    return [ids[i] for i in keep], [published[i] for i in keep], signatures


def find_duplicates(output: Output, engine: str = "local", threshold: float = THRESHOLD) -> DuplicateSummary:
    """Recompute the ``duplicates`` table of ``output``; ``engine`` says where LSH runs."""
    ids, _, signatures = documents_in_order(output)
    if len(ids) < 2:
        _write(output, {})
        return DuplicateSummary(len(ids), 0, 0)
    candidates = ray_candidate_pairs(signatures) if engine == "ray" else lsh.candidate_pairs(signatures)
    if len(candidates):
        agree = (signatures[candidates[:, 0]] == signatures[candidates[:, 1]]).mean(axis=1)
        candidates = candidates[agree >= threshold - ESTIMATE_MARGIN]
    texts = _texts(output, {ids[int(i)] for i in np.unique(candidates)})
    found = confirm(candidates, lambda i: texts[ids[i]], threshold)
    leaders = duplicate_of(len(ids), found.pairs)
    marks = {ids[i]: ids[lead] for i, lead in enumerate(leaders) if lead is not None}
    _write(output, marks)
    return DuplicateSummary(len(ids), found.candidates, len(marks))


def _texts(output: Output, wanted: set[str]) -> dict[str, str]:
    """Texts of the documents in ``wanted``, read file by file (only those are kept)."""
    out: dict[str, str] = {}
    if not wanted:
        return out
    for path in output.files("documents"):
        t = pq.read_table(path, columns=["id", "text"], filesystem=output.fs)
        for doc_id, text in zip(t["id"].to_pylist(), t["text"].to_pylist()):
            if doc_id in wanted and doc_id not in out:
                out[doc_id] = text
    return out


def _write(output: Output, marks: dict[str, str]) -> None:
    table = pa.table(
        {"id": pa.array(list(marks), pa.string()), "duplicate_of": pa.array(list(marks.values()), pa.string())}
    )
    target = output.path(TABLE, "part-0.parquet")
    output.fs.create_dir(output.path(TABLE), recursive=True)
    pq.write_table(table, target + ".partial", filesystem=output.fs)
    output.fs.move(target + ".partial", target)


def read_duplicates(output: Output) -> dict[str, str]:
    """document id -> its original's id, as the last run wrote it."""
    try:
        t = pq.read_table(output.path(TABLE, "part-0.parquet"), filesystem=output.fs)
    except (FileNotFoundError, OSError):
        return {}
    return dict(zip(t["id"].to_pylist(), t["duplicate_of"].to_pylist()))


# --- LSH in Ray -------------------------------------------------------------------------


def band_rows(batch: pa.Table, bands: int, rows: int, parts: int) -> pa.Table:
    """One row per (document, band): the band's key as ``corpus.lsh`` computes it."""
    rank = batch["rank"].to_numpy()
    sig = np.frombuffer(b"".join(batch["signature"].to_pylist()), dtype="<u4").reshape(len(rank), -1)
    live = ~np.all(sig == EMPTY, axis=1)
    rank, sig = rank[live], sig[live]
    keys, band_of = [], []
    with np.errstate(over="ignore"):
        for band in range(bands):
            block = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
            key = np.zeros(len(rank), dtype=np.uint64)
            for col in range(rows):
                key = mix(key ^ block[:, col])
            keys.append(key)
            band_of.append(np.full(len(rank), band, dtype=np.int32))
    key = np.concatenate(keys) if keys else np.empty(0, np.uint64)
    return pa.table(
        {
            "part": (key % np.uint64(parts)).astype(np.int32),
            "band": np.concatenate(band_of) if band_of else np.empty(0, np.int32),
            "key": key,
            "rank": np.tile(rank, bands),
        }
    )


def bucket_pairs(group: pa.Table) -> pa.Table:
    """The pairs of every bucket (same band, same key) in one group, as ``corpus.lsh``."""
    band = group["band"].to_numpy()
    key, rank = group["key"].to_numpy(), group["rank"].to_numpy()
    found = [lsh._pairs_in_buckets(key[band == b], rank[band == b]) for b in np.unique(band)]
    pairs = np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)
    return pa.table({"i": pairs[:, 0].astype(np.int64), "j": pairs[:, 1].astype(np.int64)})


def ray_candidate_pairs(
    signatures: np.ndarray, bands: int = lsh.BANDS, rows: int = lsh.ROWS, parts: int = PARTS
) -> np.ndarray:
    """``corpus.lsh.candidate_pairs``, with the band rows grouped by key in Ray Data."""
    from khabar.batch.ray_engine import import_ray

    ray = import_ray()
    n = len(signatures)
    blocks = [
        pa.table(
            {
                "rank": np.arange(start, min(start + ROWS_PER_BLOCK, n), dtype=np.int64),
                "signature": pa.array(
                    [row.tobytes() for row in signatures[start : start + ROWS_PER_BLOCK].astype("<u4")], pa.binary()
                ),
            }
        )
        for start in range(0, n, ROWS_PER_BLOCK)
    ]
    keyed = ray.data.from_arrow(blocks).map_batches(
        band_rows, fn_kwargs={"bands": bands, "rows": rows, "parts": parts}, batch_format="pyarrow", batch_size=None
    )
    grouped: Any = keyed.groupby("part").map_groups(bucket_pairs, batch_format="pyarrow")
    found = [np.stack((b["i"], b["j"]), axis=1) for b in grouped.iter_batches(batch_format="numpy") if len(b["i"])]
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found)[:, 0] * n + np.concatenate(found)[:, 1])
    return np.stack((codes // n, codes % n), axis=1)
