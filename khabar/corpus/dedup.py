"""Near-duplicates: MinHash LSH candidates, confirmed by exact Jaccard, then clusters.

A candidate pair is kept only when the exact Jaccard similarity of its shingle sets
reaches the threshold, so precision does not depend on the luck of the hash functions;
recall is the LSH curve's (see ``lsh``). Each cluster's earliest article is its
original and every other member gets ``duplicate_of`` pointing at it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from khabar.corpus import lsh
from khabar.corpus.disjoint import DisjointSets
from khabar.corpus.minhash import MinHasher
from khabar.corpus.shingles import Shingles, shingle

if TYPE_CHECKING:
    from khabar.store.base import Store

THRESHOLD = 0.8
BATCH = 256  # texts shingled per numpy call: big enough to amortise, small enough for cache


@dataclass(frozen=True)
class DuplicatePairs:
    """Confirmed pairs ``(i, j)`` with their exact Jaccard similarity."""

    pairs: np.ndarray  # (m, 2) int64, i < j
    similarity: np.ndarray  # (m,) float64
    candidates: int  # how many LSH candidates were checked


def signatures_of(texts: Sequence[str], hasher: MinHasher | None = None, batch: int = BATCH) -> np.ndarray:
    hasher = hasher or MinHasher()
    out = np.empty((len(texts), hasher.num_perm), dtype=np.uint32)
    for start in range(0, len(texts), batch):
        chunk = list(texts[start : start + batch])
        out[start : start + len(chunk)] = hasher.signatures(shingle(chunk))
    return out


def confirm(candidates: np.ndarray, text_of: Callable[[int], str], threshold: float = THRESHOLD) -> DuplicatePairs:
    """Keep the candidate pairs whose exact shingle Jaccard reaches ``threshold``.

    ``text_of(i)`` gives text ``i``; only the texts that appear in a candidate are
    shingled again, so this costs little when duplicates are a minority.
    """
    if not len(candidates):
        return DuplicatePairs(np.empty((0, 2), dtype=np.int64), np.empty(0), 0)
    involved = np.unique(candidates)
    sets: dict[int, np.ndarray] = {}
    for start in range(0, len(involved), BATCH):
        ids = involved[start : start + BATCH]
        sh = shingle([text_of(int(i)) for i in ids])
        for k, i in enumerate(ids):
            sets[int(i)] = np.unique(sh.of(k))
    sims = np.empty(len(candidates))
    for k, (i, j) in enumerate(candidates):
        a, b = sets[int(i)], sets[int(j)]
        small, big = (len(a), len(b)) if len(a) <= len(b) else (len(b), len(a))
        if big == 0 or small < threshold * big:  # sizes alone rule it out
            sims[k] = 0.0
            continue
        inter = len(np.intersect1d(a, b, assume_unique=True))
        sims[k] = inter / (len(a) + len(b) - inter)
    keep = sims >= threshold
    return DuplicatePairs(candidates[keep], sims[keep], len(candidates))


# Candidates whose signatures agree on less than this below the threshold are dropped
# unchecked: with 128 slots the estimate's standard deviation is at most 0.045, so
# 0.25 is more than five of them.
ESTIMATE_MARGIN = 0.25


def find_near_duplicates(
    signatures: np.ndarray,
    text_of: Callable[[int], str],
    threshold: float = THRESHOLD,
    bands: int = lsh.BANDS,
    rows: int = lsh.ROWS,
) -> DuplicatePairs:
    candidates = lsh.candidate_pairs(signatures, bands, rows)
    if len(candidates):
        agree = (signatures[candidates[:, 0]] == signatures[candidates[:, 1]]).mean(axis=1)
        candidates = candidates[agree >= threshold - ESTIMATE_MARGIN]
    return confirm(candidates, text_of, threshold)


def duplicate_of(n: int, pairs: np.ndarray) -> list[int | None]:
    """For each of ``n`` items, the index of its cluster's first item (None for that
    first item and for items in no pair). Items are assumed in preferred order:
    earliest first."""
    groups = DisjointSets(n)
    for i, j in pairs:
        groups.union(int(i), int(j))
    out: list[int | None] = []
    for i in range(n):
        root = groups.find(i)
        out.append(None if root == i else root)
    return out


def shingle_sets(texts: Sequence[str]) -> list[np.ndarray]:
    """Unique sorted shingle hashes per text (for references and tests)."""
    sets: list[np.ndarray] = []
    for start in range(0, len(texts), BATCH):
        sh: Shingles = shingle(list(texts[start : start + BATCH]))
        sets.extend(np.unique(sh.of(k)) for k in range(len(sh.offsets) - 1))
    return sets


def mark_near_duplicates(store: Store, threshold: float = THRESHOLD) -> int:
    """Recompute ``duplicate_of`` for the whole store; returns how many documents have one.

    From the stored signatures, so it costs seconds for tens of thousands of articles
    and gives the same answer however the store was filled (in one run or resumed).
    """
    ids: list[str] = []
    blobs: list[bytes] = []
    for doc_id, blob in store.signatures():
        ids.append(doc_id)
        blobs.append(blob)
    if len(ids) < 2:
        store.set_duplicates({})
        return 0
    signatures = np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(blobs), -1)
    found = find_near_duplicates(signatures, lambda i: store.text(ids[i]), threshold)
    leaders = duplicate_of(len(ids), found.pairs)
    marks = {ids[i]: ids[lead] for i, lead in enumerate(leaders) if lead is not None}
    store.set_duplicates(marks)
    return len(marks)
