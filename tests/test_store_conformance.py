"""The store conformance suite: what every backend must do, written once against the
``Store`` protocol. Each test runs on every backend of ``store_backends.BACKENDS``."""

import dataclasses

import pytest
from helpers import make_doc
from store_backends import BACKENDS, PENDING_WEB_METHODS

from khabar.document import Agent, Quote, Span, TimeExpr
from khabar.service import article_quotes, find_entities, get_document
from khabar.store import Incoming, QuoteFilters, SearchFilters
from khabar.store.fulltext import EmptyQueryError, fts_query


def incoming(doc, key=None, source=None, published=None):
    doc = doc.replace(source=source, published=published)
    return Incoming(key or doc.id + (source or ""), f"test#{key}", doc)


@pytest.fixture(params=sorted(BACKENDS))
def store(request, tmp_path):
    with BACKENDS[request.param](tmp_path) as s:
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
    rows = store.quotes(QuoteFilters(speaker="لافروف"))
    assert len(rows) == 1 and rows[0].quote["text"] == text[35:-1]
    assert rows[0].quote["speaker"]["name"] == "سيرغي لافروف" and len(rows[0].speaker_entities) == 1
    assert store.quotes(QuoteFilters(speaker="بوتين")) == []
    [profile] = find_entities(store, "سيرجي لافروف".replace("سيرجي", "سيرغي"))
    assert (profile.articles, profile.quotes, profile.first_seen) == (1, 1, "2015-08-04")


def test_store_quotes_of_an_unlinked_speaker_by_name(store):
    text = "قال متحدث باسم الوزارة إن العمل مستمر."
    doc = make_doc(text).replace(
        quotes=(Quote(26, len(text) - 1, "indirect", Span(0, 3), Agent("متحدث باسم الوزارة")),)
    )
    store.write([incoming(doc)])
    [row] = store.quotes(QuoteFilters(speaker="متحدث باسم الوزاره"))
    assert row.quote["text"] == "العمل مستمر" and row.quote["speaker"]["name"] == "متحدث باسم الوزارة"
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
    [putin] = find_entities(store, "فلاديمير بوتين")
    assert (putin.articles, putin.first_seen, putin.last_seen) == (2, "2015-08-01", "2015-08-02")
    assert {a for a, _ in putin.aliases} == {"فلاديمير بوتين", "بوتين"}
    assert {name for name, _, _ in putin.co_mentioned} == {"سيرغي لافروف", "موسكو", "الصين"}
    bushes = find_entities(store, "بوش")
    assert sorted(p.name for p in bushes) == ["بوش", "جورج بوش", "جيب بوش"]  # the lone surname is not merged


# --- lossless documents -----------------------------------------------------------------

FULL = "قال وزيرا الخارجية سيرغي لافروف ووانغ يي في بكين الثلاثاء لنظيرهما إن التعاون مستمر حتى أواخر 2024."


def _full_document():
    """A document with every field of every layer set, a registered layer included."""
    from test_pipeline import Note  # registers the test_notes layer

    t = FULL
    doc = make_doc(
        t,
        [("PERSON", "سيرغي لافروف", ["سيرغي لافروف"]), ("PERSON", "وانغ يي", ["وانغ يي"]), ("GPE", "بكين", ["بكين"])],
        published="2024-04-09",
    )
    lavrov, wang, beijing = doc.entities
    lavrov = dataclasses.replace(lavrov, aliases=("لافروف",), roles=("وزير الخارجية",), descriptions=(Span(4, 19),))
    tuesday = TimeExpr(t.index("الثلاثاء"), t.index("الثلاثاء") + 8, "DATE", "2024-04-09", "weekday -0 TUE")
    late = TimeExpr(t.index("أواخر"), len(t) - 1, "DATE", "2024", None, "END")
    content = Span(t.index("التعاون"), len(t) - 1)

    def agent(entity):
        m = entity.mentions[0]
        return Agent(entity.name, entity.id, Span(m.start, m.end))

    quote = Quote(
        content.start,
        content.end,
        "indirect",
        Span(0, 3),
        agent(lavrov),
        Agent("نظيرهما", None, Span(t.index("لنظيرهما") + 1, t.index("لنظيرهما") + 8)),
        None,
        tuesday,
        speakers=(agent(lavrov), agent(wang)),
        place=agent(beijing),
    )
    heading = Quote(0, 3, "direct", heading=True)
    event = _full_event(t, agent(lavrov), agent(wang), agent(beijing))
    return doc.replace(
        title="لافروف في بكين",
        url="https://example.org/a?b=1",
        source="spa",
        author="محرر",
        language="ar",
        entities=(lavrov, wang, beijing),
        times=(tuesday, late),
        quotes=(quote, heading),
        test_notes=(Note(0, 3, "cue"),),
        events=(event,),
    )


