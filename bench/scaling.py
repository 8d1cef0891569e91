"""How analysis time grows with the input: a text of N, 2N, 4N … characters, and a page
whose one tag holds more and more attributes. Linear growth doubles the time when the
size doubles; quadratic growth quadruples it.

    python bench/scaling.py                       # this checkout
    python bench/scaling.py --old ../baseline     # and another checkout, side by side

Each size is analysed by ``khabar analyze FILE --format jsonl -q --max-chars 4000000`` in
a fresh process of each checkout (``CHECKOUT/.venv/bin/khabar``), old and new alternating,
``--rounds`` times; the seconds printed are the median wall time minus the median for a
one-sentence article (start-up and model loading); peak MB is the process's peak RSS.
The texts are made of the project's own sentences (tests/hostile_corpus.py), no real data.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_corpus import article  # noqa: E402

TEXT_SIZES = (250_000, 500_000, 1_000_000, 2_000_000)
ATTRIBUTE_COUNTS = (2_000, 5_000, 10_000, 20_000, 50_000)


def long_text(chars: int) -> str:
    paragraphs, n, i = [], 0, 0
    while n < chars:
        p = article(i)
        paragraphs.append(p)
        n += len(p) + 1
        i += 1
    return "\n".join(paragraphs)[:chars]


def page(attributes: int) -> str:
    attrs = " ".join(f'data-a{i}="{i}"' for i in range(attributes))
    return f"<html><body><div {attrs}><p>{article(1)}</p><p>{article(2)}</p></div></body></html>"


PEAK: dict[tuple[str, str], int] = {}  # (checkout, input) -> the largest peak RSS seen, KiB


def seconds(checkout: Path, path: Path, timeout: float) -> float | None:
    """Wall seconds of one analysis (None past ``timeout``); its peak RSS goes into PEAK."""
    exe = checkout / ".venv" / "bin" / "khabar"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), "analyze", str(path), "--format", "jsonl", "-q", "--max-chars", "4000000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = started + timeout
    while True:
        pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = 0  # reaped here: Popen must not wait for it again
            key = (str(checkout), path.name)
            PEAK[key] = max(PEAK.get(key, 0), usage.ru_maxrss)
            return time.perf_counter() - started
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            return None
        time.sleep(0.05)


def timed(checkout: Path, path: Path, args: argparse.Namespace) -> float | None:
    """The median of ``args.rounds`` runs; None when one ran past the timeout."""
    runs = [seconds(checkout, path, args.timeout) for _ in range(args.rounds)]
    return None if None in runs else statistics.median(r for r in runs if r is not None)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--old", type=Path, help="another checkout (with its own .venv) to time side by side")
    p.add_argument("--timeout", type=float, default=300, help="seconds one analysis may take before it is stopped")
    p.add_argument("--quick", action="store_true", help="the two smallest sizes of each kind only")
    p.add_argument("--rounds", type=int, default=1, help="runs of each input per checkout (the median is shown)")
    p.add_argument("--only", choices=("text", "attributes"), help="one kind of input only")
    args = p.parse_args()
    sides = [("new", ROOT)] + ([("old", args.old.resolve())] if args.old else [])
    with tempfile.TemporaryDirectory(prefix="khabar-scaling-") as tmp:
        root = Path(tmp)
        inputs = [("text", n, long_text(n), "txt") for n in TEXT_SIZES[: 2 if args.quick else None]]
        inputs += [("attributes", n, page(n), "html") for n in ATTRIBUTE_COUNTS[: 2 if args.quick else None]]
        inputs = [i for i in inputs if args.only in (None, i[0])]
        short = root / "short.txt"
        short.write_text(article(0), encoding="utf-8")
        base = {name: timed(checkout, short, args) or 0.0 for name, checkout in sides}
        print("| input | size | " + " | ".join(f"{name} s | {name} peak MB" for name, _ in sides) + " |")
        print("|---|---:|" + "---:|---:|" * len(sides))
        for kind, size, content, ext in inputs:
            path = root / f"{kind}-{size}.{ext}"
            path.write_text(content, encoding="utf-8")
            cells = []
            for name, checkout in sides:
                took = timed(checkout, path, args)
                cells.append(f"> {args.timeout:.0f}" if took is None else f"{max(took - base[name], 0.0):.1f}")
                peak = PEAK.get((str(checkout), path.name))
                cells.append(f"{peak / 1024:.0f}" if peak and took is not None else "—")
            print(f"| {kind} | {size:,} | " + " | ".join(cells) + " |", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
