"""Locality-sensitive hashing over MinHash signatures: candidate pairs by banding.

With ``bands`` bands of ``rows`` slots each, two texts of Jaccard similarity ``s``
become candidates with probability ``1 - (1 - s**rows) ** bands``. The default 32 x 4
gives 0.99999995 at s = 0.8 (recall), 0.05 at s = 0.2 and 0.003 at s = 0.1; every candidate is
checked afterwards, so the loose side costs time, not precision.
"""

from __future__ import annotations

import numpy as np

from khabar.corpus.minhash import EMPTY
from khabar.corpus.shingles import mix

BANDS = 32
ROWS = 4
MAX_BUCKET = 2000  # a bucket this big is boilerplate shared by everything, not a story


def candidate_probability(s: float, bands: int = BANDS, rows: int = ROWS) -> float:
    return 1.0 - (1.0 - s**rows) ** bands


def candidate_pairs(signatures: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    """Unique pairs ``(i, j)``, ``i < j``, of rows that share at least one band.

    Texts without shingles (all slots ``EMPTY``) are never candidates.
    """
    n, width = signatures.shape
    if bands * rows > width:
        raise ValueError(f"{bands} bands x {rows} rows needs {bands * rows} slots; signatures have {width}")
    live = np.flatnonzero(~np.all(signatures == EMPTY, axis=1))
    found: list[np.ndarray] = []
    with np.errstate(over="ignore"):
        for band in range(bands):
            block = signatures[live, band * rows : (band + 1) * rows].astype(np.uint64)
            key = np.zeros(len(live), dtype=np.uint64)
            for col in range(rows):
                key = mix(key ^ block[:, col])
            found.append(_pairs_in_buckets(key, live))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    if not len(pairs):
        return pairs.reshape(0, 2)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack((codes // n, codes % n), axis=1)


def _pairs_in_buckets(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    bounds = np.flatnonzero(np.diff(sorted_keys)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(keys)]))
    sizes = ends - starts
    out = []
    for s, e in zip(starts[(sizes > 1) & (sizes <= MAX_BUCKET)], ends[(sizes > 1) & (sizes <= MAX_BUCKET)]):
        members = np.sort(ids[order[s:e]])
        i, j = np.triu_indices(len(members), k=1)
        out.append(np.stack((members[i], members[j]), axis=1))
    return np.concatenate(out) if out else np.empty((0, 2), dtype=np.int64)
