"""Ingest into SQLite and PostgreSQL side by side: the same articles, 2 workers each,
both runs at the same time (so both see the same machine load), then the two stores
compared export by export.

    python tools/pg_server.py start /tmp/pgbench --durable     # or any server you own
    python bench/pg_ingest.py ../shared/data/saudinewsnet --server postgresql://khabar@127.0.0.1:PORT/postgres
    python bench/pg_ingest.py ../shared/data/saudinewsnet --server … --limit 2000   # the first 2,000 articles

Makes ``bench/out/full.db`` and a database ``khabar_bench`` on the server (both replaced).
Prints each run's wall time and articles/s, the PostgreSQL/SQLite rate ratio, and whether
every export (documents, entities, quotes, times) is the same from both stores.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import psycopg

from khabar.store import EXPORTS, open_store

DATABASE = "khabar_bench"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="+")
    ap.add_argument("--server", required=True, help="URL of a PostgreSQL server (its database is not touched)")
    ap.add_argument("--sqlite", default="bench/out/full.db")
    ap.add_argument("--database", default=DATABASE)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, help="only the first N articles of the SaudiNewsNet zips in DATA")
    args = ap.parse_args()
    if args.limit:
        with tempfile.TemporaryDirectory() as tmp:
            args.data = [_first_articles(args.data[0], args.limit, Path(tmp))]
            return run(args)
    return run(args)


def _first_articles(folder: str, limit: int, tmp: Path) -> str:
    """The first ``limit`` records of the zips in ``folder``, as one JSON Lines file."""
    out = tmp / "first.jsonl"
    left = limit
    with open(out, "w", encoding="utf-8") as f:
        for path in sorted(Path(folder).glob("*.zip")):
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    for record in json.loads(z.read(name))[:left]:
                        f.write(json.dumps(record, ensure_ascii=False) + "\n")
                        left -= 1
            if left <= 0:
                break
    return str(out)


def run(args: argparse.Namespace) -> int:
    Path(args.sqlite).parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(args.sqlite + suffix).unlink(missing_ok=True)
    with psycopg.connect(args.server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {args.database} ENCODING 'UTF8' TEMPLATE template0 LOCALE 'C.UTF-8'")
    pg = args.server.rsplit("/", 1)[0] + "/" + args.database
    runs = {}
    for name, db in (("sqlite", args.sqlite), ("postgres", pg)):
        cmd = ["nice", "-n", "10", sys.executable, "-m", "khabar", "ingest", *args.data, "--db", db]
        cmd += ["--workers", str(args.workers), "--no-count"]
        runs[name] = (time.perf_counter(), subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True))
    walls, outputs = {}, {}
    for name, (start, proc) in runs.items():
        _, err = proc.communicate()
        walls[name] = time.perf_counter() - start
        outputs[name] = err
        if proc.returncode:
            print(err)
            return 1
    rates = {}
    for name in runs:
        counts = {k: int(v) for k, v in re.findall(r"^\s+(stored|exact copies|failed)\s+(\d+)", outputs[name], re.M)}
        seen = sum(counts.values())
        rates[name] = seen / walls[name]
        print(f"{name:9} {seen} articles in {walls[name]:.1f} s: {rates[name]:.1f} articles/s  {counts}")
    print(f"PostgreSQL / SQLite rate: {rates['postgres'] / rates['sqlite']:.3f}")
    with open_store(args.sqlite, readonly=True) as a, open_store(pg, readonly=True) as b:
        print(f"counts the same: {a.counts() == b.counts()}  {b.counts()}")
        for table in EXPORTS:
            same = list(a.export(table)[1]) == list(b.export(table)[1])
            print(f"export {table}: {'same' if same else 'DIFFERS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