def _full_event(t, lavrov, wang, beijing):
    """An event with every field set (the events layer, docs/events.md)."""
    from khabar.events.model import Event, Participant

    def who(agent, code):
        return Participant(agent.name, agent.entity, agent.mention, code)

    counterpart = Participant("نظيرهما", None, Span(t.index("لنظيرهما") + 1, t.index("لنظيرهما") + 8))
    return Event(
        0,
        len(t) - 1,
        trigger=Span(0, 3),
        type="CONSULT",
        cameo="04",
        actor=who(lavrov, "RUS GOV"),
        target=counterpart,
        location=who(beijing, "CHN"),
        time=0,
        negated=True,
        hypothetical=True,
        quote=0,
        actors=(who(lavrov, "RUS GOV"), who(wang, "CHN GOV")),
        targets=(counterpart,),
        light=Span(0, 3),
    )


def test_store_get_returns_the_document_as_analysed(store):
    doc = _full_document()
    store.write([Incoming("k", "origin#1", doc)])
    back = store.get(doc.id)
    assert back == doc
    assert back.to_dict() == doc.to_dict()  # quote place, speakers, heading and time mod included
    assert store.get("0" * 64) is None


def test_store_quote_reads_the_same_from_article_and_store(store):
    doc = _full_document()
    store.write([Incoming("k", "origin#1", doc)])
    stored = store.quotes(QuoteFilters(speaker="لافروف"))
    assert [r.quote for r in stored] == [r.quote for r in article_quotes(doc)][:1]
    assert stored[0].document.id == doc.id and stored[0].document.source == "spa"


def test_store_lists_documents_with_a_cursor(store):
    docs = [make_doc(f"خبر رقم {k} عن الطقس في جدة.") for k in range(5)]
    store.write([incoming(d) for d in docs])
    first = store.documents(limit=2)
    rest = store.documents(after=first[-1].id, limit=10)
    assert [d.id for d in first + rest] == [d.id for d in docs]
    assert store.info(docs[2].id).id == docs[2].id and store.info("0" * 64) is None
    assert store.text(docs[3].id) == docs[3].text
    assert store.find_ids(docs[4].id[:12]) == [docs[4].id]
    assert get_document(store, docs[4].id[:12]) == store.get(docs[4].id)


def test_store_signatures_and_duplicates(store):
    a, b, c = (make_doc(t) for t in ("خبر أول عن النفط.", "خبر ثان عن النفط.", "خبر ثالث عن الذهب."))
    store.write(
        [
            Incoming("a", "t", a.replace(published="2015-08-02"), signature=b"\x01\x00\x00\x00" * 4),
            Incoming("b", "t", b.replace(published="2015-08-01"), signature=b"\x02\x00\x00\x00" * 4),
            Incoming("c", "t", c, signature=None),
        ]
    )
    assert list(store.signatures()) == [(b.id, b"\x02\x00\x00\x00" * 4), (a.id, b"\x01\x00\x00\x00" * 4)]
    store.set_duplicates({a.id: b.id})
    assert store.info(a.id).duplicate_of == b.id and store.counts()["near_duplicates"] == 1
    store.set_duplicates({})
    assert store.info(a.id).duplicate_of is None


def test_store_stories_are_replaced_whole(store):
    docs = [make_doc(f"خبر رقم {k}.").replace(title=f"عنوان {k}", published=f"2015-08-0{k + 1}") for k in range(3)]
    store.write([incoming(d, source="spa", published=d.published) for d in docs])
    inputs = store.story_inputs()
    assert [(i.id, i.title, i.published) for i in inputs] == [(d.id, d.title, d.published) for d in docs]
    store.put_embeddings({docs[0].id: b"\x00\x3c" * 4})
    assert store.embeddings() == {docs[0].id: b"\x00\x3c" * 4}
    store.set_stories({docs[0].id: 0, docs[1].id: 0, docs[2].id: 1})
    [story] = store.stories(min_size=2)
    assert (story.size, story.first_published, story.last_published, story.title) == (
        2,
        "2015-08-01",
        "2015-08-02",
        "عنوان 0",
    )
    assert story.outlets == [("spa", 2)]
    store.set_stories({})
    assert store.stories(min_size=1) == []


