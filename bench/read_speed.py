"""Reading speed of two checkouts side by side: ``read_paths`` over the same inputs, runs
alternated (old, new, old, new ...) so that a busy machine slows both alike.

    python bench/read_speed.py --old ../baseline                       # SaudiNewsNet zips (JSON arrays)
    python bench/read_speed.py --old ../baseline --jsonl --rounds 7    # + the same articles as JSON Lines

Each run is a fresh process of the checkout's own .venv that reads every record; the
median wall-clock and CPU seconds of the rounds are printed, with new/old as ratios
(below 1: faster). CPU time moves less than wall-clock time when the machine is shared.
"""

from __future__ import annotations

import argparse
import glob
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

READ = """
import sys, time
from khabar.sources import read_paths
t, cpu = time.perf_counter(), time.process_time()
n = sum(1 for _ in read_paths(sys.argv[1:]))
print(n, time.perf_counter() - t, time.process_time() - cpu)
"""


def timed(checkout: Path, paths: list[str]) -> tuple[int, float, float]:
    out = subprocess.run(
        [str(checkout / ".venv" / "bin" / "python"), "-c", READ, *paths],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    n, seconds, cpu = out.stdout.split()
    return int(n), float(seconds), float(cpu)


def as_jsonl(paths: list[str], out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from khabar.sources import Record, read_paths

    with out.open("w", encoding="utf-8") as f:
        for r in read_paths(paths):
            if isinstance(r, Record):
                m = r.meta
                row = {"text": r.body, "title": m.title, "url": m.url, "published": m.published, "source": m.source}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "saudinewsnet")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jsonl", action="store_true", help="also time the same articles as one JSON Lines file")
    args = ap.parse_args()
    inputs = {"zip of JSON arrays": sorted(glob.glob(str(args.data / "*.zip")))}
    if args.jsonl:
        jsonl = Path(tempfile.mkdtemp(prefix="khabar-read-")) / "articles.jsonl"
        as_jsonl(inputs["zip of JSON arrays"], jsonl)
        inputs["JSON Lines"] = [str(jsonl)]
    print("| input | records | old wall s | new wall s | new/old wall | old CPU s | new CPU s | new/old CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, paths in inputs.items():
        wall: dict[str, list[float]] = {"old": [], "new": []}
        cpu: dict[str, list[float]] = {"old": [], "new": []}
        counts = {}
        for _ in range(args.rounds):
            for side, checkout in (("old", args.old.resolve()), ("new", ROOT)):
                n, seconds, cpu_seconds = timed(checkout, paths)
                counts[side] = n
                wall[side].append(seconds)
                cpu[side].append(cpu_seconds)
        w = {side: statistics.median(v) for side, v in wall.items()}
        c = {side: statistics.median(v) for side, v in cpu.items()}
        print(
            f"| {name} | {counts['new']:,} (old {counts['old']:,}) | {w['old']:.2f} | {w['new']:.2f} "
            f"| {w['new'] / w['old']:.3f} | {c['old']:.2f} | {c['new']:.2f} | {c['new'] / c['old']:.3f} |"
        )


if __name__ == "__main__":
    main()
