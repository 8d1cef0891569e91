"""Near-duplicate detection on SaudiNewsNet: precision, recall and speed, side by side
with datasketch and rensa when they are installed (``pip install -e '.[bench]'``).

    python bench/dedup.py ../shared/data/saudinewsnet

The reference is exact: every pair of articles whose word-3-gram shingle sets have a
Jaccard similarity of at least 0.8, found with a prefix-filtered set-similarity join
(two sets with J >= t must share one of the first |A| - ceil(t|A|) + 1 shingles of
each in a global rarest-first order), so no pair is missed and no all-pairs pass over
481 M pairs is needed. A brute-force pass over a random sample checks the join.
Articles with identical text are collapsed first: those are exact duplicates, found by
hash before this step. Only ids and counts are printed, never text.

Speed is the dedup step alone (shingling, signatures, LSH, confirmation) on texts in
memory, one process, on a machine shared with other jobs: rerun to see the noise.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import re
import time
from collections import defaultdict

import numpy as np

from khabar import arabic
from khabar.corpus.dedup import THRESHOLD, find_near_duplicates, shingle_sets, signatures_of
from khabar.sources import Record, read_paths


def load(paths) -> tuple[list[str], list[str]]:
    texts, ids, seen = [], [], set()
    for r in read_paths(paths):
        if not isinstance(r, Record) or not r.body.strip():
            continue
        h = hashlib.sha256(r.body.encode()).hexdigest()
        if h in seen:
            continue
        seen.add(h)
        texts.append(r.body)
        ids.append(r.origin.rsplit("/", 1)[-1])
    return texts, ids


def reference_pairs(sets: list[np.ndarray], t: float = THRESHOLD) -> set[tuple[int, int]]:
    freq: dict[int, int] = defaultdict(int)
    for s in sets:
        for h in s.tolist():
            freq[h] += 1
    postings: dict[int, list[int]] = defaultdict(list)
    candidates: set[tuple[int, int]] = set()
    for i, s in enumerate(sets):
        if not len(s):
            continue
        ordered = sorted(s.tolist(), key=lambda h: (freq[h], h))
        prefix = ordered[: len(ordered) - math.ceil(t * len(ordered)) + 1]
        for h in prefix:
            for j in postings[h]:
                candidates.add((j, i))
            postings[h].append(i)
    out = set()
    for i, j in candidates:
        a, b = sets[i], sets[j]
        inter = len(np.intersect1d(a, b, assume_unique=True))
        if inter / (len(a) + len(b) - inter) >= t:
            out.add((i, j))
    return out


def brute_force_check(sets, reference, sample: int, rng) -> int:
    picked = sorted(rng.sample(range(len(sets)), sample))
    missed = 0
    for x, i in enumerate(picked):
        for j in picked[x + 1 :]:
            a, b = sets[i], sets[j]
            if not len(a) or not len(b):
                continue
            inter = len(np.intersect1d(a, b, assume_unique=True))
            if inter / (len(a) + len(b) - inter) >= THRESHOLD and (i, j) not in reference:
                missed += 1
    return missed


def score(found: set[tuple[int, int]], reference: set[tuple[int, int]]) -> tuple[float, float]:
    tp = len(found & reference)
    return tp / max(len(found), 1), tp / max(len(reference), 1)


_WORD = re.compile(r"\w+")


def python_shingles(text: str) -> list[str]:
    words = _WORD.findall(arabic.normalize(text))
    if len(words) < 3:
        return words
    return [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]


def run_datasketch(texts):
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
    hashes = []
    for i, text in enumerate(texts):
        m = MinHash(num_perm=128)
        m.update_batch([s.encode() for s in python_shingles(text)])
        hashes.append(m)
        lsh.insert(i, m)
    found = set()
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j != i:
                found.add((min(i, j), max(i, j)))
    return found, time.perf_counter() - start, f"MinHashLSH(threshold=0.8, num_perm=128) bands={lsh.b} rows={lsh.r}"


def run_rensa(texts):
    from rensa import RMinHash, RMinHashLSH

    start = time.perf_counter()
    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=128, num_bands=16)
    hashes = []
    for i, text in enumerate(texts):
        m = RMinHash(num_perm=128, seed=42)
        m.update(python_shingles(text))
        hashes.append(m)
        lsh.insert(i, m)
    found = set()
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j != i and m.jaccard(hashes[j]) >= THRESHOLD:
                found.add((min(i, j), max(i, j)))
    return (
        found,
        time.perf_counter() - start,
        "RMinHashLSH(threshold=0.8, num_perm=128, num_bands=16), pairs kept when estimated J >= 0.8",
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--check-sample", type=int, default=1500, help="articles in the brute-force check of the reference")
    ap.add_argument(
        "--show-borderline", type=int, default=0, help="print ids of N reference pairs with J just above 0.8"
    )
    args = ap.parse_args()
    texts, ids = load(args.paths)
    if args.limit:
        texts, ids = texts[: args.limit], ids[: args.limit]
    print(f"articles with distinct non-empty text: {len(texts)}")

    start = time.perf_counter()
    sets = shingle_sets(texts)
    reference = reference_pairs(sets)
    print(
        f"reference: {len(reference)} pairs with exact J >= {THRESHOLD} "
        f"({len({i for p in reference for i in p})} articles in them), built in {time.perf_counter() - start:.1f} s"
    )
    missed = brute_force_check(sets, reference, min(args.check_sample, len(texts)), random.Random(5))
    print(
        f"brute-force check on {min(args.check_sample, len(texts))} random articles: {missed} pairs missing from the reference"
    )

    rows = []
    start = time.perf_counter()
    sig = signatures_of(texts)
    mid = time.perf_counter()
    found = find_near_duplicates(sig, lambda i: texts[i])
    seconds = time.perf_counter() - start
    ours = {tuple(p) for p in found.pairs.tolist()}
    rows.append(
        (
            "khabar (OPH MinHash 128, LSH 32x4, exact confirm)",
            ours,
            seconds,
            f"signatures {len(texts) / (mid - start):.0f} art/s; {found.candidates} candidates confirmed",
        )
    )
    for name, runner in (("datasketch", run_datasketch), ("rensa", run_rensa)):
        try:
            pairs, secs, how = runner(texts)
        except ImportError:
            print(f"{name}: not installed, skipped")
            continue
        rows.append((name, pairs, secs, how))
    print()
    print(f"{'method':<52} {'pairs':>7} {'precision':>9} {'recall':>7} {'art/s':>7}")
    for name, pairs, secs, how in rows:
        p, r = score(pairs, reference)
        print(f"{name:<52} {len(pairs):>7} {p:9.4f} {r:7.4f} {len(texts) / secs:7.0f}   {how}")
    missed_pairs = sorted(reference - ours)
    print(f"\nkhabar missed {len(missed_pairs)} reference pairs; false pairs {len(ours - reference)}")
    if args.show_borderline:
        sims = []
        for i, j in reference:
            a, b = sets[i], sets[j]
            inter = len(np.intersect1d(a, b, assume_unique=True))
            sims.append((inter / (len(a) + len(b) - inter), ids[i], ids[j]))
        for s, a, b in sorted(sims)[: args.show_borderline]:
            print(f"  J={s:.3f}  {a}  {b}")


if __name__ == "__main__":
    main()
