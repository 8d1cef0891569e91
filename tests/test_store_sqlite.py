"""What only the SQLite backend does: its file, its lock, its migrations."""

import json
import sqlite3
import zlib

import pytest
from helpers import make_doc

from khabar.store import Incoming, StoreError, open_store
from khabar.store.schema import MIGRATIONS

CHINA = "وقعت المملكة والصين اتفاقية جديدة للتعاون في مجال الطاقة المتجددة."


def test_store_migrations_record_the_version(tmp_path):
    path = tmp_path / "k.db"
    open_store(path).close()
    with open_store(path, readonly=True) as s:
        assert s.version() == len(MIGRATIONS)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_missing_file_read_fails_with_a_hint(tmp_path):
    with pytest.raises(StoreError, match="khabar ingest"):
        open_store(tmp_path / "none.db", readonly=True)


def test_store_second_writer_is_refused(tmp_path):
    first = open_store(tmp_path / "k.db")
    first.lock_for_writing()
    second = open_store(tmp_path / "k.db")
    with pytest.raises(StoreError, match="another process"):
        second.lock_for_writing()
    first.close()
    second.close()


def test_store_old_schema_is_upgraded_on_open(tmp_path):
    """A store written by khabar 0.1 (schema 3: no whole layers) opens, upgrades, searches,
    and gives back what its index tables kept of each document."""
    from khabar.store.fulltext import search_form
    from khabar.store.sqlite import _statements

    path = tmp_path / "old.db"
    text = "قال سيرغي لافروف إن المحادثات في بكين كانت مثمرة أمس."
    db = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:3]:
        for statement in _statements(script):
            db.execute(statement)
    db.execute("PRAGMA user_version = 3")
    doc_id = make_doc(text).id
    layout = json.dumps({"paragraphs": [[0, len(text), "body"]], "sentences": [[0, len(text)]]})
    db.execute("INSERT INTO documents (n, id, published) VALUES (1, ?, '2024-04-09')", (doc_id,))
    db.execute("INSERT INTO contents (n, text, layout) VALUES (1, ?, ?)", (text, layout))
    db.execute("INSERT INTO search (rowid, title, body) VALUES (1, ?, ?)", search_form(None, text)[:2])
    db.execute("INSERT INTO entities (id, type, name, key) VALUES (7, 'PERSON', 'سيرغي لافروف', 'سيرغي لافروف')")
    db.execute('INSERT INTO mentions (doc, entity, start, "end") VALUES (1, 7, 4, 16)')
    yesterday = text.index("أمس")
    db.execute(
        "INSERT INTO times (doc, start, \"end\", type, value) VALUES (1, ?, ?, 'DATE', '2024-04-08')",
        (yesterday, yesterday + 3),
    )
    db.execute(
        'INSERT INTO quotes (doc, start, "end", kind, cue_start, cue_end, speaker, speaker_name)'
        " VALUES (1, 20, 49, 'indirect', 0, 3, 7, 'سيرغي لافروف')"
    )
    db.close()
    with pytest.raises(StoreError, match="upgrade"):
        open_store(path, readonly=True)
    with open_store(path) as new:
        assert new.version() == len(MIGRATIONS)
        assert [h.id for h in new.search("بكين")] == [doc_id]
        doc = new.get(doc_id)
    assert doc is not None and doc.text == text and len(doc.sentences) == 1
    assert [(e.id, e.name, [(m.start, m.end) for m in e.mentions]) for e in doc.entities] == [
        ("e1", "سيرغي لافروف", [(4, 16)])
    ]
    assert [(t.value, doc.span_text(t)) for t in doc.times] == [("2024-04-08", "أمس")]
    [quote] = doc.quotes
    assert quote.speaker is not None and (quote.speaker.name, quote.speaker.entity) == ("سيرغي لافروف", "e1")


