"""A store round trip: every analysed article comes back from the store unchanged.

    python bench/store_roundtrip.py ../shared/data/saudinewsnet --limit 2000

Analyses the first ``--limit`` records (in `khabar analyze`'s reading order), writes them
to a fresh SQLite store in batches the way ingest does, then reads each one back with
``store.get(id)`` and compares it with the Document that was analysed (every field of
every layer; an exact copy of a stored text is compared with the first one stored).
Prints the counts, the store's size per article, and the write and read rates.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from khabar.batch.analyse import input_key
from khabar.pipeline import Pipeline
from khabar.sources import Record, read_paths
from khabar.store import Incoming, open_store


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+")
    p.add_argument("--limit", type=int, default=2000)
    args = p.parse_args()
    nlp = Pipeline()
    records = [r for r in islice(read_paths(args.inputs), args.limit) if isinstance(r, Record)]
    docs = {}
    items = []
    for r in records:
        doc = nlp.record(r)
        if not doc.text.strip():
            continue
        docs.setdefault(doc.id, doc)
        items.append(Incoming(input_key(r), r.origin, doc.replace(offsets=None, _tokens=None)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roundtrip.db"
        with open_store(path) as store:
            started = time.perf_counter()
            for k in range(0, len(items), 256):
                store.write(items[k : k + 256])
            wrote = time.perf_counter() - started
            started = time.perf_counter()
            back = {doc_id: store.get(doc_id) for doc_id in docs}
            read = time.perf_counter() - started
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
    same = sum(1 for doc_id, doc in docs.items() if back[doc_id] == doc)
    differ = [doc_id for doc_id, doc in docs.items() if back[doc_id] != doc]
    print(f"{len(records)} records, {len(items)} analysed, {len(docs)} distinct documents")
    print(f"store.get(id) == analysed Document: {same} of {len(docs)}; {len(differ)} differ")
    for doc_id in differ[:5]:
        print(f"  differs: {doc_id[:12]}")
    print(f"write {len(items) / wrote:.0f} documents/s, read back {len(docs) / read:.0f} documents/s")
    print(f"store size {size / 2**20:.1f} MiB, {size / max(len(docs), 1) / 1024:.1f} KiB per document")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
