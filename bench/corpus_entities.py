"""One entity across the corpus: does each real person, organisation or place end up as one store entity?

    python bench/corpus_entities.py ../shared/data/saudinewsnet --cache /tmp/khabar-entities.pickle

Ingests SaudiNewsNet articles from five outlets (``--per-outlet`` of each, spread evenly
over the period) into a fresh store, then reads back, for each entity of the gold
(``bench/gold/corpus_entities.tsv``: 40 people, organisations and places with the forms
news writes them in):

- **articles**: the articles with a mention whose text is one of the entity's forms
  (in matching form, a leading clitic allowed: see the gold's header);
- **held**: the share of those articles held by the *largest* store entity, the one
  linked to such a mention in the most of them (target >= 0.90);
- **aliases**: the share of that store entity's distinct aliases that are forms of the
  gold entity (target >= 0.95). An alias that is another person, a coordination
  (دونالد ترامب وفلاديمير بوتين) or anything else not among the forms counts against.

Analysis is the slow part (minutes); ``--cache FILE`` keeps the analysed articles so
that reruns only link (delete it when the analysis changes; Latin names are spelt anew). The store is SQLite by
default; ``--db postgresql://...`` links through the PostgreSQL store instead (an empty
database): the rules are the same object (``corpus.entities.EntityLinker``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khabar import arabic
from khabar.batch.analyse import ChunkAnalyser, input_key
from khabar.batch.executors import local_executor
from khabar.document import Document
from khabar.entities.latin import add_latin
from khabar.sources import Record, read_paths
from khabar.store import Incoming, open_store

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "gold" / "corpus_entities.tsv"
OUTLETS = ("aawsat", "aljazirah", "aleqtisadiya", "alyaum", "alriyadh")
HELD_TARGET, ALIAS_TARGET = 0.90, 0.95


@dataclass
class GoldEntity:
    type: str
    english: str
    forms: set[str]  # matching forms


@dataclass
class Gold:
    entities: list[GoldEntity]
    of_form: dict[str, int] = field(default_factory=dict)  # matching form -> gold entity

    @classmethod
    def read(cls, path: Path) -> Gold:
        entities = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            etype, english, forms = line.split("\t")
            entities.append(GoldEntity(etype, english, {_norm(f) for f in forms.split("|")}))
        gold = cls(entities)
        for k, e in enumerate(entities):
            for f in e.forms:
                if gold.of_form.setdefault(f, k) != k:
                    raise SystemExit(f"{path}: the form {f!r} is given to two entities")
        return gold

    def key(self, surface: str) -> str:
        """The matching form of a surface; when it is no form, with a clitic taken off its
        first word where that makes it one (وبوتين, لبوتين, للأمم المتحدة)."""
        norm = _norm(surface)
        if norm in self.of_form or not norm:
            return norm
        first, _, rest = norm.partition(" ")
        bare = first[1:] if first[0] in ("و", "ف") else first
        for w in (bare, _bare(first), _bare(bare)):
            candidate = f"{w} {rest}".strip()
            if candidate in self.of_form:
                return candidate
        return norm

    def entity_of(self, surface: str) -> int | None:
        return self.of_form.get(self.key(surface))


def _norm(text: str) -> str:
    return " ".join(arabic.normalize(text).split())


def _bare(w: str) -> str:
    """A word without a leading preposition: بالرياض → الرياض, للصين → الصين, لبوتين → بوتين."""
    if w.startswith("لل") and len(w) > 3:
        return "ال" + w[2:]
    if w[:1] in ("ب", "ل", "ك") and len(w) > 3:
        return w[1:]
    return w


# --- the sample -------------------------------------------------------------------------


def sample(paths: list[str], outlets: Iterable[str], per_outlet: int) -> list[tuple[str, Record]]:
    """``per_outlet`` records of each outlet, spread evenly over its records in reading order."""
    wanted = set(outlets)
    by_outlet: dict[str, list[Record]] = defaultdict(list)
    for r in read_paths(paths):
        if isinstance(r, Record) and r.meta.source in wanted:
            by_outlet[r.meta.source].append(r)
    chosen = []
    for outlet in outlets:
        rows = by_outlet[outlet]
        step = max(1.0, len(rows) / per_outlet)
        chosen += [rows[int(i * step)] for i in range(min(per_outlet, len(rows)))]
    return [(input_key(r), r) for r in chosen]


def analysed(records: list[tuple[str, Record]], workers: int, cache: Path | None) -> list[Incoming]:
    keys = [k for k, _ in records]
    if cache and cache.exists():
        with cache.open("rb") as f:
            stored_keys, rows = pickle.load(f)
        if stored_keys == keys:
            print(f"analysed articles from {cache} (Latin names spelt anew)", file=sys.stderr)
            return [Incoming(k, o, _spelt(Document.from_dict(d)), s, f) for k, o, d, s, f in rows]
        print(f"{cache} holds another sample; analysing again", file=sys.stderr)
    start = time.perf_counter()
    chunks = [records[i : i + 32] for i in range(0, len(records), 32)]
    items = [x for done in local_executor(workers).map(ChunkAnalyser(), iter(chunks)) for x in done]
    items = [x for x in items if isinstance(x, Incoming)]
    print(f"analysed {len(items)} articles in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    if cache:  # as the JSON contract's dicts, so that a cache outlives a new field
        rows = [(x.key, x.origin, x.document.to_dict(), x.signature, x.search_form) for x in items]
        with cache.open("wb") as f:
            pickle.dump((keys, rows), f)
    return items


def _spelt(doc: Document) -> Document:
    """The document with its entities' Latin names as the current tables spell them (the
    cache keeps the analysis, not the spelling, which is cheap)."""
    return doc.replace(entities=tuple(add_latin([dataclasses.replace(e, latin=None) for e in doc.entities])))


def ingest(items: list[Incoming], location: str) -> float:
    start = time.perf_counter()
    with open_store(location) as store:
        for i in range(0, len(items), 256):
            store.write(items[i : i + 256])
    return time.perf_counter() - start


# --- reading the store back ------------------------------------------------------------------


def links(location: str) -> tuple[list[tuple[int, int, str]], dict[int, tuple[str, str]], dict[int, list[str]]]:
    """(document, corpus entity, mention text) of every mention; each entity's type and
    name; each entity's aliases."""
    if location.startswith("postgresql://"):
        import psycopg

        conn: Any = psycopg.connect(location)
    else:
        import sqlite3

        conn = sqlite3.connect(location)
    q = conn.execute
    mentions = [
        (doc, eid, text[start:end])
        for doc, eid, start, end, text in q(
            'SELECT m.doc, m.entity, m.start, m."end", c.text FROM mentions m JOIN contents c ON c.n = m.doc'
        )
    ]
    names = {eid: (etype, name) for eid, etype, name in q("SELECT id, type, name FROM entities")}
    aliases: dict[int, list[str]] = defaultdict(list)
    for eid, alias in q("SELECT entity, alias FROM aliases ORDER BY entity, alias"):
        aliases[eid].append(alias)
    conn.close()
    return mentions, names, aliases


