"""Events in a store: kept with the document, found by actor, target, type and date,
exported, and listed by `khabar events --db`; the same JSON from an article and a store.
Articles are our own sentences, analysed by the whole pipeline."""

import json

import pytest
from click.testing import CliRunner
from store_backends import BACKENDS

import khabar
from khabar.cli import main
from khabar.service import article_events
from khabar.store import EventFilters, Incoming

VISIT = "زار وزير الخارجية الروسي سيرغي لافروف بكين أمس، والتقى نظيره الصيني وانغ يي."
SANCTIONS = "فرض الاتحاد الأوروبي عقوبات جديدة على روسيا، وندد وزير الخارجية الروسي سيرغي لافروف بالعقوبات."


@pytest.fixture(params=sorted(BACKENDS))
def store(request, tmp_path):
    with BACKENDS[request.param](tmp_path) as s:
        yield s


def stored(store, *articles):
    docs = []
    for n, (text, published) in enumerate(articles):
        doc = khabar.analyze(text, published=published, source="test")
        store.write([Incoming(f"k{n}", f"test#{n}", doc)])
        docs.append(doc)
    return docs


def test_events_store_by_actor_type_target_and_date(store):
    stored(store, (VISIT, "2015-08-01"), (SANCTIONS, "2015-08-03"))
    everything = store.events(EventFilters())
    assert {r.event["type"] for r in everything} >= {"CONSULT", "SANCTION", "ACCUSE"}
    assert everything[0].document.published == "2015-08-03"  # newest first
    by_lavrov = store.events(EventFilters(actor="لافروف"))
    assert by_lavrov and all(any("لافروف" in p["name"] for p in r.event["actors"]) for r in by_lavrov)
    assert by_lavrov[0].actor_entities  # the corpus entity
    consult = store.events(EventFilters(actor="لافروف", type="CONSULT"))
    assert consult and {r.event["type"] for r in consult} == {"CONSULT"}
    on_russia = store.events(EventFilters(target="روسيا"))
    assert [r.event["type"] for r in on_russia] == ["SANCTION"]
    assert store.events(EventFilters(date_to="2015-08-02", type="SANCTION")) == []


def test_events_store_reads_the_same_as_the_article(store):
    (doc,) = stored(store, (VISIT, "2015-08-01"))
    from_article = [r.event for r in article_events(doc)]
    from_store = [r.event for r in store.events(EventFilters())]
    assert from_store == from_article
    assert store.get(doc.id).layer("events") == doc.layer("events")


def test_events_store_export_and_cli(tmp_path):
    db = str(tmp_path / "k.db")
    with BACKENDS["sqlite"](tmp_path) as store:
        stored(store, (VISIT, "2015-08-01"), (SANCTIONS, "2015-08-03"))
    names, rows = khabar.store.open_store(db, readonly=True).export("events")
    rows = list(rows)
    assert {"type", "cameo", "actor", "actor_code", "target", "trigger", "negated", "time"} <= set(names)
    assert any(r["type"] == "CONSULT" and r["actor_code"] == "RUS GOV" for r in rows)
    result = CliRunner().invoke(
        main, ["events", "--db", db, "--actor", "لافروف", "--type", "consult", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(x["type"] == "CONSULT" for x in lines)
    result = CliRunner().invoke(main, ["export", "--db", db, "--table", "events", "--format", "csv"])
    assert result.exit_code == 0 and "SANCTION" in result.stdout


def test_events_cli_on_an_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SANCTIONS, encoding="utf-8")
    result = CliRunner().invoke(main, ["events", str(path), "--format", "jsonl", "--type", "SANCTION"])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert {x["type"] for x in found} == {"SANCTION"}
    event = next(x for x in found if x["actor"])  # the second mention, بالعقوبات, names nobody
    assert event["actor"]["name"] == "الاتحاد الأوروبي" and event["target"]["name"] == "روسيا"
    bad = CliRunner().invoke(main, ["events", str(path), "--from", "2015-08-01"])
    assert bad.exit_code != 0 and "--db" in bad.output
