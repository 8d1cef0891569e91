"""A store made before match keys kept a word's own و/ف, before the linker's new rules and
before Latin names (SQLite schema 7, PostgreSQL schema 3) answers, once upgraded, as a
store ingested anew from the same documents does: the upgrade rebuilds every index row."""

import sqlite3

import pytest
from helpers import make_doc
from store_backends import BACKENDS

from khabar import arabic
from khabar.entities.latin import add_latin
from khabar.service import find_entities
from khabar.store import Incoming, SearchFilters, open_store
from khabar.store.postgres_schema import MIGRATIONS as POSTGRES_MIGRATIONS
from khabar.store.schema import MIGRATIONS as SQLITE_MIGRATIONS
from khabar.store.schema import REINDEX

TEXTS = [
    ("قال وزير الخارجية الروسي سيرغي لافروف في واشنطن إن المحادثات مع وزارة الخارجية مثمرة.", "سيرغي لافروف"),
    ("التقى وزير الخارجية سيرجي لافروف نظيره في فرنسا وبحثا الأزمة.", "سيرجي لافروف"),
    ("أكد لافروف أن وفرنسا وواشنطن متفقتان.", "لافروف"),
]
QUERIES = ["وزير", "الوزير", "واشنطن", "فرنسا", "Lavrov", "لافروف", "المحادثات"]


def _documents(with_latin: bool):
    docs = []
    for k, (text, name) in enumerate(TEXTS):
        doc = make_doc(text, [("PERSON", name, [name])], published=f"2015-08-0{k + 1}")
        if with_latin:
            doc = doc.replace(entities=tuple(add_latin(list(doc.entities))))
        docs.append(doc)
    return docs


def _old_key(word: str) -> str:
    """match_key as it was: any leading و/ف of a long word dropped."""
    w = arabic.normalize(word)
    return arabic.match_key(w[1:] if len(w) > 3 and w[0] in arabic.CONJUNCTIONS else w)


def _age_sqlite(path) -> None:
    """Make a store look like one written by the previous schema: two-column full-text
    index with the old keys, entities as the old linker left them, no Latin names."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TABLE search")
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0')"
    )
    for n, text in db.execute("SELECT n, text FROM contents").fetchall():
        db.execute(
            "INSERT INTO search (rowid, title, body) VALUES (?, '', ?)", (n, " ".join(map(_old_key, text.split())))
        )
    db.execute("DELETE FROM latins")
    db.execute("UPDATE entities SET key = key || ' قديم', articles = 0")
    db.execute(f"PRAGMA user_version = {SQLITE_MIGRATIONS.index(REINDEX) - 1}")
    db.close()


def _age_postgres(url) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DELETE FROM search")
        conn.execute("DELETE FROM latins")
        conn.execute("UPDATE entities SET key = key || ' قديم', articles = 0")
        conn.execute("UPDATE khabar_schema SET version = %s", (POSTGRES_MIGRATIONS.index(REINDEX),))


def _answers(store):
    hits = {q: [h.id for h in store.search(q)] for q in QUERIES}
    filtered = [h.id for h in store.search("فرنسا", SearchFilters(entity="Lavrov"))]
    profiles = [(p.name, p.latin, p.articles, sorted(a for a, _ in p.aliases)) for p in find_entities(store, "لافروف")]
    return hits, filtered, profiles, [store.get(d.id) for d in _documents(True)]


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_store_upgrade_rebuilds_the_index_as_a_fresh_ingest(backend, tmp_path):
    old_docs = _documents(False)
    for part in ("fresh", "old"):
        (tmp_path / part).mkdir()
    with BACKENDS[backend](tmp_path / "fresh") as fresh:
        fresh.write([Incoming(d.id, "t", d) for d in _documents(True)])
        expected = _answers(fresh)
    with BACKENDS[backend](tmp_path / "old") as old:
        old.write([Incoming(d.id, "t", d) for d in old_docs])
        location = old.location
        if backend == "sqlite":
            old.close()
            _age_sqlite(location)
        else:
            _age_postgres(location)
            old.close()
        with open_store(location) as upgraded:
            assert _answers(upgraded) == expected
    hits, filtered, profiles, docs = expected
    assert len(hits["Lavrov"]) == 3 and hits["وزير"] == hits["الوزير"] != []
    assert [(p[0], p[1].endswith("Lavrov"), p[2]) for p in profiles] == [("سيرغي لافروف", True, 3)]
    assert all(e.latin for d in docs for e in d.entities)