@dataclass
class Result:
    gold: GoldEntity
    articles: int
    entities: int  # store entities holding at least one of its articles
    largest: int | None
    largest_name: str
    held: float
    aliases: int
    wrong_aliases: list[str]
    others: list[tuple[str, int]] = field(default_factory=list)  # other store entities holding its articles

    @property
    def alias_share(self) -> float:
        return 1.0 - len(self.wrong_aliases) / self.aliases if self.aliases else 1.0

    def ok(self) -> bool:
        return self.held >= HELD_TARGET and self.alias_share >= ALIAS_TARGET


def measure(gold: Gold, location: str) -> list[Result]:
    mentions, names, aliases = links(location)
    articles: dict[int, set[int]] = defaultdict(set)
    holders: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for doc, eid, surface in mentions:
        g = gold.entity_of(surface)
        if g is not None:
            articles[g].add(doc)
            holders[g][eid].add(doc)
    results = []
    for g, entity in enumerate(gold.entities):
        held = holders[g]
        if not held:
            results.append(Result(entity, 0, 0, None, "", 0.0, 0, []))
            continue
        largest = max(held, key=lambda e: (len(held[e]), -e))
        own = aliases.get(largest, [])
        wrong = [a for a in own if gold.key(a) not in entity.forms]
        name = "{1} ({0})".format(*names[largest])
        share = len(held[largest]) / len(articles[g])
        others = sorted(
            (("{1} ({0})".format(*names[e]), len(docs)) for e, docs in held.items() if e != largest),
            key=lambda o: -o[1],
        )
        results.append(Result(entity, len(articles[g]), len(held), largest, name, share, len(own), wrong, others))
    return results


