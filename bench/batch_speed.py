"""khabar batch speed: the Ray engine against the local process pool, side by side.

    python bench/batch_speed.py ../shared/data/saudinewsnet --workers 2 --repeat 2             # all 31,030
    python bench/batch_speed.py ../shared/data/saudinewsnet --limit 2000 --shards 8 --repeat 2  # a quick look
    python bench/batch_speed.py ../shared/data/saudinewsnet --limit 2000 --shards 8 --only ray1,ray2  # scaling

Runs, alternating in one process so that load changes hit every configuration alike:

- ``pool``: the local process-pool analysis rate — ``ProcessExecutor`` over chunks of 32
  records with ``ChunkAnalyser`` (analysis, MinHash, search form: what ``khabar ingest``
  runs in its workers), nothing written. The reference of the ≥ 85 % target.
- ``local``: ``khabar batch --engine local --workers N`` (process pool over shards,
  Parquet written and committed, no dedup).
- ``rayN``: ``khabar batch --engine ray`` with an actor pool of N (1 and ``--workers``),
  Parquet written and committed, no dedup. Ray is started once, before the first run
  (its start-up is printed apart: a cluster is up before a job is submitted).

With ``--limit``, the first N records are written as JSON arrays into ``--shards`` files
in a temporary folder (never into the repository) so that shards balance; without it,
the inputs are read as they are (SaudiNewsNet: 18 zips). Prints records/s per run, the
ratios ray/pool and ray2/ray1 per round, and the peak memory of the workers.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from itertools import islice
from pathlib import Path

from khabar.batch.analyse import ChunkAnalyser, input_key
from khabar.batch.executors import local_executor
from khabar.batch.ingest import _chunks
from khabar.batch.run import run_batch
from khabar.sources import Record, read_paths


def subset(paths: list[str], limit: int, shards: int, folder: Path) -> list[str]:
    """The first ``limit`` records as JSON Lines in ``shards`` files of equal size."""
    records = [r for r in islice(read_paths(paths), limit) if isinstance(r, Record)]
    per = -(-len(records) // shards)
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(shards):
        rows = [
            {
                "content": r.body,
                "title": r.meta.title,
                "date_extracted": r.meta.published,
                "url": r.meta.url,
                "source": r.meta.source,
                "author": r.meta.author,
            }
            for r in records[k * per : (k + 1) * per]
        ]  # a JSON array, as SaudiNewsNet ships (main's JSON Lines reader fails on a first line over 4 KB)
        (folder / f"part-{k:03d}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    return [str(folder)]


def run_pool(paths: list[str], workers: int) -> tuple[int, float, int]:
    started = time.perf_counter()
    n = 0
    keyed = ([(input_key(r), r) for r in part if isinstance(r, Record)] for part in _chunks(read_paths(paths), 32))
    for done in local_executor(workers).map(ChunkAnalyser(), keyed):
        n += len(done)
    return n, time.perf_counter() - started, 0


def run_engine(paths: list[str], out: Path, engine: str, workers: int) -> tuple[int, float, int]:
    started = time.perf_counter()
    s = run_batch(paths, str(out), engine=engine, workers=workers, dedup=False)
    peak = max((r.peak_rss for r in s.results), default=0)
    return s.records, time.perf_counter() - started, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="first N records only, rewritten as --shards JSON files")
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--only", default="pool,local,ray1,ray2", help="configurations, in the order they alternate")
    args = ap.parse_args()
    configs = args.only.split(",")
    with tempfile.TemporaryDirectory(prefix="khabar-batch-bench-") as tmp:
        paths = subset(args.paths, args.limit, args.shards, Path(tmp) / "in") if args.limit else args.paths
        if any(c.startswith("ray") for c in configs):
            from khabar.batch.ray_engine import connect

            started = time.perf_counter()
            connect(num_cpus=args.workers)
            print(f"ray start-up {time.perf_counter() - started:.1f} s (not counted below)")
        rows = []
        for rep in range(args.repeat):
            rates = {}
            for config in configs:
                out = Path(tmp) / f"out-{rep}-{config}"
                if config == "pool":
                    n, seconds, peak = run_pool(paths, args.workers)
                elif config == "local":
                    n, seconds, peak = run_engine(paths, out, "local", args.workers)
                else:
                    n, seconds, peak = run_engine(paths, out, "ray", int(config[3:] or args.workers))
                rates[config] = n / seconds
                rows.append((rep, config, n, seconds, peak))
                print(
                    f"round {rep + 1} {config:<6} {n:>6} records {seconds:7.1f} s {n / seconds:7.1f} records/s"
                    + (f"  peak RSS per worker {peak / 2**20:.0f} MiB" if peak else ""),
                    flush=True,
                )
            ray_full = rates.get(f"ray{args.workers}")
            if ray_full and "pool" in rates:
                print(f"round {rep + 1} ray{args.workers}/pool = {ray_full / rates['pool']:.3f}")
            if ray_full and "local" in rates:
                print(f"round {rep + 1} ray{args.workers}/local = {ray_full / rates['local']:.3f}")
            if ray_full and "ray1" in rates and args.workers != 1:
                print(f"round {rep + 1} ray{args.workers}/ray1 = {ray_full / rates['ray1']:.3f}")


if __name__ == "__main__":
    main()
