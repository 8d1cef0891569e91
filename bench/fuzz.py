"""Fuzz the readers for as long as you like: the property tests of tests/fuzz_readers.py
(random bytes in every format, damaged zips, WARCs, feeds and JSON, deep nesting, huge
numbers, control and bidi characters), at scale, with hypothesis.

    python bench/fuzz.py --minutes 60        # an hour; prints how many inputs were tried
    python bench/fuzz.py --minutes 1 --seed 7

Each property runs in turn, a batch of examples at a time, until the time is up. The
first failing input stops the run and is printed (hypothesis shrinks it first); exit 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzz_readers import PROPERTIES  # noqa: E402
from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

BATCH = 100


def _counting(prop, name: str, tried: dict[str, int]):
    def counted(example) -> None:
        tried[name] += 1
        prop(example)

    return counted


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--seed", type=int, default=0, help="first seed; each batch takes the next")
    args = ap.parse_args()
    tried = {prop.__name__ + str(i): 0 for i, (prop, _) in enumerate(PROPERTIES)}
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    batch_seed = args.seed
    while time.monotonic() < deadline:
        for i, (prop, strategy) in enumerate(PROPERTIES):
            name = prop.__name__ + str(i)

            counted = _counting(prop, name, tried)
            run = settings(
                max_examples=BATCH,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(given(strategy)(counted))
            try:
                seed(batch_seed)(run)()
            except Exception as e:
                total = sum(tried.values())
                print(f"FAILED {name} (seed {batch_seed}) after {total:,} inputs: {type(e).__name__}: {e}")
                sys.exit(1)
            batch_seed += 1
            if time.monotonic() >= deadline:
                break
    elapsed = time.monotonic() - started
    total = sum(tried.values())
    print(f"{total:,} inputs in {elapsed / 60:.1f} min ({total / elapsed:,.0f}/s), no failure")
    for name, n in tried.items():
        print(f"  {name}: {n:,}")


if __name__ == "__main__":
    main()
