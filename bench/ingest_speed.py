"""Ingest speed, share of time per stage, peak RSS per process, store size per article.

    python bench/ingest_speed.py ../shared/data/saudinewsnet --workers 2 --limit 1000
    python bench/ingest_speed.py ../shared/data/saudinewsnet --workers 2        # all 31,030

Part 1 ingests into a fresh store with the real command's code path (``batch.ingest``)
while a thread samples the RSS of this process and of every pool worker. Part 2 times
each stage one after the other, in this process, on the first ``--stage-sample``
articles: reading, cleaning + segmentation (+ whatever stages have landed), MinHash,
full-text index form, and the store's write.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

import psutil

from khabar.batch.analyse import input_key
from khabar.batch.executors import local_executor
from khabar.batch.ingest import ingest
from khabar.corpus.minhash import MinHasher
from khabar.corpus.shingles import shingle
from khabar.pipeline import STAGES, analyze_record
from khabar.sources import Record, read_paths
from khabar.store import Incoming, open_store
from khabar.store.fulltext import search_form

HASHER = MinHasher()


class RssSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.me = psutil.Process()
        self.peak_main = 0
        self.peak_worker = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                self.peak_main = max(self.peak_main, self.me.memory_info().rss)
                for child in self.me.children(recursive=True):
                    self.peak_worker = max(self.peak_worker, child.memory_info().rss)
            except psutil.Error:
                pass
            self.stop.wait(0.2)


def part_ingest(paths, workers, limit, db):
    records = read_paths(paths)
    if limit:
        records = islice(records, limit)
    sampler = RssSampler()
    sampler.start()
    start = time.perf_counter()
    with open_store(db) as store:
        summary = ingest(records, store, executor=local_executor(workers))
        counts = store.counts()
    seconds = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
    print(f"articles read        {summary.seen}")
    print(f"stored / copies / failed   {summary.stored} / {summary.duplicates} / {len(summary.failed)}")
    print(f"near-duplicates      {summary.near_duplicates}")
    print(f"wall time            {seconds:.1f} s")
    print(f"ingest rate          {summary.seen / seconds:.0f} articles/s (workers={workers})")
    print(f"peak RSS main        {sampler.peak_main / 2**20:.0f} MiB")
    print(
        f"peak RSS per worker  {sampler.peak_worker / 2**20:.0f} MiB"
        if workers > 1
        else "peak RSS per worker  (in-process)"
    )
    print(
        f"store size           {size / 2**20:.1f} MiB, {size / max(counts['documents'], 1) / 1024:.1f} KiB per stored article"
    )


def part_stages(paths, sample):
    t = {}
    start = time.perf_counter()
    records = [r for r in islice(read_paths(paths), sample) if isinstance(r, Record)]
    t["read (JSON in zip)"] = time.perf_counter() - start
    start = time.perf_counter()
    keys = [input_key(r) for r in records]
    t["input key (sha256)"] = time.perf_counter() - start
    start = time.perf_counter()
    docs = [analyze_record(r) for r in records]
    names = "+".join(["clean"] + [stage.name for stage in STAGES])
    t[f"analysis ({names})"] = time.perf_counter() - start
    docs = [d for d in docs if d.text.strip()]
    start = time.perf_counter()
    sigs = []
    for i in range(0, len(docs), 32):
        sigs.extend(HASHER.signatures(shingle([d.text for d in docs[i : i + 32]])))
    t["shingles + MinHash"] = time.perf_counter() - start
    start = time.perf_counter()
    forms = [search_form(d.title, d.text) for d in docs]
    t["full-text index form"] = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.db") as store:
        items = [Incoming(k, "bench", d, HASHER.to_blob(s), f) for k, d, s, f in zip(keys, docs, sigs, forms)]
        start = time.perf_counter()
        for i in range(0, len(items), 256):
            store.write(items[i : i + 256])
        t["store write (incl. FTS)"] = time.perf_counter() - start
    total = sum(t.values())
    print(
        f"\nstage shares, single process, {len(records)} articles ({len(records) / total:.0f} articles/s end to end):"
    )
    for name, seconds in t.items():
        print(f"  {name:<40} {seconds:7.2f} s  {100 * seconds / total:5.1f} %  {len(records) / seconds:8.0f} art/s")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="ingest only the first N articles (0 = all)")
    ap.add_argument("--stage-sample", type=int, default=2000)
    ap.add_argument("--db", help="store to create (default: a temporary file)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        if os.path.exists(db):
            sys.exit(f"{db} exists; the benchmark needs a fresh store")
        part_ingest(args.paths, args.workers, args.limit, db)
    if args.stage_sample:
        part_stages(args.paths, args.stage_sample)


if __name__ == "__main__":
    main()
