import sqlite3

import pytest
from helpers import make_doc

from khabar.document import Agent, Quote, Span
from khabar.store import Incoming, SearchFilters, StoreError, open_store
from khabar.store.fulltext import EmptyQueryError, fts_query
from khabar.store.schema import MIGRATIONS


def incoming(doc, key=None, source=None, published=None):
    doc = doc.replace(source=source, published=published)
    return Incoming(key or doc.id + (source or ""), f"test#{key}", doc)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "k.db") as s:
        yield s


CHINA = "وقعت المملكة والصين اتفاقية جديدة للتعاون في مجال الطاقة المتجددة."
OIL = "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار خفض الإنتاج."


@pytest.mark.parametrize("query", ["الصين", "والصين", "للصين", "بالصين", "الصِّين", "صين"])
def test_store_search_matches_clitic_and_diacritic_forms(store, query):
    store.write([incoming(make_doc(CHINA)), incoming(make_doc(OIL))])
    hits = store.search(query)
    assert [h.id for h in hits] == [make_doc(CHINA).id]
    assert "الصين" in hits[0].snippet


def test_store_search_every_word_must_occur(store):
    store.write([incoming(make_doc(CHINA)), incoming(make_doc(OIL))])
    assert store.search("الطاقة النفط") == []
    assert len(store.search("أسعار النفط")) == 1


def test_store_search_ranks_title_and_frequency(store):
    a = make_doc("تحدث الوزير عن الميزانية العامة في مؤتمر صحفي.")
    b = make_doc("الميزانية الجديدة: قال الوزير إن الميزانية تركز على الميزانية التشغيلية.")
    store.write([incoming(a), incoming(b)])
    assert [h.id for h in store.search("الميزانية")] == [b.id, a.id]


@pytest.mark.parametrize("query", ["", "  ", "...", '""'])
def test_store_search_rejects_query_without_words(query):
    with pytest.raises(EmptyQueryError):
        fts_query(query)


def test_store_search_cannot_be_broken_by_fts_syntax(store):
    store.write([incoming(make_doc(CHINA))])
    assert store.search('الصين OR NEAR( * "') == []  # taken as words, not as operators


def test_store_filters_by_source_and_dates(store):
    docs = [make_doc(f"أعلنت الوزارة خطة النقل رقم {k} في الرياض.") for k in range(4)]
    store.write(
        [
            incoming(d, source=s, published=p)
            for d, s, p in zip(
                docs, ["spa", "spa", "okaz", "okaz"], ["2015-07-30", "2015-08-02", "2015-08-03", "2015-08-09"]
            )
        ]
    )

    def ids(hits):
        return {h.id for h in hits}

    assert ids(store.search("خطة النقل", SearchFilters(source="spa"))) == {docs[0].id, docs[1].id}
    assert ids(store.search("خطة النقل", SearchFilters(date_from="2015-08-01", date_to="2015-08-03"))) == {
        docs[1].id,
        docs[2].id,
    }
    assert store.search("خطة النقل", SearchFilters(source="nobody")) == []


def test_store_filters_by_entity_and_speaker(store):
    a = make_doc("قال فلاديمير بوتين إن المحادثات كانت بناءة.", [("PERSON", "فلاديمير بوتين", ["فلاديمير بوتين"])])
    quote = Quote(14, 38, "indirect", Span(0, 3), Agent("فلاديمير بوتين", "e1", Span(4, 13)))
    a = a.replace(quotes=(quote,))
    b = make_doc("أكد المحللون أن المحادثات مع بوتين لم تكن بناءة.", [("PERSON", "بوتين", ["بوتين"])])
    c = make_doc("قالت الوزارة إن المحادثات التجارية مستمرة.")
    store.write([incoming(a), incoming(b), incoming(c)])
    assert {h.id for h in store.search("المحادثات", SearchFilters(entity="بوتين"))} == {a.id, b.id}
    assert [h.id for h in store.search("المحادثات", SearchFilters(speaker="بوتين"))] == [a.id]
    assert store.search("المحادثات", SearchFilters(entity="أوباما")) == []


def test_store_quotes_by_speaker_and_profile(store):
    text = "قال وزير الخارجية سيرغي لافروف إن الحل السياسي هو الخيار الوحيد."
    doc = make_doc(text, [("PERSON", "سيرغي لافروف", ["سيرغي لافروف"])], published="2015-08-04")
    doc = doc.replace(
        quotes=(Quote(35, len(text) - 1, "indirect", Span(0, 3), Agent("سيرغي لافروف", "e1", Span(18, 30))),)
    )
    store.write([incoming(doc, published="2015-08-04")])
    rows = store.quotes(speaker="لافروف")
    assert len(rows) == 1 and rows[0].text == text[35:-1] and rows[0].speaker == "سيرغي لافروف"
    assert store.quotes(speaker="بوتين") == []
    [profile] = store.entities("سيرجي لافروف".replace("سيرجي", "سيرغي"))
    assert (profile.articles, profile.quotes, profile.first_seen) == (1, 1, "2015-08-04")


