"""A store made before match keys kept a word's own و/ف, before the linker's new rules and
before Latin names (SQLite schema 6, PostgreSQL schema 3: main before issue 15) answers,
once upgraded, as a store ingested anew from the same documents does: the upgrade
rebuilds every index row, the web app's counts included."""

import sqlite3

import pytest
from helpers import make_doc
from store_backends import BACKENDS
from test_store_postgres import _kept_counts, _speaking_docs, web_answers

from khabar import arabic
from khabar.entities.latin import add_latin
from khabar.service import find_entities
from khabar.store import Incoming, SearchFilters, open_store
from khabar.store.postgres_schema import MIGRATIONS as POSTGRES_MIGRATIONS
from khabar.store.schema import MIGRATIONS as SQLITE_MIGRATIONS

# the schema versions of a store written before Latin names (main before issue 15)
SQLITE_BEFORE, POSTGRES_BEFORE = 6, 3

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
    db.execute("DROP TABLE latins")
    db.execute("DROP TABLE search")
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0')"
    )
    for n, text in db.execute("SELECT n, text FROM contents").fetchall():
        db.execute(
            "INSERT INTO search (rowid, title, body) VALUES (?, '', ?)", (n, " ".join(map(_old_key, text.split())))
        )
    db.execute("UPDATE entities SET key = key || ' قديم', articles = 0")
    db.execute("UPDATE entity_days SET articles = articles + 7")  # counts the old linker made
    db.execute("UPDATE speaker_days SET quotes = quotes + 7")
    db.execute(f"PRAGMA user_version = {SQLITE_BEFORE}")
    db.close()


def _age_postgres(url) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DELETE FROM search")
        conn.execute("DROP TABLE latins; DROP SEQUENCE latins_seq")
        conn.execute("ALTER TABLE entities DROP COLUMN seq; DROP SEQUENCE entities_seq")
        conn.execute("UPDATE entities SET key = key || ' قديم', articles = 0")
        conn.execute("UPDATE entity_days SET articles = articles + 7; UPDATE speaker_days SET quotes = quotes + 7")
        conn.execute("UPDATE khabar_schema SET version = %s", (POSTGRES_BEFORE,))


def _answers(store):
    hits = {q: [h.id for h in store.search(q)] for q in QUERIES}
    filtered = [h.id for h in store.search("فرنسا", SearchFilters(entity="Lavrov"))]
    facets = store.search_facets("Lavrov")
    filtered.append((facets.total, [(e.name, e.count) for e in facets.entities]))
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
        location = _age(backend, old)
        with open_store(location) as upgraded:
            assert _answers(upgraded) == expected
    hits, filtered, profiles, docs = expected
    assert len(hits["Lavrov"]) == 3 and hits["وزير"] == hits["الوزير"] != []
    assert filtered[-1] == (3, [("سيرغي لافروف", 3)])  # facets of a Latin name (main's matching_sql)
    assert [(p[0], p[1].endswith("Lavrov"), p[2]) for p in profiles] == [("سيرغي لافروف", True, 3)]
    assert all(e.latin for d in docs for e in d.entities)


def _age(backend: str, store) -> str:
    location = store.location
    if backend == "sqlite":
        store.close()
        _age_sqlite(location)
    else:
        _age_postgres(location)
        store.close()
    return location


def test_the_schema_before_is_a_prefix_of_todays():
    """Migrations are only appended: a store at the old version has exactly the tables
    the first migrations made, and the upgrade runs the rest."""
    assert len(SQLITE_MIGRATIONS) > SQLITE_BEFORE and len(POSTGRES_MIGRATIONS) > POSTGRES_BEFORE
    assert "latins" not in "".join(SQLITE_MIGRATIONS[:SQLITE_BEFORE])
    assert "latins" not in "".join(POSTGRES_MIGRATIONS[:POSTGRES_BEFORE])


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_store_upgrade_gives_the_web_counts_of_a_fresh_ingest(backend, tmp_path):
    """Articles per entity and per day, quotes per speaker, roles over time, the
    rankings, each entity's page: after the upgrade, those of a fresh ingest, row for row."""
    docs = [d.replace(source="spa") for d in _speaking_docs(30)]  # as the old pipeline made them
    named = [d.replace(entities=tuple(add_latin(list(d.entities)))) for d in docs]  # as today's does
    assert named != docs
    for part in ("fresh", "old"):
        (tmp_path / part).mkdir()
    with BACKENDS[backend](tmp_path / "fresh") as fresh:
        for start in range(0, 30, 8):
            fresh.write([Incoming(d.id, "t", d) for d in named[start : start + 8]])
        expected = web_answers(fresh), _kept_counts(fresh), fresh.counts()
    with BACKENDS[backend](tmp_path / "old") as old:
        for start in range(0, 30, 8):
            old.write([Incoming(d.id, "t", d) for d in docs[start : start + 8]])
        location = _age(backend, old)
        with open_store(location) as upgraded:
            assert (web_answers(upgraded), _kept_counts(upgraded), upgraded.counts()) == expected
    assert expected[1]["role_mentions"] and expected[1]["speaker_days"] and expected[1]["entity_days"]
