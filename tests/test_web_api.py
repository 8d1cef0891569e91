"""The REST API through FastAPI's TestClient, over the demo store: the same JSON as the
command line, cursor paging, tokens, limits and problem details."""

import json
import threading

import pytest
from click.testing import CliRunner
from web_support import BACKENDS, TOKEN, app_over, demo_copy, demo_store

from khabar import analyze
from khabar.cli import main
from khabar.store import open_store

TestClient = pytest.importorskip("fastapi.testclient", reason="the web tests need the web extra").TestClient

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory):
    with demo_store(request.param, tmp_path_factory.mktemp("api")) as location:
        yield location


@pytest.fixture(params=BACKENDS)
def fresh_db(request, tmp_path):
    """A demo store of each backend for one test that writes."""
    with demo_store(request.param, tmp_path) as location:
        yield location


@pytest.fixture(scope="module")
def client(db):
    with TestClient(app_over(db)) as c:
        yield c


def auth(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def cli_json(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_web_api_search_writes_the_json_the_cli_writes(client, db):
    got = client.get("/api/v1/search", params={"q": "المنصوري", "limit": 3})
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    assert got.json() == cli_json("search", "المنصوري", "--db", str(db), "--limit", "3", "--format", "json")
    assert got.json()["hits"] and all("المنصوري" in h["snippet"] for h in got.json()["hits"])


def test_web_api_document_is_what_analyze_printed(client, db):
    [hit] = client.get("/api/v1/search", params={"q": "الهلال"}).json()["hits"]
    full = client.get(f"/api/v1/documents/{hit['id']}").json()
    assert full == cli_json("show", hit["id"], "--db", str(db))
    short = client.get(f"/api/v1/documents/{hit['id'][:12]}")
    assert short.status_code == 200 and short.json()["id"] == hit["id"]
    text = full["text"]
    assert (
        full
        == analyze(
            text, title=full["title"], published=full["published"], url=full["url"], source=full["source"]
        ).to_dict()
    )


def test_web_api_unknown_document_is_a_problem(client, db):
    r = client.get("/api/v1/documents/" + "0" * 64)
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["type"] == "urn:khabar:problem:not-found" and body["status"] == 404 and "0000" in body["detail"]
    assert "Traceback" not in r.text and str(db) not in r.text  # nothing of the server's insides


def test_web_api_validation_errors_are_problems(client):
    r = client.get("/api/v1/search", params={"q": "النفط", "from": "2025-13-45"})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert r.json()["type"] == "urn:khabar:problem:invalid-request" and "from" in r.json()["detail"]
    r = client.get("/api/v1/search", params={"q": "..."})
    assert r.status_code == 400 and r.json()["type"] == "urn:khabar:problem:empty-query"


def test_web_api_cursor_pages_through_every_document_once(client):
    seen, cursor = [], None
    while True:
        page = client.get("/api/v1/documents", params={"limit": 5, **({"cursor": cursor} if cursor else {})}).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 12


def test_web_api_search_cursor_and_bad_cursor(client):
    first = client.get("/api/v1/search", params={"q": "قال", "limit": 2}).json()
    second = client.get("/api/v1/search", params={"q": "قال", "limit": 2, "cursor": first["next_cursor"]}).json()
    assert second["offset"] == 2 and not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    r = client.get("/api/v1/search", params={"q": "قال", "cursor": "not-ours"})
    assert r.status_code == 400 and r.json()["type"] == "urn:khabar:problem:bad-cursor"


def test_web_api_entity_view_and_quotes_by_id(client):
    [mansouri] = client.get("/api/v1/entities", params={"name": "خالد المنصوري"}).json()
    view = client.get(f"/api/v1/entities/{mansouri['id']}").json()
    assert view["name"] == "خالد المنصوري" and view["quotes"] >= 10
    assert [r["role"] for r in view["roles_seen"]] == ["وزير الطاقة"]
    assert view["timeline"][0]["day"] == "2025-06-09" and {o["source"] for o in view["outlets"]} >= {
        "gulfwire",
        "alnahar",
    }
    quotes = client.get("/api/v1/quotes", params={"speaker_id": mansouri["id"], "limit": 100}).json()["items"]
    assert len(quotes) == view["quotes"] and all(q["speaker_entities"] == [mansouri["id"]] for q in quotes)
    some = client.get("/api/v1/quotes", params={"speaker_id": mansouri["id"], "words": "الاستقرار"}).json()["items"]
    assert some and all("الاستقرار" in q["text"] for q in some) and len(some) < len(quotes)


def test_web_api_statements_show_a_wire_quote_once_with_its_outlets(client):
    [mansouri] = client.get("/api/v1/entities", params={"name": "خالد المنصوري"}).json()
    items = client.get("/api/v1/statements", params={"speaker_id": mansouri["id"], "words": "التوازن بين العرض"}).json()
    [statement] = items["items"]
    # the wire story ran at two outlets, and the minister repeated the line three days later
    assert statement["outlets"] == ["alnahar", "alsabah", "gulfwire"] and len(statement["quotes"]) == 3
    assert statement["first"]["published"] == "2025-06-09"


def test_web_api_overview_and_tops(client):
    view = client.get("/api/v1/overview").json()
    assert (view["from"], view["to"]) == ("2025-06-08", "2025-06-12")
    assert sum(d["articles"] for d in view["daily"]) == 12
    assert view["speakers"][0]["name"] == "خالد المنصوري"
    top = client.get("/api/v1/entities/top", params={"type": "GPE", "limit": 3}).json()
    assert len(top) == 3 and all(e["type"] == "GPE" for e in top)
    assert client.get("/api/v1/speakers/top", params={"from": "2030-01-01"}).json() == []


def test_web_api_document_context_lists_outlets_and_near_copies(client):
    hits = client.get("/api/v1/search", params={"q": "تمديد الخفض الطوعي"}).json()["hits"]
    assert len(hits) == 2
    context = client.get(f"/api/v1/documents/{hits[0]['id']}/context").json()
    assert [d["id"] for d in context["near_duplicates"]] == [hits[1]["id"]]
    assert set(context["entities"]) and all(isinstance(v, int) for v in context["entities"].values())


def test_web_api_security_headers(client):
    r = client.get("/api/v1/overview")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"


TEXT = "قال وزير الخارجية سامي العلي أمس إن المحادثات مع الوفد الزائر كانت مثمرة."


def test_web_api_analyze_returns_the_document_json(client):
    r = client.post("/api/v1/analyze", json={"text": TEXT, "published": "2025-06-11", "source": "test"})
    assert r.status_code == 200, r.text
    assert r.json() == analyze(TEXT, published="2025-06-11", source="test").to_dict()
    assert [t["value"] for t in r.json()["times"]] == ["2025-06-10"]


def test_web_api_analyze_refuses_what_it_cannot_take(client):
    r = client.post("/api/v1/analyze", json={"text": ""})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    r = client.post("/api/v1/analyze", json={"text": "x", "colour": "blue"})
    assert r.status_code == 422
    r = client.post(
        "/api/v1/analyze", content=b"{" + b" " * (6 * 2**20) + b"}", headers={"content-type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["type"] == "urn:khabar:problem:too-large"


def test_web_api_ingest_needs_the_token(client):
    article = {"text": TEXT, "published": "2025-06-11", "source": "test"}
    r = client.post("/api/v1/ingest", json=article)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    r = client.post("/api/v1/ingest", json=article, headers=auth("wrong"))
    assert r.status_code == 403 and r.json()["type"] == "urn:khabar:problem:bad-token"


def test_web_api_ingest_stores_and_reports_each_article(fresh_db):
    db = fresh_db
    with TestClient(app_over(db)) as client:
        articles = [
            {"text": TEXT, "published": "2025-06-11", "source": "test", "url": "https://t.example/1"},
            {"text": "<html><body><script>x</script></body></html>", "format": "html"},
        ]
        r = client.post("/api/v1/ingest", json=articles, headers=auth())
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["stored"], body["already"]) == (1, 0)
        assert body["documents"][0] and body["documents"][1] is None
        assert [f["index"] for f in body["failures"]] == [1]
        again = client.post("/api/v1/ingest", json=articles[0], headers=auth()).json()
        assert (again["stored"], again["already"]) == (0, 1)
        doc = client.get(f"/api/v1/documents/{body['documents'][0]}").json()
        assert doc["source"] == "test" and doc["quotes"]
        app = client.app
        app.state.server.writer.wait()
    with open_store(db, readonly=True) as store:
        assert store.counts()["documents"] == 13


def test_web_api_ingest_is_refused_while_another_process_writes(tmp_path):
    db = demo_copy(tmp_path)  # SQLite has one writer; PostgreSQL takes writes from any number of processes
    other = open_store(db)
    other.lock_for_writing()
    try:
        with TestClient(app_over(db)) as client:
            r = client.post("/api/v1/ingest", json={"text": TEXT}, headers=auth())
        assert r.status_code == 409 and r.json()["type"] == "urn:khabar:problem:store-busy"
    finally:
        other.close()


def test_web_api_writes_are_off_without_a_token(tmp_path):
    with TestClient(app_over(demo_copy(tmp_path), token=None)) as client:
        r = client.post("/api/v1/ingest", json={"text": TEXT}, headers=auth())
    assert r.status_code == 403 and r.json()["type"] == "urn:khabar:problem:writes-disabled"


def test_web_api_private_server_needs_the_token_to_read(tmp_path):
    with TestClient(app_over(demo_copy(tmp_path), private=True)) as client:
        assert client.get("/api/v1/overview").status_code == 401
        assert client.get("/api/v1/overview", headers=auth()).status_code == 200


def test_web_api_analysis_time_limit_stops_a_long_analysis(tmp_path):
    with TestClient(app_over(demo_copy(tmp_path), analysis_seconds=0.001)) as client:
        r = client.post("/api/v1/analyze", json={"text": TEXT * 200})
        assert r.status_code == 422 and r.json()["type"] == "urn:khabar:problem:analysis-timeout"
        client.app.state.server.pool.seconds = 30.0  # the same worker, still alive, analyses the next one
        assert client.post("/api/v1/analyze", json={"text": TEXT}).status_code == 200


def test_web_api_reads_go_on_while_an_ingest_writes(fresh_db):
    db = fresh_db
    with TestClient(app_over(db)) as client:
        batch = [{"text": f"{TEXT} الخبر رقم {k}.", "source": "bulk", "published": "2025-06-12"} for k in range(40)]
        done = {}

        def write():
            done["r"] = client.post("/api/v1/ingest", json=batch, headers=auth())

        writer = threading.Thread(target=write)
        writer.start()
        statuses = []
        while writer.is_alive():
            statuses.append(client.get("/api/v1/search", params={"q": "النفط"}).status_code)
        writer.join()
        assert done["r"].status_code == 200 and done["r"].json()["stored"] == 40
        assert statuses and set(statuses) == {200}
        client.app.state.server.writer.wait()


def test_web_cli_serve_get_prints_one_response(db, tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", db, "--get", "/api/v1/search?q=الهلال&limit=1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["hits"][0]["title"].startswith("الهلال")
    missing = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db"), "--get", "/"])
    assert missing.exit_code == 1 and "khabar ingest" in missing.output and "--demo" in missing.output
    not_found = CliRunner().invoke(main, ["serve", "--db", db, "--get", "/api/v1/entities/999999"])
    assert not_found.exit_code == 1 and "not-found" in not_found.output


def test_web_cli_serve_demo_builds_the_sample_store():
    result = CliRunner().invoke(main, ["serve", "--demo", "--get", "/api/v1/overview"])
    assert result.exit_code == 0, result.output
    overview = json.loads(result.output.splitlines()[-1])
    assert sum(d["articles"] for d in overview["daily"]) == 12 and overview["speakers"]
