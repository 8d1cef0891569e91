"""Four ingests at once into one PostgreSQL store, over overlapping inputs.

    python bench/pg_ingest.py ../shared/data/saudinewsnet --server URL --limit 2000   # makes the reference
    python bench/pg_concurrent.py ../shared/data/saudinewsnet --server URL --limit 400 \
        --reference bench/out/first2000.db

``--limit`` SaudiNewsNet articles — every article of the reference's first 2,000 that
has an exact copy there (same text at another outlet), the copies, then the first others
— are dealt to four ``khabar ingest``
processes (1 worker each), each getting three quarters of them in its own shuffled
order, started together on a fresh database. Then: every input record is stored once
and maps to the same document as in the reference store (a single ingest of the same
articles: ``bench/pg_ingest.py`` makes one), every exact copy is recorded, and every
stored document is whole (its text, index row and index tables agree with the Document
it keeps; totals agree with the rows). Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from pg_ingest import _first_articles

from khabar.batch.analyse import input_key
from khabar.sources import Record, read_paths
from khabar.store import open_store

PROCESSES = 4


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data")
    ap.add_argument("--server", required=True)
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--reference", required=True, help="a store made by one ingest of (at least) these articles")
    ap.add_argument("--database", default="khabar_concurrent")
    args = ap.parse_args()
    ref = sqlite3.connect(f"file:{args.reference}?mode=ro", uri=True)
    with tempfile.TemporaryDirectory() as tmp:
        lines = _with_copies(_first_articles(args.data, 2000, Path(tmp)), ref, args.limit)
        first = str(Path(tmp) / "chosen.jsonl")
        Path(first).write_text("\n".join(lines) + "\n", encoding="utf-8")
        for p in range(PROCESSES):
            picked = [i for i in range(len(lines)) if i % PROCESSES != p]
            random.Random(p).shuffle(picked)
            (Path(tmp) / f"p{p}").mkdir()
            (Path(tmp) / f"p{p}" / "in.jsonl").write_text("\n".join(lines[i] for i in picked) + "\n", encoding="utf-8")
        with psycopg.connect(args.server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {args.database} ENCODING 'UTF8' TEMPLATE template0 LOCALE 'C.UTF-8'")
        url = args.server.rsplit("/", 1)[0] + "/" + args.database
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "khabar", "ingest", str(Path(tmp) / f"p{p}"), "--db", url]
                + ["--workers", "1", "--batch", "32", "--no-count"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for p in range(PROCESSES)
        ]
        errors = [proc.communicate()[1] for proc in procs]
        wall = time.perf_counter() - start
        if any(proc.returncode for proc in procs):
            print("\n".join(errors))
            return 1
        keys = [input_key(r) for r in read_paths([first]) if isinstance(r, Record)]
    print(f"{PROCESSES} ingests of {len(lines) * 3 // 4} articles each ({len(lines)} in all) at once: {wall:.0f} s")
    expected = dict(
        ref.execute(
            f"SELECT i.key, d.id FROM inputs i JOIN documents d ON d.n = i.doc WHERE i.key IN ({','.join('?' * len(keys))})",
            keys,
        ).fetchall()
    )
    ok = True
    with open_store(url, readonly=True) as store, store.pool.connection() as conn:
        got = dict(conn.execute("SELECT i.key, d.id FROM inputs i JOIN documents d ON d.n = i.doc").fetchall())
        counts = store.counts()
        same = got == expected
        ok &= same
        print(
            f"inputs: {len(got)} stored, {len(expected)} expected, same documents for each: {same}; "
            f"documents {counts['documents']} (reference {len(set(expected.values()))}); "
            f"exact copies recorded {counts['inputs'] - counts['documents']}"
        )
        problems = integrity(store)
        ok &= not problems
        print(f"integrity: {'pass' if not problems else problems}")
        print(f"entities {counts['entities']}, quotes {counts['quotes']}, near-duplicates {counts['near_duplicates']}")
    return 0 if ok else 1


def _with_copies(path: str, ref: sqlite3.Connection, limit: int) -> list[str]:
    """``limit`` lines of ``path``: those whose text the reference stored more than once first."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    keys = [input_key(r) for r in read_paths([path]) if isinstance(r, Record)]
    doc_of = dict(ref.execute("SELECT key, doc FROM inputs").fetchall())
    inputs_per_doc = dict(ref.execute("SELECT doc, COUNT(*) FROM inputs GROUP BY doc").fetchall())
    copied = [i for i, k in enumerate(keys) if inputs_per_doc.get(doc_of.get(k), 0) > 1]
    rest = [i for i in range(len(lines)) if i not in set(copied)]
    return [lines[i] for i in sorted((copied + rest)[:limit])]


def integrity(store) -> list[str]:
    problems = []
    with store.pool.connection() as conn:
        orphans = conn.execute(
            "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM contents c WHERE c.n = d.n)"
            " OR NOT EXISTS (SELECT 1 FROM search s WHERE s.n = d.n)"
            " OR NOT EXISTS (SELECT 1 FROM inputs i WHERE i.doc = d.n)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} documents without their text, index row or input")
        totals = conn.execute("SELECT docs, tokens FROM search_totals").fetchone()
        rows = conn.execute("SELECT COUNT(*), COALESCE(SUM(tokens), 0) FROM search").fetchone()
        if tuple(totals) != tuple(rows):
            problems.append(f"search totals {totals} != rows {rows}")
        shapes = conn.execute(
            "SELECT d.id, (SELECT COUNT(*) FROM mentions m WHERE m.doc = d.n),"
            " (SELECT COUNT(*) FROM quotes q WHERE q.doc = d.n), (SELECT COUNT(*) FROM times t WHERE t.doc = d.n)"
            " FROM documents d"
        ).fetchall()
    for doc_id, mentions, quotes, times in shapes:
        doc = store.get(doc_id)
        if (mentions, quotes, times) != (sum(len(e.mentions) for e in doc.entities), len(doc.quotes), len(doc.times)):
            problems.append(f"document {doc_id[:12]}: index rows disagree with the stored document")
    return problems


if __name__ == "__main__":
    sys.exit(main())
