"""Foundation benchmark: clean + segment speed per core, and memory while streaming.

    python bench/foundation_speed.py                 # speed on all of SaudiNewsNet
    python bench/foundation_speed.py --rss           # + peak RSS, 100 vs 100,000 articles
    python bench/foundation_speed.py --rss --rss-counts 100,10000   # quicker
    python bench/foundation_speed.py --limit 5000    # a quicker look

Reads ../shared/data/saudinewsnet (or --data). Timing runs in this one process, so the
figures are per core. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import glob
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khabar.clean import clean  # noqa: E402
from khabar.document import Document  # noqa: E402
from khabar.pipeline import analyze_text  # noqa: E402
from khabar.segment import segment  # noqa: E402
from khabar.sources import Failure, read_paths  # noqa: E402


def load(data: Path, limit: int | None):
    t = time.perf_counter()
    records, failures = [], 0
    for item in read_paths(sorted(glob.glob(str(data / "*.zip")))):
        if isinstance(item, Failure):
            failures += 1
            continue
        records.append(item)
        if limit and len(records) >= limit:
            break
    return records, failures, time.perf_counter() - t


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def peak_rss_streaming(records, n: int) -> float:
    """Peak RSS (MB) of `khabar analyze` streaming n articles from a JSONL file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stream.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for i in range(n):
                r = records[i % len(records)]
                fh.write(json.dumps({"content": f"{r.body}\n{i}", "title": r.meta.title}, ensure_ascii=False) + "\n")
        # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across execve, so a
        # child would report the peak of this (large) benchmark process it was forked from.
        cmd = [
            sys.executable,
            "-c",
            "import sys;from khabar.cli import main;"
            "sys.argv=['khabar','analyze',sys.argv[1],'--format','jsonl','-q'];"
            "\ntry: main()\nexcept SystemExit: pass\n"
            "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1], file=sys.stderr)",
            str(path),
        ]
        out = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        return int(out.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "saudinewsnet")
    ap.add_argument("--limit", type=int, help="use only the first N articles")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs; the best is reported")
    ap.add_argument("--rss", action="store_true", help="also measure peak RSS of `khabar analyze` streaming articles")
    ap.add_argument(
        "--rss-counts",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[100, 100_000],
        help="how many articles to stream for --rss (default 100,100000)",
    )
    args = ap.parse_args()

    records, failures, read_s = load(args.data, args.limit)
    n = len(records)
    bodies = [r.body for r in records]
    chars = sum(map(len, bodies))

    def clean_only():
        for b in bodies:
            clean(b)

    def clean_segment():
        for b in bodies:
            c = clean(b)
            segment(Document(text=c.text, offsets=c.offsets))

    def clean_segment_tokens():
        for b in bodies:
            c = clean(b)
            _ = segment(Document(text=c.text, offsets=c.offsets)).tokens

    analysed = 0

    def full_analyze():
        nonlocal analysed
        analysed = 0
        for r in records:
            analyze_text(r.body, r.meta)
            analysed += 1

    rows = [("read (zip + JSON, streamed)", read_s)]
    for name, fn in [
        ("clean", clean_only),
        ("clean + segment (paragraphs, sentences)", clean_segment),
        ("clean + segment + tokens", clean_segment_tokens),
        ("analyze() (all stages that have landed)", full_analyze),
    ]:
        rows.append((name, best_of(fn, args.repeat)))

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"articles: {n:,} ({chars / 1e6:.1f} M characters), reader failures: {failures}, analysed without error: {analysed:,}\n"
    )
    print("| step | seconds | articles/s per core |")
    print("|---|---:|---:|")
    for name, s in rows:
        print(f"| {name} | {s:.2f} | {n / s:,.0f} |")
    if args.rss:
        print("\n| articles streamed through `khabar analyze --format jsonl` | peak RSS (MB) |")
        print("|---:|---:|")
        for count in args.rss_counts:
            print(f"| {count:,} | {peak_rss_streaming(records, count):.0f} |")


if __name__ == "__main__":
    main()