def test_store_search_pages_and_sorts_by_date(store):
    docs = [make_doc(f"ارتفاع أسعار النفط اليوم رقم {k}.").replace(published=f"2015-08-0{k + 1}") for k in range(4)]
    store.write([incoming(d, published=d.published) for d in docs])
    newest = store.search("النفط", order="date", limit=2)
    older = store.search("النفط", order="date", limit=2, offset=2)
    assert [h.id for h in newest + older] == [d.id for d in reversed(docs)]


def test_store_exports_times_with_their_mod(store):
    doc = _full_document()
    store.write([Incoming("k", "t", doc)])
    columns, rows = store.export("times")
    assert {"value", "mod", "text"} <= set(columns)
    assert [(r["text"], r["value"], r["mod"]) for r in rows] == [
        ("الثلاثاء", "2024-04-09", None),
        ("أواخر 2024", "2024", "END"),
    ]


# --- what the web app reads: facets, periods, timelines, stories, duplicates ------------------


@pytest.fixture(params=sorted(BACKENDS))
def web_store(request, tmp_path):
    """A store of each backend that implements the web app's methods (others skip, saying so)."""
    if request.param in PENDING_WEB_METHODS:
        pytest.skip(PENDING_WEB_METHODS[request.param])
    with BACKENDS[request.param](tmp_path) as s:
        yield s


LAVROV = ("PERSON", "سيرغي لافروف", ["سيرغي لافروف", "لافروف"])
MOSCOW = ("GPE", "موسكو", ["موسكو"])


def _quoted(text, who, start_word, entities, published):
    """A document over ``text`` whose quote (cue قال at 0) runs from ``start_word`` to the end, said by e1."""
    doc = make_doc(text, entities, published=published)
    speaker = doc.entities[0]
    m = speaker.mentions[0]
    start = text.index(start_word)
    quote = Quote(start, len(text) - 1, "indirect", Span(0, 3), Agent(who, speaker.id, Span(m.start, m.end)))
    return doc.replace(quotes=(quote,))


def _corpus(store):
    """Four articles over three days and two outlets; Lavrov speaks in two of them, once about Moscow."""
    a = _quoted(
        "قال سيرغي لافروف إن موسكو ترحب بالحوار مع الجميع.",
        "سيرغي لافروف",
        "موسكو",
        [LAVROV, MOSCOW],
        "2015-08-01",
    )
    b = _quoted(
        "قال لافروف إن الحل السياسي ممكن في سوريا.", "لافروف", "الحل", [("PERSON", "لافروف", ["لافروف"])], "2015-08-02"
    )
    c = make_doc("استضافت موسكو معرضا للكتاب هذا الأسبوع.", [MOSCOW], published="2015-08-02")
    d = make_doc("ارتفعت أسعار النفط في الأسواق.", published="2015-08-03")
    store.write(
        [
            incoming(a, source="spa", published="2015-08-01"),
            incoming(b, source="okaz", published="2015-08-02"),
            incoming(c, source="okaz", published="2015-08-02"),
            incoming(d, source="spa", published="2015-08-03"),
        ]
    )
    return a, b, c, d


def _lavrov(store):
    [eid] = [i for i in store.entity_ids("سيرغي لافروف")]
    return eid


def test_store_entity_links_map_article_entities_to_corpus_entities(web_store):
    a, b, c, _ = _corpus(web_store)
    links_a, links_c = web_store.entity_links(a.id), web_store.entity_links(c.id)
    assert set(links_a) == {"e1", "e2"} and links_a["e1"] == _lavrov(web_store)
    assert links_c["e1"] == links_a["e2"]  # one Moscow across articles
    assert web_store.entity_links(b.id)["e1"] == links_a["e1"]  # the surname links to the full name
    assert web_store.entity_links("0" * 64) == {}


def test_store_entity_timeline_roles_outlets(web_store):
    _corpus(web_store)
    lavrov = _lavrov(web_store)
    assert web_store.entity_timeline(lavrov) == [("2015-08-01", 1), ("2015-08-02", 1)]
    assert web_store.entity_outlets(lavrov) == [("okaz", 1), ("spa", 1)]
    moscow = web_store.entity_links(_corpus_ids(web_store)["c"])["e1"]
    assert web_store.entity_timeline(moscow) == [("2015-08-01", 1), ("2015-08-02", 1)]
    assert [(e.id, e.count) for e in web_store.entity_quoted_by(moscow)] == [(lavrov, 1)]
    assert web_store.entity_quoted_by(lavrov) == []  # nobody quotes about him; his own quotes do not count


