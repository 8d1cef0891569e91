"""Same JSON before and after a change: `khabar analyze` of two checkouts on the same articles.

    python bench/same_outputs.py ../shared/data/saudinewsnet --old ../baseline --limit 2000

Writes the first ``--limit`` records of the inputs (in `khabar analyze`'s reading order)
to one JSON Lines file, runs each checkout's own ``khabar analyze --format jsonl`` on
it (``CHECKOUT/.venv/bin/khabar``), and compares the documents one by one, field by
field. Fields that only one side has are listed apart: the contract lets fields be
added. Exits 1 when a shared field differs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sample(paths: list[str], limit: int, out: Path) -> int:
    from khabar.sources import Record, read_paths

    n = 0
    with out.open("w", encoding="utf-8") as f:
        for item in islice((r for r in read_paths(paths) if isinstance(r, Record)), limit):
            m = item.meta
            f.write(
                json.dumps(
                    {
                        "text": item.body,
                        "title": m.title,
                        "published": m.published,
                        "url": m.url,
                        "source": m.source,
                        "author": m.author,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            n += 1
    return n


def analyse(checkout: Path, sample_file: Path, out: Path) -> None:
    exe = checkout / ".venv" / "bin" / "khabar"
    with out.open("w", encoding="utf-8") as f:
        subprocess.run([str(exe), "analyze", str(sample_file), "--format", "jsonl", "--quiet"], stdout=f, check=False)


def compare(old: Path, new: Path, show: int = 5) -> int:
    differ = only_old = only_new = 0
    fields_added: set[str] = set()
    fields_dropped: set[str] = set()
    shown = 0
    with old.open(encoding="utf-8") as a, new.open(encoding="utf-8") as b:
        for n, (la, lb) in enumerate(zip(a, b, strict=False), 1):
            da, db = json.loads(la), json.loads(lb)
            fields_added |= db.keys() - da.keys()
            fields_dropped |= da.keys() - db.keys()
            bad = [k for k in da.keys() & db.keys() if da[k] != db[k]]
            if bad:
                differ += 1
                if shown < show:
                    shown += 1
                    print(f"document {n} ({da.get('id', '?')[:12]}): {', '.join(sorted(bad))} differ")
        only_old = sum(1 for _ in a)
        only_new = sum(1 for _ in b)
    total = n if "n" in locals() else 0
    print(
        f"{total} documents compared: {total - differ} identical, {differ} differ;"
        f" {only_old} only in old, {only_new} only in new"
    )
    if fields_added:
        print(f"fields added: {', '.join(sorted(fields_added))}")
    if fields_dropped:
        print(f"fields dropped: {', '.join(sorted(fields_dropped))}")
    return 1 if differ or only_old or only_new or fields_dropped else 0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+")
    p.add_argument("--old", required=True, type=Path, help="checkout to compare against (with its own .venv)")
    p.add_argument("--new", type=Path, default=ROOT, help="checkout under test (default: this one)")
    p.add_argument("--limit", type=int, default=2000)
    p.add_argument("--keep", type=Path, help="folder to keep the sample and both outputs in")
    args = p.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="khabar-same-"))
    work.mkdir(parents=True, exist_ok=True)
    records = work / "sample.jsonl"
    print(f"{sample(args.inputs, args.limit, records)} records → {records}")
    outs = []
    for name, checkout in (("old", args.old), ("new", args.new)):
        out = work / f"{name}.jsonl"
        analyse(checkout.resolve(), records, out)
        outs.append(out)
    sys.exit(compare(*outs))


if __name__ == "__main__":
    main()
