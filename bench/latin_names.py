"""Names in Latin script: how often ``Entity.latin`` is the common English spelling.

    python bench/latin_names.py
    python bench/latin_names.py --misses      # list every name it got wrong

Reads ``bench/gold/latin_names.tsv`` (300 names frequent in SaudiNewsNet: people, places,
organisations, each with its common English spelling, several where they are equally
common) and spells each with ``khabar.entities.latin`` as the entities stage does. A
name counts as right when the spelling equals one of the gold's, letter case aside
(target: >= 80% right). Needs no corpus: the gold holds the names.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from khabar.entities.latin import latin_names

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "gold" / "latin_names.tsv"
TARGET = 0.80


def read_gold(path: Path) -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            etype, name, english = line.split("\t")
            rows.append((etype, name, english.split("|")))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--misses", action="store_true", help="list the names spelt otherwise")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    names = latin_names()
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    misses = []
    for etype, name, english in read_gold(args.gold):
        got = names.latin(name, etype)
        ok = got is not None and got.casefold() in {e.casefold() for e in english}
        total[etype] += 1
        right[etype] += ok
        if not ok:
            misses.append((etype, name, got, english[0]))
    share = sum(right.values()) / max(1, sum(total.values()))
    if args.json:
        by_type = {t: right[t] / total[t] for t in total}
        print(json.dumps({"exact": share, "names": sum(total.values()), "by_type": by_type}, indent=1))
        return
    for etype in sorted(total):
        print(f"{etype:7} {right[etype]:4d} / {total[etype]:4d}  {right[etype] / total[etype]:.1%}")
    print(f"all     {sum(right.values()):4d} / {sum(total.values()):4d}  {share:.1%}  (target {TARGET:.0%})")
    if args.misses:
        for etype, name, got, want in misses:
            print(f"  {etype:7} {name}: {got} (gold: {want})")


if __name__ == "__main__":
    main()
