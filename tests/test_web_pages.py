"""The pages through FastAPI's TestClient: every page answers, in Arabic (rtl) or English
(ltr), article text is escaped everywhere, and the feeds are valid Atom."""

import re
import xml.etree.ElementTree as ET

import pytest
from web_support import BACKENDS, TOKEN, app_over, demo_store

from khabar.web import annotate
from khabar.web.render import local_path, safe_url

TestClient = pytest.importorskip("fastapi.testclient", reason="the web tests need the web extra").TestClient

HOSTILE_TITLE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">عنوان \u202eخبيث'
HOSTILE_TEXT = (
    "قال المتحدث سامي العلي إن <script>window.pwned=3</script> الوضع مستقر.\n"
    '<a href="javascript:window.pwned=4">اضغط هنا</a> <b onmouseover="window.pwned=5">نص</b> \u202eمقلوب\u202c في الرياض.\n'
    'وانتقد سامي العلي \u202eالحكومة\u202c "<i onclick="window.pwned=7">" في الرياض.'
)
HOSTILE_URL = "javascript:window.pwned=6//\u202ehttps://example.com"


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory):
    with demo_store(request.param, tmp_path_factory.mktemp("pages")) as location:
        yield location


@pytest.fixture(scope="module")
def client(db):
    with TestClient(app_over(db)) as c:
        yield c


