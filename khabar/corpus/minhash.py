"""MinHash signatures by one-permutation hashing, a whole batch per numpy call.

Classic MinHash applies ``num_perm`` hash functions to every shingle, which even in
numpy costs more than the shingling. One-permutation hashing (Li, Owen & Zhang 2012)
hashes each shingle once: the top bits pick one of ``num_perm`` bins, the next 32 bits
are its value, and each bin keeps its minimum. Bins left empty (short texts) are filled
by rotation densification (Shrivastava & Li 2014): an empty bin borrows the value of
the next non-empty bin to its right, shifted by the distance, so two texts still agree
on a bin with probability close to their Jaccard similarity.

A signature is ``num_perm`` uint32 values (512 bytes for 128), stored as a BLOB. It
depends on nothing but the shingle hashes, so signatures from different runs compare.
"""

from __future__ import annotations

import numpy as np

from khabar.corpus.shingles import Shingles

NUM_PERM = 128
EMPTY = np.uint32(0xFFFFFFFF)  # every slot of a text with no shingle
_ROTATION = np.uint32(0x9E3779B1)  # odd: the offset added per bin borrowed across


class MinHasher:
    def __init__(self, num_perm: int = NUM_PERM):
        if num_perm < 2 or num_perm & (num_perm - 1) or num_perm > 1 << 16:
            raise ValueError(f"num_perm must be a power of two from 2 to 65536, got {num_perm}")
        self.num_perm = num_perm
        self._bin_shift = np.uint64(64 - (num_perm.bit_length() - 1))

    def signatures(self, shingles: Shingles) -> np.ndarray:
        """An (n_texts, num_perm) uint32 array; a text without shingles is all ``EMPTY``."""
        k = self.num_perm
        sizes = shingles.sizes()
        n = len(sizes)
        owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
        h = shingles.hashes
        bins = (h >> self._bin_shift).astype(np.int64)
        values = (h >> np.uint64(25)).astype(np.uint32)  # the 32 bits below the bin bits
        values[values == EMPTY] -= np.uint32(1)  # keep EMPTY for "no value"
        out = np.full(n * k, EMPTY, dtype=np.uint32)
        np.minimum.at(out, owner * k + bins, values)
        return self._densify(out.reshape(n, k))

    def _densify(self, sig: np.ndarray) -> np.ndarray:
        empty = sig == EMPTY
        if not empty.any():
            return sig
        n, k = sig.shape
        doubled = np.concatenate((sig, sig), axis=1)
        position = np.where(np.concatenate((~empty, ~empty), axis=1), np.arange(2 * k), 2 * k)
        # for every bin, the first non-empty bin at or after it (wrapping around)
        following = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1][:, :k]
        hollow = following >= 2 * k  # a text with no shingle at all stays EMPTY
        source = np.minimum(following, 2 * k - 1)
        distance = (source - np.arange(k)).astype(np.uint32)
        with np.errstate(over="ignore"):
            filled = np.take_along_axis(doubled, source, axis=1) + distance * _ROTATION
        filled[filled == EMPTY] -= np.uint32(1)
        out = np.where(empty, filled, sig)
        out[hollow] = EMPTY
        return out

    def to_blob(self, signature: np.ndarray) -> bytes:
        return np.asarray(signature, dtype="<u4").tobytes()

    def from_blob(self, blob: bytes) -> np.ndarray:
        sig = np.frombuffer(blob, dtype="<u4")
        if len(sig) != self.num_perm:
            raise ValueError(f"stored signature has {len(sig)} slots; this MinHasher uses {self.num_perm}")
        return sig


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The share of slots where two signatures agree."""
    return float(np.mean(a == b))
