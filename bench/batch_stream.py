"""khabar batch on Ray with an input 10x larger than its object store: memory stays bounded.

    python bench/batch_stream.py ../shared/data/saudinewsnet --copies 10 --object-store-mb 100

Writes ``--copies`` copies of every input article into a temporary folder (never into
the repository), each copy a new document (a line naming the copy is added to its text,
so its id and input key are new), one JSON file per (copy, input zip). Starts a local
Ray whose object store holds ``--object-store-mb`` MB, then runs ``khabar batch --engine
ray`` over it (``--stages``, default ``segment``, so that a large input runs in minutes;
the full stages change the time, not what flows through Ray) while a thread samples the
object store's use (``ray memory --stats-only``: plasma memory and spilled bytes), and
prints the input's size against the store's, the peaks, and the peak memory of each
actor and of the driver.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import threading
import time
from pathlib import Path

from khabar.batch.job import peak_rss
from khabar.batch.run import run_batch
from khabar.pipeline import Options
from khabar.sources import Record, read_paths


def copies(paths: list[str], n: int, folder: Path) -> int:
    """``n`` copies of every record, one JSON array per (copy, input file); bytes written."""
    by_file: dict[str, list[dict]] = {}
    for r in read_paths(paths):
        if isinstance(r, Record):
            m = r.meta
            row = {"content": r.body, "title": m.title, "date_extracted": m.published, "url": m.url, "source": m.source}
            by_file.setdefault(r.origin.split("!")[0].rsplit("/", 1)[-1], []).append(row)
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for k in range(n):
        for name, rows in by_file.items():
            copy = [{**row, "content": f"{row['content']}\n(نسخة {k})", "url": f"{row['url']}#copy{k}"} for row in rows]
            target = folder / f"copy{k:03d}-{name}.json"
            target.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
            size += target.stat().st_size
    return size


class StoreSampler(threading.Thread):
    """Peak plasma use and spilled bytes, from Ray's own memory summary."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_used = 0.0
        self.peak_spilled = 0.0
        self.samples = 0
        self.error = ""
        self.stop = threading.Event()

    def run(self) -> None:
        import ray
        from ray._private.internal_api import memory_summary  # needs grpcio (the bench extra)

        address = ray.get_runtime_context().gcs_address  # this run's Ray, not another one on the machine
        while not self.stop.is_set():
            try:
                text = memory_summary(address=address, stats_only=True)
            except Exception as e:  # the cluster may be starting or stopping
                self.error = f"{type(e).__name__}: {e}"
                text = ""
            used = re.search(r"Plasma memory usage (\d+) MiB", text)
            spilled = re.search(r"Spilled (\d+) MiB", text)
            if used:
                self.samples += 1
                self.peak_used = max(self.peak_used, float(used.group(1)))
            if spilled:
                self.peak_spilled = max(self.peak_spilled, float(spilled.group(1)))
            self.stop.wait(1.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--object-store-mb", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--stages", default="segment")
    args = ap.parse_args()
    from khabar.batch.ray_engine import connect

    with tempfile.TemporaryDirectory(prefix="khabar-batch-stream-") as tmp:
        size = copies(args.paths, args.copies, Path(tmp) / "in")
        store = args.object_store_mb * 2**20
        print(
            f"input {size / 2**20:.0f} MiB in {len(list((Path(tmp) / 'in').iterdir()))} shards;"
            f" object store {args.object_store_mb} MiB ({size / store:.1f}x smaller than the input)"
        )
        connect(num_cpus=args.workers, object_store_memory=store)
        sampler = StoreSampler()
        sampler.start()
        started = time.perf_counter()
        s = run_batch(
            [str(Path(tmp) / "in")],
            str(Path(tmp) / "out"),
            engine="ray",
            workers=args.workers,
            options=Options(stages=tuple(args.stages.split(","))),
            dedup=False,
        )
        seconds = time.perf_counter() - started
        sampler.stop.set()
        sampler.join()
        out_size = sum(p.stat().st_size for p in (Path(tmp) / "out").rglob("*.parquet"))
    print(
        f"records {s.records:,} ({s.documents:,} documents, {s.failures} failures) in {seconds:.0f} s,"
        f" {s.records / seconds:.0f} records/s"
    )
    print(
        f"object store: peak {sampler.peak_used:.0f} MiB used, {sampler.peak_spilled:.0f} MiB spilled"
        f" ({sampler.samples} samples)"
    )
    print(
        f"peak RSS per actor: {max(r.peak_rss for r in s.results) / 2**20:.0f} MiB;"
        f" driver {peak_rss() / 2**20:.0f} MiB; output {out_size / 2**20:.0f} MiB of Parquet"
    )


if __name__ == "__main__":
    main()