def _corpus_ids(store):
    """Document ids of the _corpus articles by letter, found again through search."""
    return {
        "c": store.search("معرضا")[0].id,
        "d": store.search("النفط")[0].id,
    }


def test_store_entity_roles_carry_their_first_and_last_day(web_store):
    docs = []
    for k, role in enumerate(["وزير الخارجية", "وزير الخارجية", "السفير"]):
        doc = make_doc(f"صرح سيرغي لافروف بأن المحادثات رقم {k} جيدة.", [LAVROV], published=f"2015-08-0{k + 1}")
        lavrov = dataclasses.replace(doc.entities[0], roles=(role,))
        docs.append(doc.replace(entities=(lavrov,)))
    web_store.write([incoming(d, published=d.published) for d in docs])
    roles = web_store.entity_roles(_lavrov(web_store))
    assert [(r.role, r.articles, r.first_seen, r.last_seen) for r in roles] == [
        ("وزير الخارجية", 2, "2015-08-01", "2015-08-02"),
        ("السفير", 1, "2015-08-03", "2015-08-03"),
    ]
    assert web_store.entity_roles(10_000) == []


def test_store_top_entities_and_speakers_in_a_period(web_store):
    _corpus(web_store)
    lavrov = _lavrov(web_store)
    top = web_store.top_entities()
    assert [(e.name, e.count) for e in top] == [("سيرغي لافروف", 2), ("موسكو", 2)]
    assert [(e.name, e.count) for e in web_store.top_entities("2015-08-02", "2015-08-02")] == [
        ("سيرغي لافروف", 1),
        ("موسكو", 1),
    ]
    assert [e.name for e in web_store.top_entities(type="GPE")] == ["موسكو"]
    assert [(e.id, e.count) for e in web_store.top_speakers()] == [(lavrov, 2)]
    assert [(e.id, e.count) for e in web_store.top_speakers(date_from="2015-08-02")] == [(lavrov, 1)]
    assert web_store.top_speakers(date_from="2015-09-01") == []
    assert len(web_store.top_entities(limit=1)) == 1


def test_store_daily_counts_per_outlet_count_every_input(web_store):
    _corpus(web_store)
    copy = make_doc("ارتفعت أسعار النفط في الأسواق.")  # the same text, run by a third outlet
    web_store.write([incoming(copy, key="again", source="riyadh", published="2015-08-03")])
    counts = [(c.day, c.source, c.articles) for c in web_store.daily_counts()]
    assert counts == [
        ("2015-08-01", "spa", 1),
        ("2015-08-02", "okaz", 2),
        ("2015-08-03", "riyadh", 1),
        ("2015-08-03", "spa", 1),
    ]
    assert [(c.day, c.source) for c in web_store.daily_counts("2015-08-02", "2015-08-02")] == [("2015-08-02", "okaz")]


def test_store_search_facets_count_every_match(web_store):
    a, b, c, _ = _corpus(web_store)
    facets = web_store.search_facets("موسكو")
    assert facets.total == 2
    assert facets.sources == [("okaz", 1), ("spa", 1)]
    assert facets.days == [("2015-08-01", 1), ("2015-08-02", 1)]
    assert [(e.name, e.count) for e in facets.entities] == [("موسكو", 2), ("سيرغي لافروف", 1)]
    assert [(e.name, e.count) for e in facets.speakers] == [("سيرغي لافروف", 1)]
    assert facets.scope == 2
    recent = web_store.search_facets("موسكو", scope=1)  # entities and speakers of the latest stored match only
    assert (recent.total, recent.scope) == (2, 1) and [e.name for e in recent.entities] == ["موسكو"]
    assert recent.sources == facets.sources and recent.speakers == []
    narrowed = web_store.search_facets("موسكو", SearchFilters(source="okaz"))
    assert narrowed.total == 1 and narrowed.sources == [("okaz", 1)] and narrowed.speakers == []
    assert web_store.search_facets("الذهب").total == 0


