"""Search latency on a full store: p50/p95/max of keyword queries with one filter.

    khabar ingest ../shared/data/saudinewsnet --db bench/out/full.db   # or bench/ingest_speed.py --db ...
    python bench/search_latency.py bench/out/full.db

Each query is one keyword (common and rare words of Saudi news, each in a clitic form,
so the Arabic-aware matching is exercised) with one filter in turn: an outlet, a date
range, or, when the store has entities, an entity. Top 20 hits, as the CLI shows them,
snippets included. The store is opened read-only, as ``khabar search`` does.
"""

from __future__ import annotations

import argparse
import statistics
import time

from khabar.store import SearchFilters, open_store

WORDS = [
    "والسعودية",
    "للنفط",
    "بالرياض",
    "والأمير",
    "الاقتصاد",
    "وزارة",
    "والحوثيين",
    "التعليم",
    "للمملكة",
    "الإرهاب",
    "المستشفى",
    "بجدة",
    "الأمطار",
    "والطلاب",
    "النووي",
    "اليمن",
    "الحج",
    "والمرور",
    "العقار",
    "فلسطين",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with open_store(args.db, readonly=True) as store:
        sources = [r[0] for r in store.db.execute("SELECT name FROM sources ORDER BY id LIMIT 4")]
        entities = [r[0] for r in store.db.execute("SELECT name FROM entities ORDER BY id LIMIT 3")]
        filters = [SearchFilters(source=s) for s in sources]
        filters += [SearchFilters(date_from="2015-08-01", date_to="2015-08-07"), SearchFilters(date_from="2015-07-25")]
        filters += [SearchFilters(entity=e) for e in entities]
        print(
            f"store: {store.counts()['documents']} documents; {len(WORDS)} words x {len(filters)} filters x {args.rounds} rounds"
        )
        store.search(WORDS[0])  # open the file, warm the page cache
        times, hits = [], []
        for _ in range(args.rounds):
            for word in WORDS:
                for f in filters:
                    start = time.perf_counter()
                    found = store.search(word, f, limit=20)
                    times.append((time.perf_counter() - start) * 1000)
                    hits.append(len(found))
        no_filter = []
        for word in WORDS:
            start = time.perf_counter()
            store.search(word, limit=20)
            no_filter.append((time.perf_counter() - start) * 1000)
    times.sort()

    def p(q):
        return times[min(len(times) - 1, int(q * len(times)))]

    print(
        f"queries {len(times)}: p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, max {times[-1]:.1f} ms; "
        f"mean hits {statistics.mean(hits):.1f}"
    )
    print(f"without filter: p50 {statistics.median(no_filter):.1f} ms, max {max(no_filter):.1f} ms")


if __name__ == "__main__":
    main()
