"""Search latency with entity and speaker filters while an ingest writes, SQLite and
PostgreSQL side by side.

    khabar db copy --from bench/out/full.db --to postgresql://…/khabar_full
    python bench/pg_search_latency.py bench/out/full.db postgresql://…/khabar_full

For each backend a ``khabar ingest`` (1 worker) feeds the store synthetic articles
(``tests/corpus_fixtures``, written for this project) for the whole measurement, and
the queries run meanwhile: 20 keywords in clitic forms x 7 filters (the 3 entities
and the 3 speakers found most often, and one entity with one speaker), top 20 hits with
snippets, the two backends' queries interleaved so that both see the same machine.
Prints p50/p95/max per backend and how many articles the writers stored meanwhile.
Both stores gain the synthetic articles: run bench/pg_parity.py before this.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus_fixtures import write_corpus  # noqa: E402
from pg_parity import WORDS  # noqa: E402

from khabar.store import SearchFilters, open_store  # noqa: E402


def filters_of(sqlite_store) -> list[SearchFilters]:
    db = sqlite_store.db
    entities = [
        r[0]
        for r in db.execute(
            "SELECT e.name FROM entities e JOIN mentions m ON m.entity = e.id GROUP BY e.id"
            " ORDER BY COUNT(DISTINCT m.doc) DESC, e.id LIMIT 3"
        )
    ]
    speakers = [
        r[0]
        for r in db.execute(
            "SELECT e.name FROM quotes q JOIN entities e ON e.id = q.speaker GROUP BY e.id"
            " ORDER BY COUNT(*) DESC, e.id LIMIT 3"
        )
    ]
    out = [SearchFilters(entity=e) for e in entities] + [SearchFilters(speaker=s) for s in speakers]
    return out + [SearchFilters(entity=entities[0], speaker=speakers[0])]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sqlite")
    ap.add_argument("postgres")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--articles", type=int, default=20_000, help="synthetic articles each writer may store")
    args = ap.parse_args()
    stores = {"sqlite": open_store(args.sqlite, readonly=True), "postgres": open_store(args.postgres, readonly=True)}
    filters = filters_of(stores["sqlite"])
    before = {name: s.counts()["documents"] for name, s in stores.items()}
    print(f"stores: {before}; {len(WORDS)} words x {len(filters)} filters x {args.rounds} rounds")
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp) / "in", args.articles, seed=2026, files=4)
        writers = {
            name: subprocess.Popen(
                [sys.executable, "-m", "khabar", "ingest", str(Path(tmp) / "in"), "--db", location]
                + ["--workers", "1", "--batch", "64", "--no-count"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for name, location in (("sqlite", args.sqlite), ("postgres", args.postgres))
        }
        try:
            time.sleep(20)  # the writers' start: models loaded, first batches committed
            for s in stores.values():
                s.search(WORDS[0])  # warm caches
            times: dict[str, list[float]] = {name: [] for name in stores}
            for _ in range(args.rounds):
                for word in WORDS:
                    for f in filters:
                        for name, s in stores.items():
                            start = time.perf_counter()
                            s.search(word, f, limit=20)
                            times[name].append((time.perf_counter() - start) * 1000)
            during = {name: s.counts()["documents"] - before[name] for name, s in stores.items()}
            alive = {name: w.poll() is None for name, w in writers.items()}
        finally:
            for w in writers.values():
                w.terminate()
                w.wait()
    for name, t in times.items():
        t.sort()
        p50, p95 = t[len(t) // 2], t[min(len(t) - 1, int(0.95 * len(t)))]
        print(
            f"{name:9} {len(t)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {t[-1]:.1f} ms;"
            f" writer stored {during[name]} articles meanwhile{'' if alive[name] else ' (and had finished)'}"
        )
    for s in stores.values():
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