@pytest.fixture(scope="module")
def hostile(client):
    """The id of a stored article whose title, text and URL carry markup and scripts."""
    r = client.post(
        "/api/v1/ingest",
        json={
            "text": HOSTILE_TEXT,
            "title": HOSTILE_TITLE,
            "url": HOSTILE_URL,
            "source": "<b>evil</b>",
            "published": "2025-06-12",
        },
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 200, r.text
    client.app.state.server.writer.wait()
    return r.json()["documents"][0]


def first_id(client, query):
    return client.get("/api/v1/search", params={"q": query}).json()["hits"][0]["id"]


def entity_id(client, name):
    [found] = client.get("/api/v1/entities", params={"name": name}).json()
    return found["id"]


def pages(client):
    article = first_id(client, "الهلال")
    mansouri = entity_id(client, "خالد المنصوري")
    story = client.get("/api/v1/stories", params={"min_size": 1}).json()["items"]
    return [
        "/",
        "/?from=2025-06-09&to=2025-06-10",
        "/search",
        "/search?q=المنصوري&sort=date",
        "/search?q=النفط&source=gulfwire&from=2025-06-01",
        f"/articles/{article}",
        f"/entities/{mansouri}",
        "/entities?name=الرياض",
        f"/speakers/{mansouri}",
        f"/speakers/{mansouri}?words=الاستقرار&from=2025-06-01",
        "/speakers?name=حداد",
        "/stories",
        "/stories?order=size&page=2",
        "/analyse",
        "/docs",
    ] + ([f"/stories/{story[0]['id']}"] if story else [])


@pytest.mark.parametrize("lang, direction", [("ar", "rtl"), ("en", "ltr")])
def test_web_pages_every_page_answers_in_both_languages(client, lang, direction):
    for path in pages(client):
        r = client.get(path, params={"lang": lang})
        assert r.status_code == 200, path
        assert f'<html lang="{lang}" dir="{direction}">' in r.text, path
        assert r.headers["content-type"].startswith("text/html")
        assert "content-security-policy" in r.headers


def test_web_pages_language_toggle_keeps_the_page_and_is_remembered(client):
    r = client.get("/search", params={"q": "النفط", "lang": "en"})
    assert ">Search<" in r.text and r.cookies.get("lang") == "en"
    toggle = re.search(r'id="lang-toggle" href="([^"]+)"', r.text)[1]
    assert toggle.startswith("/search?") and "lang=ar" in toggle and "q=" in toggle
    client.cookies.set("lang", "en")
    assert '<html lang="en"' in client.get("/stories").text
    client.cookies.delete("lang")
    back = client.get("/lang/ar", params={"next": "https://elsewhere.example/"}, follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == "/"


def test_web_pages_search_highlights_and_filters(client):
    r = client.get("/search", params={"q": "والنفط"})
    assert "<mark>النفط</mark>" in r.text or "<mark>للنفط</mark>" in r.text
    assert 'type="application/atom+xml"' in r.text
    assert "gulfwire" in r.text  # the outlet facet


def test_web_pages_article_marks_entities_quotes_and_times(client):
    doc = client.get(f"/api/v1/documents/{first_id(client, 'المنصوري نراقب')}").json()
    html = client.get(f"/articles/{doc['id']}").text
    assert html.count('class="ent t-PERSON"') >= 3
    assert 'class="q q-direct"' in html and 'class="who-tag"' in html
    assert re.search(r'<time class="tx" datetime="2025-06-12" title="DATE: 2025-06-12">', html)
    assert f'href="/api/v1/documents/{doc["id"]}"' in html


def test_web_pages_article_marks_event_triggers_with_their_type(client):
    doc = client.get(f"/api/v1/documents/{first_id(client, 'المنصوري نراقب')}").json()
    assert doc["events"], "the demo article tells events"
    html = client.get(f"/articles/{doc['id']}", params={"lang": "en"}).text
    for n, e in enumerate(doc["events"]):
        marked = re.search(rf'<span class="ev ev-{e["type"]}" data-ev="{n}" title="([^"]*)">', html)
        assert marked, (n, e["type"], e["trigger"]["text"])
        assert marked[1].startswith(e["type"].capitalize())  # the type, in the page's language
    assert html.count('<li data-ev="') == len(doc["events"])  # and listed beside the text
    assert '<span class="ev">Event</span>' in html  # in the legend


def test_web_pages_entity_shows_what_it_did_and_what_was_done_to_it(client):
    mansouri = client.get(f"/entities/{entity_id(client, 'خالد المنصوري')}", params={"lang": "en"}).text
    did = mansouri.split("What it did", 1)[1].split("What was done to it", 1)[0]
    assert 'class="ev-type ev-CONSULT">Consult</span>' in did and '<a href="/articles/' in did
    dates = re.findall(r'<time datetime="([\d-]+)">', did)
    assert dates and dates == sorted(dates, reverse=True)  # newest first
    # the demo's one event whose target the tagger links to an entity: "رحب رجال الأعمال بقرار البنك المركزي"
    [bank] = client.get("/api/v1/entities", params={"name": "البنك المركزي"}).json()
    page = client.get(f"/entities/{bank['id']}", params={"lang": "en"}).text
    undergone = page.split("What was done to it", 1)[1].split("</ol>", 1)[0]
    assert 'class="ev-type ev-SUPPORT">Support</span>' in undergone and '<a href="/articles/' in undergone


def test_web_pages_shortened_id_redirects_to_the_stable_url(client):
    doc = first_id(client, "الهلال")
    r = client.get(f"/articles/{doc[:12]}", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == f"/articles/{doc}"


def test_web_pages_missing_things_get_an_error_page(client):
    r = client.get("/entities/999999")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "999999" in r.text
    assert client.get("/nowhere").status_code == 404


def test_web_pages_hostile_article_is_escaped_everywhere(client, hostile):
    for path in (
        f"/articles/{hostile}",
        "/search?q=المتحدث",
        "/",
        "/speakers?name=سامي العلي",
        "/feeds/search?q=المتحدث",
    ):
        body = client.get(path).text
        for bad in ("<script>window", "<img", "<b>evil", '<a href="javascript', '<a href="http://'):
            assert bad not in body, (path, bad)
        assert not re.search(r"<[a-zA-Z][^>]*\son\w+=", body), path  # no event-handler attribute in any tag
        assert not re.search(r'<a\s[^>]*href="\s*javascript:', body, re.I), path
    article = client.get(f"/articles/{hostile}").text
    assert "&lt;script&gt;" in article  # shown as text, harmless
    assert "\u202e" not in re.search(r"<title>(.*?)</title>", article, re.S)[1]
    # its event trigger is marked, and the label built from article names stays one clean attribute
    marked = re.search(r'<span class="ev ev-ACCUSE" data-ev="\d+" title="([^"<>]*)">وانتقد</span>', article)
    assert marked and "الحكومة" in marked[1] and "\u202e" not in marked[1]  # the name inside bidi controls


def test_web_pages_feeds_are_atom(client):
    mansouri = entity_id(client, "خالد المنصوري")
    for path in (
        "/feeds/search?q=النفط",
        f"/feeds/entities/{mansouri}",
        f"/feeds/speakers/{mansouri}",
        "/feeds/speakers?name=حداد",
    ):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml"), path
        root = ET.fromstring(r.content)
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        assert root.findall("{http://www.w3.org/2005/Atom}entry"), path


def test_web_pages_analyse_shows_the_annotated_article_without_storing(client):
    before = client.get("/api/v1/documents", params={"limit": 100}).json()["items"]
    text = "قال وزير الخارجية سامي العلي أمس إن «المحادثات كانت مثمرة» في الرياض."
    r = client.post("/analyse", data={"text": text, "published": "2025-06-11"})
    assert r.status_code == 200 and 'class="q q-' in r.text and 'datetime="2025-06-10"' in r.text
    assert len(client.get("/api/v1/documents", params={"limit": 100}).json()["items"]) == len(before)
    upload = client.post(
        "/analyse",
        files={
            "upload": ("a.json", '{"text": "قال سامي العلي إن الوضع مستقر.", "title": "من ملف"}', "application/json")
        },
    )
    assert upload.status_code == 200 and "من ملف" in upload.text
    assert client.post("/analyse", data={"text": "  "}).status_code == 422


def test_web_pages_store_from_the_analyse_page_needs_the_token(client):
    text = "أعلنت وزارة النقل افتتاح طريق جديد يربط جدة بمكة المكرمة."
    refused = client.post("/analyse/store", data={"text": text, "token": "wrong"})
    assert refused.status_code == 403 and "text/html" in refused.headers["content-type"]
    stored = client.post("/analyse/store", data={"text": text, "token": TOKEN}, follow_redirects=False)
    assert stored.status_code == 303 and stored.headers["location"].startswith("/articles/")
    assert client.get(stored.headers["location"]).status_code == 200
    client.app.state.server.writer.wait()


def test_web_annotate_runs_cover_the_text_and_never_split_a_span():
    from helpers import make_doc

    from khabar.document import Agent, Quote, Span, TimeExpr

    text = "قال سامي العلي أمس إن الوضع مستقر."
    doc = make_doc(text, [("PERSON", "سامي العلي", ["سامي العلي"])])
    doc = doc.replace(
        times=(TimeExpr(15, 18, "DATE", "2025-06-10"),),
        quotes=(Quote(22, len(text) - 1, "indirect", Span(0, 3), Agent("سامي العلي", "e1", Span(4, 14))),),
    )
    [block] = annotate.blocks(doc)
    assert "".join(r.text for r in block.runs) == text
    assert [r.text for r in block.runs if r.entity] == ["سامي العلي"]
    assert [r.time.value for r in block.runs if r.time] == ["2025-06-10"]
    quoted = [r for r in block.runs if r.quote is not None]
    assert "".join(r.text for r in quoted) == "الوضع مستقر" and quoted[0].quote_starts
    assert [r.text for r in block.runs if r.cue] == ["قال"]


def test_web_render_urls_and_paths_are_checked():
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_url("javascript:alert(1)") is None and safe_url(" JaVaScRiPt:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None and safe_url("//evil.example") is None
    assert safe_url("https://exa\u202emple.com") == "https://example.com"
    assert local_path("/search?q=1") == "/search?q=1"
    assert local_path("//evil.example") == "/" and local_path("https://evil.example") == "/"
    assert annotate.highlight("يقول الصينيون إن الصين ...", "الصين") == [
        ("يقول الصينيون إن ", False),
        ("الصين", True),
        (" ...", False),
    ]
