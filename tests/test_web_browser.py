"""The pages in a real browser: Debian's Chromium driven by Playwright through its
executable path (Playwright's own browser download is not used). Flows a reader follows,
the analyse page, right-to-left layout and the language toggle, and hostile articles
whose scripts must never run. A screenshot of each page is saved (build/screenshots, or
$KHABAR_SCREENSHOTS) for a person to look at."""

import os
from pathlib import Path

import pytest
from web_support import BACKENDS, TOKEN, app_over, demo_store, running

CHROMIUM = Path(os.environ.get("KHABAR_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("KHABAR_SCREENSHOTS", Path(__file__).resolve().parents[1] / "build" / "screenshots"))

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is installed by .ci/run")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium)", allow_module_level=True)

HOSTILE = [
    {
        "title": '<script>window.pwned="title"</script><img src=x onerror="window.pwned=\'img\'">تحذير \u202eعاجل',
        "text": (
            "قال المتحدث باسم الشركة رامي الحسن إن <script>window.pwned='text'</script> النتائج جيدة.\n"
            "<a href=\"javascript:window.pwned='link'\">اضغط</a> <b onmouseover=\"window.pwned='hover'\">مرر هنا</b> "
            "\u202eنص مقلوب\u202c في الرياض."
        ),
        "url": "javascript:window.pwned='url'",
        "source": '"><svg onload="window.pwned=\'source\'">',
        "published": "2025-06-12",
    },
    {
        "title": "رامي الحسن يعلن النتائج",
        "text": "أعلن رامي الحسن أن «<iframe src=javascript:window.pwned='frame'></iframe> الأرباح ارتفعت» هذا العام.",
        "url": "https://news.example/\u202eexe.fdp",
        "source": "safe",
        "published": "2025-06-12",
    },
]


@pytest.fixture(scope="module", params=BACKENDS)
def base(request, tmp_path_factory):
    with demo_store(request.param, tmp_path_factory.mktemp("browser")) as db, running(app_over(db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_web_browser_search_article_entity_speaker(page, base):
    page.goto(f"{base}/")
    assert page.locator("h1").inner_text() == "نظرة عامة"
    assert page.locator("figure.chart rect").count() > 5  # the articles-per-day chart
    shot(page, "overview")
    page.fill("form.quick input[name=q]", "المنصوري")
    page.press("form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator("ol.hits li.hit").count() >= 3 and page.locator("mark").count() >= 3
    shot(page, "search")
    page.locator("ol.hits li.hit h3 a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator(".text .ent.t-PERSON").count() >= 2 and page.locator(".text .q").count() >= 1
    time_title = page.locator(".text time.tx").first.get_attribute("title")
    assert time_title and time_title.startswith(("DATE", "TIME", "DURATION", "SET"))
    shot(page, "article")
    page.locator(".text a.ent.t-PERSON", has_text="المنصوري").first.click()
    page.wait_for_url("**/entities/*")
    assert "خالد المنصوري" in page.locator("h1").inner_text()
    assert page.locator("figure.chart rect").count() >= 3  # mentions over time
    shot(page, "entity")
    page.get_by_role("link", name="تصريحات").first.click()
    page.wait_for_url("**/speakers/*")
    assert page.locator("li.statement").count() >= 5
    carried = page.locator("p.carried", has_text="gulfwire")
    assert carried.count() >= 1  # the wire quote, once, with its outlets
    shot(page, "speaker")
    page.fill("input[name=words]", '"التوازن بين العرض"')
    page.click("form.filters button")
    page.wait_for_url("**words=*")
    assert page.locator("li.statement").count() == 1


def test_web_browser_analyse_a_pasted_article(page, base):
    page.goto(f"{base}/analyse")
    page.fill("#text", "قال وزير الخارجية سامي العلي أمس إن «المحادثات كانت مثمرة» خلال زيارته إلى القاهرة.")
    page.fill("input[name=published]", "2025-06-11")
    page.click("#analyse-button")
    page.wait_for_selector("#result")
    assert page.locator("#result .text .q").count() >= 1
    assert page.locator("#result time.tx[datetime='2025-06-10']").count() == 1
    assert page.locator("#result .ent.t-GPE", has_text="القاهرة").count() >= 1
    shot(page, "analyse")


def test_web_browser_right_to_left_and_the_language_toggle(page, base):
    page.goto(f"{base}/stories")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    width = page.viewport_size["width"]
    brand = page.locator("a.brand").bounding_box()
    assert brand["x"] > width / 2  # the masthead starts on the right
    shot(page, "stories_ar")
    page.click("#lang-toggle")
    page.wait_for_url("**lang=en*")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    assert page.locator("a.brand").bounding_box()["x"] < width / 2
    assert page.locator("h1").inner_text() == "Stories"
    page.goto(f"{base}/")  # remembered without the parameter
    assert page.locator("h1").inner_text() == "Overview"
    shot(page, "overview_en")
    page.click("#lang-toggle")
    assert page.locator("h1").inner_text() == "نظرة عامة"


def test_web_browser_hostile_articles_run_no_script(page, base):
    import httpx2

    r = httpx2.post(f"{base}/api/v1/ingest", json=HOSTILE, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
    assert r.status_code == 200, r.text
    ids = r.json()["documents"]
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for k, path in enumerate([f"/articles/{i}" for i in ids] + ["/search?q=رامي", "/speakers?name=رامي الحسن", "/"]):
        page.goto(base + path)
        page.mouse.move(10, 10)
        for el in page.locator("main b, main .text span, main a").all()[:40]:
            el.hover(timeout=2000, force=True)
        assert page.evaluate("window.pwned") is None, path
        assert page.locator("script").count() == 1, path  # app.js, nothing from an article
        assert page.locator("main img, main iframe, main svg[onload]").count() == 0, path
        shot(page, f"hostile_{k}")
    page.goto(f"{base}/articles/{ids[0]}")
    page.get_by_text("اضغط").first.click()  # the would-be javascript: link is only text
    assert page.evaluate("window.pwned") is None and dialogs == []
    assert page.locator("a.source-link").count() == 0  # a javascript: URL is never a link