def test_store_quotes_of_an_unlinked_speaker_by_name(store):
    text = "قال متحدث باسم الوزارة إن العمل مستمر."
    doc = make_doc(text).replace(
        quotes=(Quote(26, len(text) - 1, "indirect", Span(0, 3), Agent("متحدث باسم الوزارة")),)
    )
    store.write([incoming(doc)])
    [row] = store.quotes(speaker="متحدث باسم الوزاره")
    assert row.text == "العمل مستمر" and row.speaker == "متحدث باسم الوزارة"
    assert [h.id for h in store.search("العمل", SearchFilters(speaker="متحدث باسم الوزارة"))] == [doc.id]


def test_store_exact_copy_is_stored_once_and_recorded(store):
    doc = make_doc(CHINA)
    counts = store.write([incoming(doc, key="a", source="spa"), incoming(doc, key="b", source="okaz")])
    assert (counts.stored, counts.duplicates) == (1, 1)
    assert [h.source for h in store.search("الصين", SearchFilters(source="okaz"))] == ["spa"]  # found at both outlets
    assert store.counts()["documents"] == 1 and store.counts()["inputs"] == 2
    assert store.known_inputs(["a", "b", "c"]) == {"a", "b"}
    assert store.write([incoming(doc, key="a")]).already == 1


def test_store_failed_batch_leaves_nothing(store):
    good = incoming(make_doc(CHINA), key="good")
    with pytest.raises(AttributeError):
        store.write([good, Incoming("bad", "x", None)])
    assert store.counts()["documents"] == 0 and store.known_inputs(["good"]) == set()
    store.write([good])
    assert store.counts()["documents"] == 1


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


def test_store_layers_round_trip_to_export(store):
    doc = make_doc(CHINA, [("GPE", "الصين", ["الصين"])])
    store.write([incoming(doc, source="spa")])
    [row] = list(store.export("documents")[1])
    assert row["id"] == doc.id and row["text"] == CHINA and row["source"] == "spa"
    [ent] = list(store.export("entities")[1])
    assert (ent["name"], ent["articles"]) == ("الصين", 1)
    columns, quotes = store.export("quotes")
    assert "speaker" in columns and list(quotes) == []
    with pytest.raises(ValueError):
        store.export("secrets")


def test_store_old_schema_is_upgraded_on_open(tmp_path, monkeypatch):
    from khabar.store import schema

    path = tmp_path / "old.db"
    monkeypatch.setattr("khabar.store.sqlite.MIGRATIONS", schema.MIGRATIONS[:1])
    with open_store(path) as old:
        old.write([incoming(make_doc(CHINA))])
        assert old.version() == 1
    monkeypatch.setattr("khabar.store.sqlite.MIGRATIONS", schema.MIGRATIONS)
    with pytest.raises(StoreError, match="upgrade"):
        open_store(path, readonly=True)
    with open_store(path) as new:
        assert new.version() == len(schema.MIGRATIONS)
        assert [h.id for h in new.search("الصين")] == [make_doc(CHINA).id]


def test_store_cross_document_entity_profile(store):
    docs = [
        make_doc(
            "استقبل الرئيس فلاديمير بوتين وزير الخارجية سيرغي لافروف في موسكو.",
            [
                ("PERSON", "فلاديمير بوتين", ["فلاديمير بوتين"]),
                ("PERSON", "سيرغي لافروف", ["سيرغي لافروف"]),
                ("GPE", "موسكو", ["موسكو"]),
            ],
        ),
        make_doc("قال بوتين إن العلاقات مع الصين قوية.", [("PERSON", "بوتين", ["بوتين"]), ("GPE", "الصين", ["الصين"])]),
        make_doc(
            "زار جورج بوش ولاية تكساس، ثم التقى جيب بوش أنصاره.",
            [("PERSON", "جورج بوش", ["جورج بوش"]), ("PERSON", "جيب بوش", ["جيب بوش"])],
        ),
        make_doc("انتقد بوش السياسات الاقتصادية.", [("PERSON", "بوش", ["بوش"])]),
    ]
    store.write([incoming(d, published=f"2015-08-0{k + 1}") for k, d in enumerate(docs)])
    [putin] = store.entities("فلاديمير بوتين")
    assert (putin.articles, putin.first_seen, putin.last_seen) == (2, "2015-08-01", "2015-08-02")
    assert {a for a, _ in putin.aliases} == {"فلاديمير بوتين", "بوتين"}
    assert {name for name, _, _ in putin.co_mentioned} == {"سيرغي لافروف", "موسكو", "الصين"}
    bushes = store.entities("بوش")
    assert sorted(p.name for p in bushes) == ["بوش", "جورج بوش", "جيب بوش"]  # the lone surname is not merged
