"""Analysis and ingest throughput of two checkouts, side by side in one run.

    python bench/platform_speed.py ../shared/data/saudinewsnet --old ../baseline --limit 1000 --rounds 3

Writes the first ``--limit`` records to one JSON Lines file, then for each round runs,
for the old and the new checkout in turn (which goes first alternates between rounds),
``khabar analyze FILE --format jsonl`` and ``khabar ingest FILE --workers 2`` into a fresh
store, each checkout with its own ``.venv``. Reports articles per second of each run, the
new/old ratio per round, and the median ratio: on a machine whose speed drifts by ±25%,
only ratios of runs made close together mean anything.

``--new-stages segment,entities,time,quotes`` runs only those stages in the new
checkout's analysis (the old checkout's stages when the new one has added some, such as
events), so the ratio compares the same work.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from same_outputs import sample  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+")
    p.add_argument("--old", required=True, type=Path)
    p.add_argument("--new", type=Path, default=ROOT)
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--new-stages", help="the new checkout's analyze --stages (default: all)")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="khabar-speed-"))
    records = work / "sample.jsonl"
    n = sample(args.inputs, args.limit, records)
    exe = {
        name: str(path.resolve() / ".venv" / "bin" / "khabar") for name, path in (("old", args.old), ("new", args.new))
    }
    rates: dict[tuple[str, str], list[float]] = {}
    for r in range(args.rounds):
        order = ["old", "new"] if r % 2 == 0 else ["new", "old"]
        for job in ("analyze", "ingest"):
            for name in order:
                if job == "analyze":
                    cmd = [exe[name], "analyze", str(records), "--format", "jsonl", "--quiet"]
                    if name == "new" and args.new_stages:
                        cmd += ["--stages", args.new_stages]
                else:
                    db = work / f"{name}-{r}.db"
                    cmd = [exe[name], "ingest", str(records), "--db", str(db), "--workers", str(args.workers)]
                    cmd.append("--no-count")
                seconds = timed(cmd)
                rates.setdefault((job, name), []).append(n / seconds)
                print(f"round {r + 1} {job:7} {name}: {n / seconds:6.1f} articles/s", flush=True)
    print(f"\n{n} articles; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    for job in ("analyze", "ingest"):
        ratios = [new / old for new, old in zip(rates[(job, "new")], rates[(job, "old")])]
        print(
            f"{job:7}: old {statistics.median(rates[(job, 'old')]):6.1f}/s, new {statistics.median(rates[(job, 'new')]):6.1f}/s;"
            f" new/old per round {', '.join(f'{x:.3f}' for x in ratios)}; median {statistics.median(ratios):.3f}"
        )


if __name__ == "__main__":
    main()
