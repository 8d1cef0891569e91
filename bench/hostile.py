"""Peak memory and outcome of the readers on every hostile input (tests/hostile_corpus.py).

    python bench/hostile.py                        # small corpus, this checkout
    python bench/hostile.py --full                 # the issue's sizes: 1 GB zip bomb ... (~2 GB of disk)
    python bench/hostile.py --full --old ../baseline --analyze

Each input is read in a child process of its own (``read_paths`` over it, every item
consumed), whose peak RSS (VmHWM) is reported with its records, failures, seconds and
verdict: ok, LOST (fewer valid records than the file holds), TRACEBACK, or TIMEOUT.
``--analyze`` also runs ``khabar analyze FILE --format jsonl -q`` on each and reports its
peak RSS and exit status. ``--old CHECKOUT`` runs the same with that checkout's .venv, side
by side. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_corpus import build  # noqa: E402

READ = """
import json, sys, traceback
from khabar.sources import Failure, Record, read_paths
records = failures = 0
error = None
try:
    for item in read_paths(sys.argv[1:]):
        if isinstance(item, Record):
            records += 1
        else:
            failures += 1
except BaseException as e:
    error = f"{type(e).__name__}: {e}"[:200]
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({"records": records, "failures": failures, "error": error, "rss_kb": int(hwm)}))
"""

ANALYZE = """
import sys
from khabar.cli import main
sys.argv = ["khabar", "analyze", *sys.argv[1:], "--format", "jsonl", "-q"]
code = 0
try:
    main()
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else 1
except BaseException as e:
    code = f"{type(e).__name__}"
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(f"{code} {hwm}", file=sys.stderr)
"""


def run_read(python: Path, checkout: Path, path: Path, timeout: float) -> dict:
    started = time.perf_counter()
    try:
        out = subprocess.run(
            [str(python), "-c", READ, str(path)], cwd=checkout, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"verdict": "TIMEOUT", "seconds": timeout}
    seconds = time.perf_counter() - started
    try:
        result = json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"verdict": "CRASH", "seconds": seconds, "detail": out.stderr.strip()[-200:]}
    result["seconds"] = seconds
    return result


def run_analyze(python: Path, checkout: Path, path: Path, timeout: float) -> dict:
    started = time.perf_counter()
    try:
        out = subprocess.run(
            [str(python), "-c", ANALYZE, str(path)],
            cwd=checkout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"analyze": "TIMEOUT", "analyze_s": timeout}
    last = out.stderr.strip().splitlines()[-1] if out.stderr.strip() else ""
    tracebacks = out.stderr.count("Traceback (most recent call last)")
    code, _, kb = last.rpartition(" ")
    return {
        "analyze": ("TRACEBACK " if tracebacks else "") + f"exit {code}",
        "analyze_rss_kb": int(kb) if kb.isdigit() else None,
        "analyze_s": time.perf_counter() - started,
    }


def verdict(result: dict, expected: int) -> str:
    if "verdict" in result:
        return result["verdict"]
    if result["error"]:
        return f"TRACEBACK ({result['error'][:60]})"
    if result["records"] < expected:
        return f"LOST {expected - result['records']}"
    return "ok"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="the issue's sizes (1 GB zip bomb ...)")
    ap.add_argument("--old", type=Path, help="a checkout to run side by side (with its own .venv)")
    ap.add_argument("--analyze", action="store_true", help="also run `khabar analyze` on each input")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per input and run")
    ap.add_argument("--only", help="comma-separated case names")
    ap.add_argument("--keep", type=Path, help="folder to write the corpus in (kept)")
    args = ap.parse_args()
    checkouts = [("new", ROOT)] + ([("old", args.old.resolve())] if args.old else [])
    work = args.keep or Path(tempfile.mkdtemp(prefix="khabar-hostile-"))
    cases = build(work, args.full, set(args.only.split(",")) if args.only else None)
    scale = "full" if args.full else "small"
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; corpus: {work} ({scale})\n")
    header = "| input | size | valid records |"
    rule = "|---|---:|---:|"
    for name, _ in checkouts:
        header += f" {name}: records / failures | {name}: peak RSS MB | {name}: s | {name}: verdict |"
        rule += "---:|---:|---:|---|"
        if args.analyze:
            header += f" {name}: analyze RSS MB | {name}: analyze |"
            rule += "---:|---|"
    print(header)
    print(rule)
    worst = 0.0
    for case, path in cases:
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size
        expected = case.expected(args.full)
        row = f"| {case.name} | {size / 2**20:,.1f} MB | {expected:,} |"
        for name, checkout in checkouts:
            python = checkout / ".venv" / "bin" / "python"
            r = run_read(python, checkout, path, args.timeout)
            rss = r.get("rss_kb", 0) / 1024
            if name == "new":
                worst = max(worst, rss)
            counts = f"{r['records']:,} / {r['failures']:,}" if "records" in r else "—"
            row += f" {counts} | {rss:,.0f} | {r['seconds']:.1f} | {verdict(r, expected)} |"
            if args.analyze:
                a = run_analyze(python, checkout, path, args.timeout)
                kb = a.get("analyze_rss_kb")
                row += f" {kb / 1024 if kb else 0:,.0f} | {a['analyze']} |"
        print(row, flush=True)
    print(f"\nworst peak RSS reading (new): {worst:,.0f} MB")


if __name__ == "__main__":
    main()
