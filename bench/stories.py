"""Stories on a full store: embedding speed, grouping, and a proxy check of the links.

    python bench/stories.py bench/out/full.db          # embeds what is missing (slow: ~25 titles/s/core)

There is no gold for stories, so two proxies, both printed as counts only:
- near-copy pairs (``duplicate_of``) are the same event by construction; the share of
  them whose *titles* alone reach the linking threshold is a recall proxy for the title
  similarity (the grouping itself links them anyway);
- random pairs of articles published within the window: the share above the threshold is
  a false-link rate proxy (most random pairs are different events).
Then the size distribution and the largest stories' sizes, outlets and spans (chaining
shows up as one giant story).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

import numpy as np

from khabar.corpus.stories import THRESHOLD, WINDOW_DAYS, update_stories
from khabar.store import open_store


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--pairs", type=int, default=20000)
    args = ap.parse_args()
    with open_store(args.db) as store:
        before = len(store.embeddings())
        start = time.perf_counter()
        grouped = update_stories(store)
        seconds = time.perf_counter() - start
        rows = store.story_inputs()
        vectors = store.embeddings()
        print(
            f"documents {len(rows)}; embedded now {len(vectors) - before} in {seconds:.0f} s "
            f"({(len(vectors) - before) / max(seconds, 1e-9):.1f} titles/s incl. grouping)"
        )
        print(f"stories with >1 article: {grouped}")
        dup_pairs = [(n, dup) for n, _, _, _, dup, _ in rows if dup is not None]
        sims = np.array([float(vectors[a] @ vectors[b]) for a, b in dup_pairs])
        print(
            f"near-copy pairs {len(sims)}: title cosine >= {THRESHOLD}: {np.mean(sims >= THRESHOLD):.3f}; "
            f"median {np.median(sims):.3f}"
        )
        rng = random.Random(3)
        dated = [r for r in rows if r[1]]
        rand = []
        while len(rand) < args.pairs:
            a, b = rng.sample(dated, 2)
            if abs(np.datetime64(a[1]) - np.datetime64(b[1])) <= np.timedelta64(WINDOW_DAYS, "D"):
                rand.append(float(vectors[a[0]] @ vectors[b[0]]))
        rand = np.array(rand)
        print(
            f"random pairs within {WINDOW_DAYS} days {len(rand)}: cosine >= {THRESHOLD}: {np.mean(rand >= THRESHOLD):.5f}; "
            f"99.9th percentile {np.percentile(rand, 99.9):.3f}"
        )
        sizes = Counter()
        for s in store.db.execute("SELECT size FROM stories"):
            sizes[min(s[0], 10)] += 1
        print("story sizes (10 = 10+):", dict(sorted(sizes.items())))
        for s in store.largest_stories(5):
            print(f"  size {s.size}, {len(s.outlets)} outlets, {s.first_published} … {s.last_published}, story #{s.id}")


if __name__ == "__main__":
    main()
