"""Word n-gram shingles of many texts at once, hashed to 64 bits with numpy.

Shingling one article at a time in Python is most of the cost of near-duplicate
detection, so a batch of texts is joined, turned into one array of code points, and
every word and n-gram hash is computed with whole-array operations: prefix sums of a
polynomial hash give each word's hash in O(1) whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from khabar import arabic

NGRAM = 3  # word 3-grams: one edited word changes 3 shingles, a reordered paragraph few
_Q = np.uint64(0x9E3779B97F4A7C15)  # odd, so invertible modulo 2**64
_Q_INV = np.uint64(pow(int(_Q), -1, 2**64))
# distinct odd multipliers that bind a word's hash to its place in the n-gram
_POSITION = (
    np.uint64(0xBF58476D1CE4E5B9),
    np.uint64(0x94D049BB133111EB),
    np.uint64(0xD6E8FEB86659FD93),
    np.uint64(0xC2B2AE3D27D4EB4F),
    np.uint64(0x165667B19E3779F9),
)


@dataclass(frozen=True, slots=True)
class Shingles:
    """Shingle hashes of a batch: doc ``i`` owns ``hashes[offsets[i]:offsets[i + 1]]``."""

    hashes: np.ndarray  # uint64
    offsets: np.ndarray  # int64, len(texts) + 1

    def of(self, i: int) -> np.ndarray:
        return self.hashes[self.offsets[i] : self.offsets[i + 1]]

    def sizes(self) -> np.ndarray:
        return np.diff(self.offsets)


_DROP = 0  # code point that the normaliser deletes (diacritics, tatweel)


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """For each code point of the Basic Multilingual Plane: its matching form under
    ``arabic.normalize`` (``_DROP`` when deleted) and whether it belongs in a word.

    Derived from ``arabic.normalize`` itself, so this is the same normaliser applied
    with a table lookup instead of ``str.translate`` (which is slow on Arabic text).
    """
    folded = np.arange(0x10000, dtype=np.uint32)
    for c in range(0x10000):
        ch = chr(c)
        n = arabic.normalize(ch)
        if n != ch:
            folded[c] = ord(n) if len(n) == 1 else (_DROP if not n else c)
    word = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    word[_DROP] = False
    return folded, word


_powers_cache: dict[int, np.ndarray] = {}


def _powers(base: np.uint64, n: int) -> np.ndarray:
    """``base ** i`` modulo 2**64 for i < n, grown on demand and kept."""
    have = _powers_cache.get(int(base))
    if have is None or len(have) < n:
        out = np.full(max(n, 1 << 20), base, dtype=np.uint64)
        out[0] = 1
        have = _powers_cache[int(base)] = np.cumprod(out, dtype=np.uint64)  # wraps, as intended
    return have[:n]


def mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the whole word."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


def shingle(texts: list[str], n: int = NGRAM) -> Shingles:
    """Hashes of the word n-grams of each text, in matching form (``arabic.normalize``).

    A text with fewer than ``n`` words is represented by its words; an empty one by
    no shingle at all. Duplicates within a text are kept: MinHash ignores them.
    """
    if not 1 <= n <= len(_POSITION):
        raise ValueError(f"n-gram size must be 1..{len(_POSITION)}, got {n}")
    folded, word_char = _tables()
    raw = np.frombuffer(("\n".join(texts) + "\n").encode("utf-32-le"), dtype=np.uint32)
    outside = raw > 0xFFFF  # astral symbols (emoji): never part of a word
    cps = folded[np.minimum(raw, 0xFFFF)]
    kept = cps != _DROP
    raw_starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        raw_starts[1:] = np.cumsum([len(t) + 1 for t in texts[:-1]])
    # where each text starts once the deleted code points are gone
    text_starts = np.concatenate(([0], np.cumsum(kept)))[raw_starts]
    cps, outside = cps[kept], outside[kept]
    word = word_char[cps]
    word[outside] = False
    edges = np.diff(word.astype(np.int8), prepend=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    with np.errstate(over="ignore"):
        weighted = (cps.astype(np.uint64) + np.uint64(1)) * _powers(_Q, len(cps))
        prefix = np.concatenate(([np.uint64(0)], np.cumsum(weighted, dtype=np.uint64)))
        words = mix((prefix[ends] - prefix[starts]) * _powers(_Q_INV, len(cps))[starts])
    owner = np.searchsorted(text_starts, starts, side="right") - 1
    counts = np.bincount(owner, minlength=len(texts))

    with np.errstate(over="ignore"):
        m = len(words) - n + 1
        if m > 0:
            grams: np.ndarray = words[:m] * _POSITION[0]
            for k in range(1, n):
                grams = grams + words[k : k + m] * _POSITION[k]
            grams = mix(grams)
            keep = owner[:m] == owner[n - 1 :]
            gram_owner = owner[:m][keep]
            grams = grams[keep]
        else:
            grams = np.empty(0, dtype=np.uint64)
            gram_owner = np.empty(0, dtype=np.int64)
    short = counts < n
    if short.any():  # too few words for one n-gram: the words themselves stand in
        pick = short[owner]
        grams = np.concatenate((grams, words[pick]))
        gram_owner = np.concatenate((gram_owner, owner[pick]))
        order = np.argsort(gram_owner, kind="stable")
        grams, gram_owner = grams[order], gram_owner[order]
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(np.bincount(gram_owner, minlength=len(texts)))
    return Shingles(grams, offsets)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two shingle sets given as arrays (duplicates ignored)."""
    a, b = np.unique(a), np.unique(b)
    if len(a) == 0 and len(b) == 0:
        return 0.0  # two empty texts say nothing about each other
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)