def report(results: list[Result], show: int) -> dict[str, Any]:
    print(f"{'entity':32} {'type':6} {'articles':>8} {'stored as':>9} {'held':>6} {'aliases':>8}  largest entity")
    for r in results:
        print(
            f"{r.gold.english:32} {r.gold.type:6} {r.articles:8d} {r.entities:9d} {r.held:6.1%}"
            f" {r.alias_share:8.1%}  {r.largest_name}" + ("" if r.ok() else "   <")
        )
        for a in r.wrong_aliases[:show]:
            print(f"{'':58}not its alias: {a}")
        for other, count in r.others[:show] if r.held < HELD_TARGET else ():
            print(f"{'':58}also held by: {other}, {count}")
    counted = [r for r in results if r.articles]
    summary = {
        "entities": len(results),
        "with_articles": len(counted),
        "held_reached": sum(r.held >= HELD_TARGET for r in counted),
        "aliases_reached": sum(r.alias_share >= ALIAS_TARGET for r in counted),
        "both_reached": sum(r.ok() for r in counted),
        "held_min": min((r.held for r in counted), default=0.0),
        "held_mean": sum(r.held for r in counted) / max(1, len(counted)),
        "aliases_min": min((r.alias_share for r in counted), default=0.0),
        "aliases_mean": sum(r.alias_share for r in counted) / max(1, len(counted)),
        "aliases_all": 1 - sum(len(r.wrong_aliases) for r in counted) / max(1, sum(r.aliases for r in counted)),
    }
    print(
        f"\n{summary['with_articles']} of {summary['entities']} gold entities found in the sample;"
        f" held >= {HELD_TARGET:.0%}: {summary['held_reached']}, aliases >= {ALIAS_TARGET:.0%}:"
        f" {summary['aliases_reached']}, both: {summary['both_reached']}"
    )
    print(
        f"held: min {summary['held_min']:.1%}, mean {summary['held_mean']:.1%};"
        f" aliases: min {summary['aliases_min']:.1%}, mean {summary['aliases_mean']:.1%},"
        f" all aliases together {summary['aliases_all']:.1%}"
    )
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="SaudiNewsNet folder or zips")
    ap.add_argument("--outlets", default=",".join(OUTLETS), help="comma-separated outlets (default: %(default)s)")
    ap.add_argument("--per-outlet", type=int, default=600, help="articles of each outlet (default: %(default)s)")
    ap.add_argument("--workers", type=int, default=2, help="analysis processes (default: %(default)s)")
    ap.add_argument("--cache", type=Path, help="keep the analysed articles here, and reuse them")
    ap.add_argument("--db", help="store to link into (default: a temporary SQLite file); must be empty")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--show", type=int, default=5, help="wrong aliases listed per entity (default: %(default)s)")
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = ap.parse_args()
    gold = Gold.read(args.gold)
    records = sample(args.paths, args.outlets.split(","), args.per_outlet)
    items = analysed(records, args.workers, args.cache)
    with tempfile.TemporaryDirectory() as tmp:
        location = args.db or os.path.join(tmp, "entities.db")
        seconds = ingest(items, location)
        print(f"linked {len(items)} articles in {seconds:.1f} s ({location.split('://')[0]})\n", file=sys.stderr)
        results = measure(gold, location)
    summary = report(results, args.show)
    if args.json:
        rows = [
            {
                "english": r.gold.english,
                "type": r.gold.type,
                "articles": r.articles,
                "stored_as": r.entities,
                "held": r.held,
                "aliases": r.alias_share,
            }
            for r in results
        ]
        args.json.write_text(json.dumps({"summary": summary, "entities": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