def test_store_quotes_by_entity_id_words_and_offset(web_store):
    a, b, _, _ = _corpus(web_store)
    lavrov = _lavrov(web_store)
    mine = web_store.quotes(QuoteFilters(speaker_entity=lavrov))
    assert [r.document.id for r in mine] == [b.id, a.id]  # newest first
    assert web_store.quotes(QuoteFilters(speaker_entity=lavrov), limit=1, offset=1)[0].document.id == a.id
    by_words = web_store.quotes(QuoteFilters(words="بالحوار"))
    assert [r.document.id for r in by_words] == [a.id]
    # the article matches "قال" but no quote's text holds it: quotes are matched on their own words
    assert web_store.quotes(QuoteFilters(words="قال")) == []
    assert web_store.quotes(QuoteFilters(words='"الحل السياسي"', speaker_entity=lavrov))[0].document.id == b.id
    assert web_store.quotes(QuoteFilters(words='"السياسي الحل"')) == []
    assert web_store.quotes(QuoteFilters(words="بالحوار"), offset=1) == []


def test_store_outlets_and_near_duplicates_of_a_document(web_store):
    docs = [make_doc(t) for t in ("خبر أول عن النفط.", "خبر ثان عن النفط.", "خبر ثالث عن النفط.", "خبر عن الذهب.")]
    web_store.write(
        [
            incoming(docs[0], key="a", source="spa", published="2015-08-01"),
            incoming(docs[0], key="a2", source="okaz", published="2015-08-01"),
            incoming(docs[1], key="b", source="riyadh", published="2015-08-02"),
            incoming(docs[2], key="c", source="madina", published="2015-08-03"),
            incoming(docs[3], key="d", published="2015-08-03"),
        ]
    )
    outlets = web_store.document_outlets([d.id for d in docs] + ["0" * 64])
    assert outlets == {docs[0].id: ["okaz", "spa"], docs[1].id: ["riyadh"], docs[2].id: ["madina"], docs[3].id: []}
    web_store.set_duplicates({docs[1].id: docs[0].id, docs[2].id: docs[0].id})
    assert [d.id for d in web_store.near_duplicates(docs[1].id)] == [docs[0].id, docs[2].id]
    assert [d.id for d in web_store.near_duplicates(docs[0].id)] == [docs[1].id, docs[2].id]
    assert web_store.near_duplicates(docs[3].id) == [] and web_store.near_duplicates("0" * 64) == []


def test_store_one_story_its_articles_and_recent_order(web_store):
    docs = [make_doc(f"خبر رقم {k}.").replace(title=f"عنوان {k}", published=f"2015-08-0{k + 1}") for k in range(5)]
    web_store.write([incoming(d, source="spa", published=d.published) for d in docs])
    web_store.set_stories({docs[0].id: 0, docs[1].id: 0, docs[2].id: 0, docs[3].id: 1, docs[4].id: 1})
    big, small = web_store.stories(min_size=2)
    assert (big.size, small.size) == (3, 2)
    assert [s.id for s in web_store.stories(order="recent")] == [small.id, big.id]
    assert [s.id for s in web_store.stories(limit=1, offset=1)] == [small.id]
    assert web_store.story(big.id) == big and web_store.story(999) is None
    assert [d.id for d in web_store.story_documents(big.id)] == [d.id for d in docs[:3]]
    assert [d.story for d in web_store.story_documents(small.id)] == [small.id, small.id]
    assert web_store.story_documents(999) == []


def test_store_top_entities_of_a_period_match_counting_every_article(web_store):
    """Hundreds of entities, most of them busy on other days: the period's ranking is the
    one counting each article of the period gives, whatever shortcut a backend takes."""
    import random

    rng = random.Random(3)
    names = [f"شركة رقم {k}" for k in range(300)]
    days = [f"2015-08-{d:02d}" for d in range(1, 11)]
    docs, truth = [], {}
    for k in range(400):
        day = rng.choice(days)
        chosen = rng.sample(names[:40], 2) if rng.random() < 0.5 else [names[40 + k % 260]]
        if day == "2015-08-07":
            chosen = [names[250 + k % 5]]  # a day of its own: entities rare over all time
        text = "خبر رقم " + str(k) + " عن " + " و".join(chosen) + "."
        docs.append(incoming(make_doc(text, [("ORG", n, [n]) for n in chosen]), published=day))
        if day == "2015-08-07":
            for n in chosen:
                truth[n] = truth.get(n, 0) + 1
    web_store.write(docs)
    top = web_store.top_entities("2015-08-07", "2015-08-07", limit=3)
    expected = sorted(truth.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert [(e.name, e.count) for e in top] == expected
    whole = web_store.top_entities(limit=5)
    assert [e.count for e in whole] == sorted((e.count for e in whole), reverse=True) and whole[0].count > top[0].count
