"""What the PostgreSQL store adds to the conformance suite: the same answers as SQLite,
many writers at once, a writer killed mid-batch, copies between backends, migrations,
spelling-tolerant names. Skipped, with the reason, where no server can be started."""

from __future__ import annotations

import dataclasses
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from corpus_fixtures import article
from helpers import make_doc
from hypothesis import given, settings
from hypothesis import strategies as st
from postgres_server import fresh_database
from test_ingest import ingest_cmd

from khabar.document import Agent, Quote, Span
from khabar.store import EXPORTS, Incoming, QuoteFilters, SearchFilters, StoreError, open_store
from khabar.store.fulltext import fts5_tokens, index_form
from khabar.store.postgres_schema import MIGRATIONS

# --- FTS5's tokens, reproduced (no server needed) -------------------------------------------

_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى" + "abcXYZ019_-.'\\ " + "µſςϐ" + "\u19b0\u19c8\u1cf2" + "٠١٢"


def _sqlite_tokens(form: str) -> list[str]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(b, tokenize='unicode61 remove_diacritics 0')")
    db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, t, 'instance')")
    db.execute("INSERT INTO t (rowid, b) VALUES (1, ?)", (form,))
    return [r[0] for r in db.execute("SELECT term FROM v ORDER BY offset")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_postgres_fts5_tokens_are_sqlites(text):
    form = index_form(text)
    assert fts5_tokens(form) == _sqlite_tokens(form)


@pytest.mark.parametrize("form", ["قال_الوزير", "µς ſ", "a\u19b1b", "٢٠١٥ 2015"])
def test_postgres_fts5_tokens_edge_characters(form):
    assert fts5_tokens(form) == _sqlite_tokens(form)


# --- a store on a fresh database ------------------------------------------------------------


@pytest.fixture
def pg_url():
    with fresh_database() as url:
        yield url


@pytest.fixture
def pg(pg_url):
    with open_store(pg_url) as store:
        yield store


PEOPLE = ["فهد العتيبي", "خالد الشمري", "سلمان الدوسري", "نورة القحطاني", "عبدالله الغامدي", "ماجد الحربي"]


def records(n: int, seed: int) -> list[dict]:
    """Synthetic articles with people in them (full names, then surnames alone)."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        person = rng.choice(PEOPLE)
        lead = f"قال وزير الطاقة {person} إن البرنامج يسير وفق الخطة. وأكد {person.split()[-1]} أن النتائج مشجعة."
        out.append(
            {
                "title": f"تصريح {k} عن الطاقة",
                "content": lead + "\n" + article(rng, 4),
                "source": rng.choice(["wakala", "sahifa", "jarida"]),
                "date_extracted": f"2015-08-{1 + k % 28:02d}",
                "url": f"http://example.org/p/{seed}/{k}",
            }
        )
    return out


def _docs(count: int, seed: int = 3):
    rng = random.Random(seed)
    people = [("PERSON", p, [p]) for p in PEOPLE]
    docs = []
    for k in range(count):
        text = article(rng, 4) + (" وقال فهد العتيبي إن الخطة ماضية." if k % 3 == 0 else "")
        ents = [e for e in people if e[1] in text]
        docs.append(make_doc(text, ents, published=f"2015-08-{1 + k % 5:02d}").replace(title=f"خبر {k % 7} عن الطاقة"))
    return docs


def web_answers(store, period=("2015-08-02", "2015-08-04")) -> dict:
    """What the web app reads of a store (every Store method it added), by entity name
    and document id rather than by store-made ids, so stores of the same articles compare."""
    out: dict = {
        "top": store.top_entities(limit=50),
        "top_period": store.top_entities(*period, limit=50),
        "top_gpe": store.top_entities(type="GPE"),
        "speakers": store.top_speakers(limit=50),
        "speakers_period": store.top_speakers(*period, limit=50),
        "daily": store.daily_counts(),
        "daily_period": store.daily_counts(*period),
        "stories": store.stories(limit=50, min_size=1),
        "recent": store.stories(limit=50, min_size=1, order="recent"),
    }
    for e in out["top"][:10]:
        out[f"entity {e.name}"] = (
            store.entity(e.id),
            store.entity_timeline(e.id),
            store.entity_roles(e.id),
            store.entity_outlets(e.id),
            [(c.name, c.count) for c in store.entity_quoted_by(e.id)],
            [(r.document.id, r.quote) for r in store.quotes(QuoteFilters(speaker_entity=e.id), limit=5, offset=1)],
        )
    for doc in store.documents(limit=30):
        out[f"document {doc.id}"] = (
            store.entity_links(doc.id),
            store.near_duplicates(doc.id),
            store.document_outlets([doc.id]),
        )
    for story in out["stories"][:5]:
        out[f"story {story.id}"] = (store.story(story.id), store.story_documents(story.id))
    for query in QUERIES[:4]:
        out[f"facets {query}"] = store.search_facets(query, limit=20, scope=7)
    out["words"] = [(r.document.id, r.quote) for r in store.quotes(QuoteFilters(words="الخطة"), limit=20)]
    return out


# --- same answers as SQLite -----------------------------------------------------------------

QUERIES = ["الرياض", "وزارة", "الطاقة", "المشروع الرياض", '"قطاع الطاقة"', '"في المئة"', "خبر", "والتعليم", "مليون"]


def test_postgres_search_gives_sqlites_ids_order_and_scores(pg, tmp_path):
    docs = _docs(60)
    batch = [Incoming(d.id, "t", d, search_form=None) for d in docs]
    with open_store(tmp_path / "k.db") as lite:
        lite.write(batch)
        pg.write(batch)
        compared = ties = 0
        for query in QUERIES:
            for filters in (
                SearchFilters(),
                SearchFilters(entity="فهد العتيبي"),
                SearchFilters(date_from="2015-08-03"),
            ):
                for order in ("relevance", "date"):
                    a = lite.search(query, filters, limit=100, order=order)
                    b = pg.search(query, filters, limit=100, order=order)
                    assert [(h.id, h.score, h.snippet) for h in a] == [(h.id, h.score, h.snippet) for h in b], query
                    compared += len(a)
                    ties += sum(1 for x, y in zip(a, a[1:]) if x.score == y.score)
                    assert [h.id for h in pg.search(query, filters, limit=7, offset=5, order=order)] == [
                        h.id for h in a[5:12]
                    ]
    assert compared > 500 and ties > 10  # the comparison covers ties, broken the same way


def _speaking_docs(count: int, seed: int = 5):
    """Articles where four people speak about three places, each speaker with a role that
    changes over the days; every eleventh article undated."""
    rng = random.Random(seed)
    places = ["الرياض", "جدة", "الدمام"]
    known = [("PERSON", p, [p]) for p in PEOPLE] + [("GPE", p, [p]) for p in places]
    out = []
    for k in range(count):
        speaker = PEOPLE[k % 4]
        text = article(rng, 3) + f" وقال {speaker} إن الخطة في {places[k % 3]} ماضية."
        said = text.rindex("وقال")
        doc = make_doc(
            text, [e for e in known if e[1] in text], published=f"2015-08-{1 + k % 5:02d}" if k % 11 else None
        )
        who = next(e for e in doc.entities if e.name == speaker)
        who = dataclasses.replace(who, roles=("وزير الطاقة" if k < count // 2 else "وزير النفط",))
        mention = next(m for m in who.mentions if m.start == said + 5)
        start = text.index("الخطة", said)
        quote = Quote(start, len(text) - 1, "indirect", Span(said, said + 4), Agent(speaker, who.id, mention))
        entities = tuple(who if e.id == who.id else e for e in doc.entities)
        out.append(doc.replace(entities=entities, quotes=(quote,), title=f"خبر {k % 7} عن الطاقة"))
    return out


def test_postgres_web_methods_give_sqlites_answers(pg, tmp_path):
    docs = _speaking_docs(60)
    inputs = [Incoming(d.id, "t", d.replace(source=["spa", "okaz"][k % 2])) for k, d in enumerate(docs)]
    inputs += [Incoming(f"copy{k}", "t", docs[k].replace(source="riyadh")) for k in range(0, 60, 7)]
    with open_store(tmp_path / "k.db") as lite:
        for store in (lite, pg):
            for start in range(0, len(inputs), 9):
                store.write(inputs[start : start + 9])
            store.set_duplicates({docs[4].id: docs[1].id, docs[7].id: docs[1].id})
            store.set_stories({d.id: k % 4 for k, d in enumerate(docs[:20])})
        mine, theirs = web_answers(pg), web_answers(lite)
    assert mine["speakers"] and mine["words"] and any(a[2] for k, a in mine.items() if k.startswith("entity "))
    assert mine == theirs


def test_postgres_nul_in_stored_or_asked_text_is_no_error(pg, tmp_path):
    """PostgreSQL text cannot hold NUL, SQLite's can: a URL or outlet carrying one is
    stored (NUL as U+FFFD) and found again, a look-up with one finds what SQLite finds."""
    doc = make_doc("قال سيرغي لافروف إن المحادثات مستمرة.", [("PERSON", "سيرغي لافروف", ["سيرغي لافروف"])])
    doc = doc.replace(url="http://x.example/\x00a", source="wakala\x00")
    with open_store(tmp_path / "k.db") as lite:
        answers = []
        for store in (lite, pg):
            store.write([Incoming("k", "t", doc)])
            answers.append(
                (
                    store.entity_ids("لافروف\x00"),
                    store.find_ids("\x00"),
                    store.info("\x00"),
                    store.quotes(QuoteFilters(speaker="\x00", words="المحادثات\x00")),
                    [h.id for h in store.search("المحادثات", SearchFilters(entity="لاف\x00روف"))],
                    [h.id for h in store.search("المحادثات", SearchFilters(source="wakala\x00"))],
                    store.search_facets("المحادثات\x00", SearchFilters(source="wakala\x00")).total,
                )
            )
        assert answers[0] == answers[1] and answers[1][5] == [doc.id] and answers[1][2] is None
        assert pg.get(doc.id).url == "http://x.example/\ufffda" and pg.info(doc.id).source == "wakala\ufffd"


def test_postgres_names_tolerate_spelling_variants(pg):
    doc = make_doc("قال سيرغي لافروف إن المحادثات مستمرة.", [("PERSON", "سيرغي لافروف", ["سيرغي لافروف"])])
    pg.write([Incoming("k", "t", doc)])
    [exact] = pg.entity_ids("سيرغي لافروف")
    assert pg.entity_ids("سيرجي لافروف") == [exact]  # a spelling nobody wrote
    assert pg.entity_ids("أوباما") == [] and pg.entity_ids("...") == []
    assert [h.id for h in pg.search("المحادثات", SearchFilters(entity="سيرجى لافروف"))] == [doc.id]


# --- many writers ---------------------------------------------------------------------------


def test_postgres_writers_link_what_other_writers_stored(pg_url):
    full = make_doc("استقبل فلاديمير بوتين الوفد.", [("PERSON", "فلاديمير بوتين", ["فلاديمير بوتين"])])
    surname = make_doc("قال بوتين إن العلاقات قوية.", [("PERSON", "بوتين", ["بوتين"])])
    with open_store(pg_url) as one, open_store(pg_url) as two:
        one.write([Incoming("a", "t", full)])  # two's linker was loaded before this: it must catch up
        two.write([Incoming("b", "t", make_doc("خبر عن الطقس."))])
        two.write([Incoming("c", "t", surname)])
        [putin] = one.entity_ids("فلاديمير بوتين")
        assert one.entity(putin).articles == 2 and one.counts()["entities"] == 1


def test_postgres_older_dedup_answer_does_not_win(pg_url):
    a, b, c = (make_doc(t) for t in ("خبر أول عن النفط.", "خبر ثان عن النفط.", "خبر ثالث عن الذهب."))
    sig = b"\x01\x00\x00\x00" * 4
    with open_store(pg_url) as early, open_store(pg_url) as late:
        early.write([Incoming("a", "t", a, signature=sig), Incoming("b", "t", b, signature=sig)])
        list(early.signatures())  # early computes from 2 documents ...
        late.write([Incoming("c", "t", c, signature=sig)])
        list(late.signatures())  # ... late from 3, and stores its answer first
        late.set_duplicates({b.id: a.id, c.id: a.id})
        early.set_duplicates({b.id: a.id})  # the older answer arrives last: kept out
        assert late.counts()["near_duplicates"] == 2


def _write_inputs(folder, recs, parts):
    folder.mkdir(parents=True, exist_ok=True)
    for k, part in enumerate(parts):
        with open(folder / f"in{k}.jsonl", "w", encoding="utf-8") as out:
            for i in part:
                out.write(json.dumps(recs[i], ensure_ascii=False) + "\n")


def test_postgres_four_ingests_at_once_store_every_article_once(pg_url, tmp_path):
    recs = records(80, seed=11)
    recs += [
        {**recs[k], "source": "copier", "url": f"http://copier.example.org/{k}"} for k in range(10)
    ]  # exact copies
    n = len(recs)
    # four overlapping inputs: each process reads three quarters of the records, in its own order
    slices = []
    for p in range(4):
        picked = [i for i in range(n) if i % 4 != p]
        random.Random(p).shuffle(picked)
        slices.append(picked)
    for p, picked in enumerate(slices):
        _write_inputs(tmp_path / f"p{p}", recs, [picked])
    procs = [
        subprocess.Popen(
            ingest_cmd(str(tmp_path / f"p{p}"), "--db", pg_url, "--workers", "1", "--batch", "7", "--no-count"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in range(4)
    ]
    errors = [proc.communicate(timeout=600)[1] for proc in procs]
    assert all(proc.returncode == 0 for proc in procs), errors
    with open_store(pg_url, readonly=True) as store:
        counts = store.counts()
        distinct_texts = len({r["content"] for r in recs})
        assert counts["documents"] == distinct_texts and counts["inputs"] == n  # once each; every copy recorded
        _check_integrity(store)
        # linking under concurrency is the single writer's: replaying the documents in the
        # order they were committed into one SQLite store gives the same corpus entities
        docs = [store.get(info.id) for info in store.documents(limit=10_000)]
        with open_store(tmp_path / "replay.db") as lite:
            for k, doc in enumerate(docs):
                lite.write([Incoming(f"r{k}", "replay", doc)])
            for table in ("entities", "quotes"):
                assert list(lite.export(table)[1]) == list(store.export(table)[1])
            # ... and so are the counts each writer kept up to date under the lock
            kept = _kept_counts(store)
            assert kept["role_mentions"] and kept == _kept_counts(lite)


def _kept_counts(store) -> dict:
    """The rows of the counts a store keeps beside its documents, entity and document numbers as stored."""
    sql = {
        "entity_days": "SELECT day, entity, articles FROM entity_days ORDER BY day, entity",
        "speaker_days": "SELECT day, entity, quotes FROM speaker_days ORDER BY day, entity",
        "role_mentions": "SELECT entity, role, doc FROM role_mentions ORDER BY entity, role, doc",
        "articles": "SELECT id, articles FROM entities ORDER BY id",
    }
    if hasattr(store, "pool"):
        with store.pool.connection() as conn:
            return {name: [tuple(r) for r in conn.execute(q)] for name, q in sql.items()}
    return {name: store.db.execute(q).fetchall() for name, q in sql.items()}


def _check_integrity(store):
    """Every document whole: its text, index row and every index table agree with the
    Document it stores; totals agree with the rows."""
    with store.pool.connection() as conn:
        orphans = conn.execute(
            "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM contents c WHERE c.n = d.n)"
            " OR NOT EXISTS (SELECT 1 FROM search s WHERE s.n = d.n) OR NOT EXISTS (SELECT 1 FROM inputs i WHERE i.doc = d.n)"
        ).fetchone()[0]
        assert orphans == 0
        docs, tokens = conn.execute("SELECT docs, tokens FROM search_totals").fetchone()
        assert (docs, tokens) == conn.execute("SELECT COUNT(*), COALESCE(SUM(tokens), 0) FROM search").fetchone()
        per_doc = dict(
            conn.execute(
                "SELECT d.id, (SELECT COUNT(*) FROM mentions m WHERE m.doc = d.n) * 1000"
                " + (SELECT COUNT(*) FROM quotes q WHERE q.doc = d.n) * 10 + (SELECT COUNT(*) FROM times t WHERE t.doc = d.n)"
                " FROM documents d"
            ).fetchall()
        )
    for doc_id, shape in per_doc.items():
        doc = store.get(doc_id)
        assert shape == sum(len(e.mentions) for e in doc.entities) * 1000 + len(doc.quotes) * 10 + len(doc.times)


# --- a writer killed mid-batch --------------------------------------------------------------


def _dump(url) -> dict:
    with open_store(url, readonly=True) as store:
        out = {table: list(store.export(table)[1]) for table in EXPORTS}
        with store.pool.connection() as conn:
            out["inputs"] = conn.execute("SELECT key, doc, origin, source FROM inputs ORDER BY key").fetchall()
            out["search"] = conn.execute("SELECT n, words::text, freq::text, tokens FROM search ORDER BY n").fetchall()
            out["aliases"] = conn.execute(
                "SELECT entity, key, alias, count FROM aliases ORDER BY entity, key"
            ).fetchall()
        out["counts"] = store.counts()
    return out


def test_postgres_writer_killed_mid_batch_loses_nothing_committed(tmp_path):
    _write_inputs(tmp_path / "in", records(60, seed=5), [range(60)])
    args = [str(tmp_path / "in"), "--workers", "1", "--batch", "8", "--no-count"]
    with fresh_database() as reference, fresh_database() as crash:
        subprocess.run(ingest_cmd(*args, "--db", reference), check=True, capture_output=True)
        with open_store(crash) as store, store.pool.connection() as conn:
            # every input row takes a moment to write, so the kill lands inside a batch's
            # transaction, after its documents, entities and quotes rows were written
            conn.execute(
                "CREATE FUNCTION slow_input() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN PERFORM pg_sleep(0.1); RETURN NEW; END $$;"
                " CREATE TRIGGER slow BEFORE INSERT ON inputs FOR EACH ROW EXECUTE FUNCTION slow_input()"
            )
        proc = subprocess.Popen(ingest_cmd(*args, "--db", crash), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        committed = 0
        with open_store(crash, readonly=True) as store, store.pool.connection() as conn:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and proc.poll() is None:
                committed = conn.execute("SELECT COUNT(*) FROM inputs").fetchone()[0]
                writing = conn.execute(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'COPY inputs%%' AND state = 'active'"
                ).fetchone()[0]
                if committed >= 16 and writing:
                    break
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            assert 16 <= committed < 60 and writing, "the kill must land inside a batch, midway"
            time.sleep(0.5)  # the server notices the dead client and rolls its batch back
            after = conn.execute("SELECT COUNT(*) FROM inputs").fetchone()[0]
        assert after == committed  # the committed batches stay; the one cut short left nothing
        with open_store(crash, readonly=True) as store:
            _check_integrity(store)
        with open_store(crash) as store, store.pool.connection() as conn:
            conn.execute("DROP TRIGGER slow ON inputs")
        resumed = subprocess.run(ingest_cmd(*args, "--db", crash), check=True, capture_output=True, text=True)
        assert "already stored" in resumed.stderr
        assert _dump(crash) == _dump(reference)


# --- copies between backends, migrations, errors --------------------------------------------


def test_postgres_copy_round_trips_to_the_same_export(tmp_path):
    from click.testing import CliRunner
    from test_store_conformance import _full_document

    from khabar.cli import main

    lite = tmp_path / "a.db"
    docs = _docs(25)
    with open_store(lite) as store:
        store.write([Incoming(d.id, "t", d.replace(source="spa")) for d in docs])
        store.write([Incoming("full", "t", _full_document())])  # quotes, times, roles, a registered layer
        store.write([Incoming(d.id, "t", d.replace(source="okaz")) for d in _speaking_docs(20)])
        store.set_duplicates({docs[1].id: docs[0].id})
        store.set_stories({docs[0].id: 0, docs[1].id: 0})
        store.put_embeddings({docs[0].id: b"\x00\x3c" * 4})
    with fresh_database(empty=True) as url:
        runner = CliRunner()
        there = runner.invoke(main, ["db", "copy", "--from", f"sqlite:///{lite}", "--to", url])
        assert there.exit_code == 0, there.output
        back = runner.invoke(main, ["db", "copy", "--from", url, "--to", str(tmp_path / "b.db")])
        assert back.exit_code == 0, back.output
        again = runner.invoke(main, ["db", "copy", "--from", str(lite), "--to", url])
        assert again.exit_code != 0 and "not empty" in again.output
        stores = [open_store(x, readonly=True) for x in (lite, url, tmp_path / "b.db")]
        try:
            for table in EXPORTS:
                first = list(stores[0].export(table)[1])
                assert first and all(list(s.export(table)[1]) == first for s in stores[1:]), table
            assert stores[0].counts() == stores[1].counts() == stores[2].counts()
            kept = _kept_counts(stores[0])
            assert kept["role_mentions"] and _kept_counts(stores[1]) == kept == _kept_counts(stores[2])
            answers = web_answers(stores[0])
            assert web_answers(stores[1]) == answers == web_answers(stores[2])
            assert stores[1].embeddings() == stores[0].embeddings() and stores[1].stories() == stores[0].stories()
            assert stores[1].get(docs[3].id) == docs[3].replace(source="spa")
            for query in QUERIES:
                ids = [[h.id for h in s.search(query, limit=50)] for s in stores]
                assert ids[0] == ids[1] == ids[2]
        finally:
            for s in stores:
                s.close()


def test_postgres_upgrade_fills_the_counts_of_an_older_store(pg_url):
    """A store made before the web app's tables (schema 2) gets them filled from its rows:
    the same answers as the counts kept on write (the documents carry their Latin names,
    so the later rebuild of the index, which gives them those, changes nothing else)."""
    from click.testing import CliRunner

    from khabar.cli import main
    from khabar.entities.latin import add_latin

    docs = [d.replace(entities=tuple(add_latin(list(d.entities)))) for d in _speaking_docs(40)]
    with open_store(pg_url) as store:
        for start in range(0, 40, 8):
            store.write([Incoming(d.id, "t", d.replace(source="spa")) for d in docs[start : start + 8]])
        kept, rows = web_answers(store), _kept_counts(store)
        with store.pool.connection() as conn:  # back to schema 2
            conn.execute(
                "DROP TABLE latins; DROP SEQUENCE latins_seq; ALTER TABLE entities DROP COLUMN seq;"
                " DROP SEQUENCE entities_seq;"
                " DROP TABLE role_mentions, entity_days, speaker_days; ALTER TABLE entities DROP COLUMN articles;"
                " DROP INDEX inputs_published, inputs_doc_source, quotes_doc_span; UPDATE khabar_schema SET version = 2"
            )
    with pytest.raises(StoreError, match="khabar db upgrade"):
        open_store(pg_url, readonly=True)
    result = CliRunner().invoke(main, ["db", "upgrade", "--db", pg_url])
    assert result.exit_code == 0 and f"schema version 2 -> {len(MIGRATIONS)}" in result.output, result.output
    with open_store(pg_url, readonly=True) as store:
        assert _kept_counts(store) == rows and rows["role_mentions"]
        assert web_answers(store) == kept


def test_postgres_db_upgrade_then_readers(tmp_path):
    from click.testing import CliRunner

    from khabar.cli import main

    with fresh_database(empty=True) as url:
        with pytest.raises(StoreError, match="khabar db upgrade"):
            open_store(url, readonly=True)
        result = CliRunner().invoke(main, ["db", "upgrade", "--db", url])
        assert result.exit_code == 0 and f"schema version 0 -> {len(MIGRATIONS)}" in result.output
        result = CliRunner(env={"KHABAR_DB": url}).invoke(main, ["db", "upgrade"])
        assert "up to date" in result.output
        with open_store(url, readonly=True) as store:
            assert store.counts()["documents"] == 0
            with pytest.raises(Exception, match="read-only"):
                store.set_stories({})


def test_postgres_unreachable_server_is_one_clear_line():
    from click.testing import CliRunner

    from khabar.cli import main

    result = CliRunner().invoke(main, ["search", "الرياض", "--db", "postgresql://nobody:secret@127.0.0.1:1/none"])
    assert result.exit_code == 1 and "cannot connect to postgresql://nobody:***@127.0.0.1:1/none" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output


def test_postgres_is_imported_only_for_postgres_locations():
    code = "import sys, khabar.cli, khabar.store; khabar.store.open_store(sys.argv[1]).close(); print('psycopg' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code, ":memory:"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
