"""Same search results from SQLite and PostgreSQL: 51 queries on two stores of the same articles.

    khabar ingest ../shared/data/saudinewsnet --db bench/out/full.db --workers 2
    khabar ingest ../shared/data/saudinewsnet --db postgresql://…/khabar --workers 2
    python bench/pg_parity.py bench/out/full.db postgresql://…/khabar

The 51 queries: 20 single words in clitic forms, 10 pairs of words, 10 quoted phrases,
and 11 with filters (the 3 entities and 3 speakers most often found, 2 outlets, a date
range, newest first, and an entity with a speaker). Each is compared on its first ``--limit`` hits: ids in order
(ties in score included) and scores. Exit status 1 when any query differs.
"""

from __future__ import annotations

import argparse
import sys
import time

from search_latency import WORDS  # the latency bench's 20 words: one query set for both

from khabar.store import SearchFilters, open_store

PAIRS = [
    "أسعار النفط",
    "وزير الخارجية",
    "الأمن العام",
    "مجلس الوزراء",
    "كأس العالم",
    "الهلال الأحمر",
    "التحالف العربي",
    "سوق الأسهم",
    "المسجد الحرام",
    "الدفاع المدني",
]
PHRASES = [
    '"خادم الحرمين الشريفين"',
    '"ولي العهد"',
    '"وزارة الداخلية"',
    '"الأمم المتحدة"',
    '"مجلس التعاون"',
    '"المملكة العربية السعودية"',
    '"وكالة الأنباء السعودية"',
    '"الملك سلمان"',
    '"البنك المركزي"',
    '"الرئيس الأمريكي"',
]


def filtered_queries(sqlite_store) -> list[tuple[str, SearchFilters, str]]:
    """Entities, speakers and outlets the store holds most of (read from the SQLite store)."""
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
    sources = [r[0] for r in db.execute("SELECT name FROM sources ORDER BY id LIMIT 2")]
    out = [("السعودية", SearchFilters(entity=e), "relevance") for e in entities]
    out += [("قال", SearchFilters(speaker=s), "relevance") for s in speakers]
    out += [("الرياض", SearchFilters(source=s), "relevance") for s in sources]
    out.append(("المملكة", SearchFilters(date_from="2015-08-01", date_to="2015-08-07"), "relevance"))
    out.append(("النفط", SearchFilters(), "date"))
    out.append(("وزير", SearchFilters(entity=entities[0], speaker=speakers[0]), "relevance"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sqlite")
    ap.add_argument("postgres")
    ap.add_argument("--limit", type=int, default=100)
    args = ap.parse_args()
    with open_store(args.sqlite, readonly=True) as lite, open_store(args.postgres, readonly=True) as pg:
        queries = [(q, SearchFilters(), "relevance") for q in WORDS + PAIRS + PHRASES]
        queries += filtered_queries(lite)
        print(f"stores: SQLite {lite.counts()['documents']} documents, PostgreSQL {pg.counts()['documents']}")
        same = 0
        hits_total = ties = 0
        worst = 0.0
        took = {"sqlite": 0.0, "postgres": 0.0}
        for query, filters, order in queries:
            start = time.perf_counter()
            a = lite.search(query, filters, limit=args.limit, order=order)  # type: ignore[arg-type]
            took["sqlite"] += time.perf_counter() - start
            start = time.perf_counter()
            b = pg.search(query, filters, limit=args.limit, order=order)  # type: ignore[arg-type]
            took["postgres"] += time.perf_counter() - start
            ids_a, ids_b = [h.id for h in a], [h.id for h in b]
            scores = [abs(x.score - y.score) for x, y in zip(a, b)]
            worst = max([worst, *scores])
            hits_total += len(a)
            ties += sum(1 for x, y in zip(a, a[1:]) if x.score == y.score)
            snippets = all(x.snippet == y.snippet for x, y in zip(a, b))
            ok = ids_a == ids_b and snippets
            same += ok
            label = f"{query} {_describe(filters)}{' (newest first)' if order == 'date' else ''}"
            if not ok:
                first = next((k for k, (x, y) in enumerate(zip(ids_a, ids_b)) if x != y), min(len(a), len(b)))
                print(f"DIFFERS  {label}: {len(a)} vs {len(b)} hits, first difference at rank {first + 1}")
            else:
                print(f"same     {label}: {len(a)} hits")
        print(
            f"\n{same}/{len(queries)} queries give the same ids in the same order (top {args.limit}, snippets too); "
            f"{hits_total} hits compared, {ties} ties in score among them; largest score difference {worst:.3g}"
        )
        print(
            f"time for the {len(queries)} queries: SQLite {took['sqlite'] * 1000:.0f} ms, "
            f"PostgreSQL {took['postgres'] * 1000:.0f} ms"
        )
        return 0 if same == len(queries) else 1


def _describe(f: SearchFilters) -> str:
    parts = [f"{k}={v}" for k, v in vars(f).items() if v] if hasattr(f, "__dict__") else []
    if not parts:
        parts = [f"{k}={getattr(f, k)}" for k in f.__slots__ if getattr(f, k)]  # type: ignore[attr-defined]
    return "[" + ", ".join(parts) + "]" if parts else ""


if __name__ == "__main__":
    sys.exit(main())