def test_store_keeps_layers_compressed(tmp_path):
    doc = make_doc(CHINA, [("GPE", "الصين", ["الصين"])])
    with open_store(tmp_path / "k.db") as store:
        store.write([Incoming("k", "t", doc)])
    [(blob,)] = sqlite3.connect(tmp_path / "k.db").execute("SELECT layers FROM contents")
    layers = json.loads(zlib.decompress(blob))
    assert layers["entities"][0]["name"] == "الصين" and "text" not in layers


def test_store_roles_and_day_counts_of_documents_stored_before_migration_5_are_backfilled(tmp_path):
    """A store made at schema 4 kept whole layers but no role rows and no day counts: the
    upgrade reads the roles back from the layers and counts the days from the index
    tables, so roles over time and the period rankings cover the old documents too."""
    import dataclasses

    path = tmp_path / "k.db"
    text = "استقبل وزير الخارجية سيرغي لافروف نظيره في موسكو."
    doc = make_doc(text, [("PERSON", "سيرغي لافروف", ["سيرغي لافروف"])], published="2015-08-04")
    doc = doc.replace(entities=(dataclasses.replace(doc.entities[0], roles=("وزير الخارجية",)),))
    with open_store(path) as store:
        store.write([Incoming("k", "t", doc)])
        [eid] = store.entity_ids("سيرغي لافروف")
    db = sqlite3.connect(path, isolation_level=None)
    for table in ("role_mentions", "entity_days", "speaker_days", "events", "latins", "search"):
        db.execute(f"DROP TABLE {table}")
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0')"
    )
    db.execute("DROP INDEX documents_story")
    db.execute("DROP INDEX inputs_published")
    db.execute("DROP INDEX inputs_doc_source")
    db.execute("DROP INDEX quotes_doc_span")
    db.execute("DROP INDEX entities_articles")
    db.execute("ALTER TABLE entities DROP COLUMN articles")
    db.execute("PRAGMA user_version = 4")
    db.close()
    with open_store(path) as store:
        assert store.version() == len(MIGRATIONS)
        assert [(r.role, r.articles, r.first_seen) for r in store.entity_roles(eid)] == [
            ("وزير الخارجية", 1, "2015-08-04")
        ]
        assert [(e.id, e.count) for e in store.top_entities("2015-08-01", "2015-08-31")] == [(eid, 1)]
        assert store.entity_timeline(eid) == [("2015-08-04", 1)]


def test_store_rebuild_counts_gives_what_writes_kept(tmp_path):
    """The counts kept on write (per day, all time, roles) equal those rebuilt from the
    rows, as after ``khabar db copy`` into a SQLite store."""
    import dataclasses

    docs = []
    for k in range(6):
        text = f"قال سيرغي لافروف إن المحادثات رقم {k} مع الصين جيدة."
        doc = make_doc(
            text,
            [("PERSON", "سيرغي لافروف", ["سيرغي لافروف"]), ("GPE", "الصين", ["الصين"])],
            published=f"2015-08-0{k % 3 + 1}" if k < 5 else None,
        )
        lavrov = dataclasses.replace(doc.entities[0], roles=("وزير الخارجية",))
        doc = doc.replace(entities=(lavrov, doc.entities[1]))
        docs.append(Incoming(f"k{k}", "t", doc))
    with open_store(tmp_path / "k.db") as store:
        store.write(docs)

        def counts():
            lavrov = store.entity_ids("سيرغي لافروف")[0]
            return (
                store.top_entities(),
                store.top_entities("2015-08-02", "2015-08-03"),
                store.top_speakers(),
                store.entity_timeline(lavrov),
                store.entity_roles(lavrov),
                store.entity(lavrov),
            )

        kept = counts()
        store.db.execute("BEGIN")
        store.rebuild_counts()
        store.db.execute("COMMIT")
        assert counts() == kept
        assert [(e.name, e.count) for e in kept[0]] == [("الصين", 6), ("سيرغي لافروف", 6)]
