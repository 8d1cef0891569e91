"""Near-duplicates over a batch output against the store's dedup, on the same articles.

    python bench/batch_dedup.py ../shared/data/saudinewsnet                  # all 31,030, Ray
    python bench/batch_dedup.py ../shared/data/saudinewsnet --engine local   # LSH in this process

1. ``khabar batch`` of the inputs (``--stages``, default ``segment``: near-duplicates
   read only the cleaned text, which every stage leaves as cleaning made it), then
   ``batch.duplicates.find_duplicates`` with the chosen engine (timed apart).
2. ``khabar ingest`` of the same inputs into a fresh SQLite store with the same stages,
   then the store's own ``corpus.dedup.mark_near_duplicates`` (timed apart).
3. Compares the distinct documents, every ``duplicate_of`` link and the groups they form.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from khabar.batch.analyse import ChunkAnalyser
from khabar.batch.duplicates import find_duplicates, read_duplicates
from khabar.batch.executors import local_executor
from khabar.batch.ingest import ingest
from khabar.batch.output import Output, read_table
from khabar.batch.run import run_batch
from khabar.corpus.dedup import mark_near_duplicates
from khabar.pipeline import Options
from khabar.sources import read_paths
from khabar.store import open_store


def groups(marks: dict[str, str]) -> set[frozenset[str]]:
    by_leader: dict[str, set[str]] = {}
    for doc, leader in marks.items():
        by_leader.setdefault(leader, {leader}).add(doc)
    return {frozenset(g) for g in by_leader.values()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--engine", choices=("ray", "local"), default="ray")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--stages", default="segment")
    args = ap.parse_args()
    options = Options(stages=tuple(args.stages.split(",")))
    with tempfile.TemporaryDirectory(prefix="khabar-batch-dedup-") as tmp:
        out = str(Path(tmp) / "out")
        started = time.perf_counter()
        s = run_batch(args.paths, out, engine=args.engine, workers=args.workers, options=options, dedup=False)
        print(
            f"batch ({args.engine}): {s.records} records, {s.documents} documents in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        found = find_duplicates(Output(out), args.engine)
        print(
            f"batch near-duplicates ({args.engine} LSH): {found.marked} marked of {found.documents} distinct, "
            f"{found.candidates} candidates confirmed, {time.perf_counter() - started:.1f} s"
        )
        batch_marks = read_duplicates(Output(out))
        batch_ids = set(read_table(Output(out), "documents", ["id"])["id"].to_pylist())

        db = Path(tmp) / "store.db"
        started = time.perf_counter()
        with open_store(db) as store:
            summary = ingest(
                read_paths(args.paths),
                store,
                executor=local_executor(args.workers),
                analyser=ChunkAnalyser(options),
                dedup=False,
            )
            print(
                f"store ingest: {summary.stored} stored, {summary.duplicates} exact copies in {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            marked = mark_near_duplicates(store)
            print(f"store near-duplicates: {marked} marked, {time.perf_counter() - started:.1f} s")
            rows = list(store.export("documents")[1])
        store_marks = {r["id"]: r["duplicate_of"] for r in rows if r["duplicate_of"]}
        store_ids = {r["id"] for r in rows}
    print(f"distinct documents: batch {len(batch_ids)}, store {len(store_ids)}, same set: {batch_ids == store_ids}")
    print(
        f"duplicate_of links: batch {len(batch_marks)}, store {len(store_marks)}, identical: {batch_marks == store_marks}"
    )
    b, st = groups(batch_marks), groups(store_marks)
    print(f"groups: batch {len(b)}, store {len(st)}, identical: {b == st}")
    if b != st:
        print(f"  only in batch: {len(b - st)}, only in store: {len(st - b)}")


if __name__ == "__main__":
    main()
