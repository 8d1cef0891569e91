"""The pages: server-rendered from the service layer's typed results (Jinja2, every
value escaped), Arabic first and right to left, each at a stable URL that can be shared.
Every search, entity and speaker page links an Atom feed of its newest items."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from khabar import service
from khabar.sources.base import Failure, Meta, Record
from khabar.store import QuoteFilters, SearchFilters, Store, StoreError
from khabar.store.base import SearchOrder, StoryOrder
from khabar.web import annotate, charts, feeds
from khabar.web.i18n import LANGUAGES
from khabar.web.problems import Problem
from khabar.web.render import YEAR, Renderer, link, local_path, plain
from khabar.web.security import check_token
from khabar.web.server import Server, record_of, writing_problem

PAGE = 20  # items per page


def router(server: Server, render: Renderer) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    url = link

    def store() -> Store:
        """This thread's reader."""
        return server.store()

    def iso(value: str | None) -> str | None:
        """A date parameter from a form: ISO, or ignored when empty or malformed."""
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None

    def page_number(value: str | None) -> int:
        return int(value) if value and value.isdigit() and 0 < int(value) < 10_000 else 1

    # --- overview ---------------------------------------------------------------------

    @pages.get("/", response_class=HTMLResponse)
    def overview(request: Request, date_from: Annotated[str | None, Query(alias="from")] = None, to: str | None = None):
        view = service.overview(store(), iso(date_from), iso(to))
        series: dict[str, dict[str, int]] = defaultdict(dict)
        for d in view.daily:
            series[d.source or "?"][d.day] = d.articles
        days = charts.days_between(view.date_from, view.date_to) or sorted({d.day for d in view.daily})
        return render(
            request,
            "overview.html",
            view=view,
            chart=charts.stacked(days, series),
            total=sum(d.articles for d in view.daily),
        )

    # --- search -----------------------------------------------------------------------

    @pages.get("/search", response_class=HTMLResponse)
    def search(
        request: Request,
        q: str = "",
        source: str | None = None,
        entity: str | None = None,
        speaker: str | None = None,
        date_from: Annotated[str | None, Query(alias="from")] = None,
        to: str | None = None,
        sort: str = "relevance",
        page: str | None = None,
    ):
        order: SearchOrder = "date" if sort == "date" else "relevance"
        filters = SearchFilters(speaker or None, entity or None, source or None, iso(date_from), iso(to))
        params = {
            "q": q,
            "source": filters.source,
            "entity": filters.entity,
            "speaker": filters.speaker,
            "from": filters.date_from,
            "to": filters.date_to,
        }
        number = page_number(page)
        result = facets = None
        error = None
        if q.strip():
            try:
                result = service.search(store(), q, filters, limit=PAGE, offset=(number - 1) * PAGE, order=order)
                facets = service.search_facets(store(), q, filters)
            except ValueError:  # a query with no word in it
                error = "no_words"
        return render(
            request,
            "search.html",
            q=q,
            params=params,
            sort=order,
            page=number,
            result=result,
            facets=facets,
            error=error,
            highlight=annotate.highlight,
            days_chart=charts.simple(facets.days, height=60) if facets and facets.days else None,
        )

    # --- articles ---------------------------------------------------------------------

    @pages.get("/articles/{ref}", response_class=HTMLResponse)
    def article(request: Request, ref: str):
        view = service.article_view(store(), ref)
        if view.document.id != ref:  # a shortened id: send to the stable URL
            return RedirectResponse(url(f"/articles/{view.document.id}"), 308)
        return render(
            request,
            "article.html",
            view=view,
            doc=view.document,
            blocks=annotate.blocks(view.document),
            links=view.entity_links,
            stored=True,
        )

    # --- entities and speakers --------------------------------------------------------

    @pages.get("/entities", response_class=HTMLResponse)
    def entities(request: Request, name: str = ""):
        found = service.find_entities(store(), name) if name.strip() else []
        if len(found) == 1:
            return RedirectResponse(url(f"/entities/{found[0].id}"), 303)
        return render(request, "entities.html", name=name, found=found)

    @pages.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity(request: Request, entity_id: int):
        view = service.entity_view(store(), entity_id)
        did, undergone = service.entity_events(store(), view.profile)
        return render(
            request,
            "entity.html",
            view=view,
            p=view.profile,
            timeline=charts.simple(view.timeline, height=90),
            did=did,
            undergone=undergone,
        )

    @pages.get("/speakers/{entity_id}", response_class=HTMLResponse)
    def speaker(
        request: Request,
        entity_id: int,
        words: str = "",
        date_from: Annotated[str | None, Query(alias="from")] = None,
        to: str | None = None,
        page: str | None = None,
    ):
        profile = service.entity_profile(store(), entity_id)
        filters = QuoteFilters(None, None, iso(date_from), iso(to), entity_id, words.strip() or None)
        return _speaker_page(request, profile.name, profile, filters, page)

    @pages.get("/speakers", response_class=HTMLResponse)
    def speaker_by_name(
        request: Request,
        name: str = "",
        words: str = "",
        date_from: Annotated[str | None, Query(alias="from")] = None,
        to: str | None = None,
        page: str | None = None,
    ):
        if not name.strip():
            return RedirectResponse("/", 303)
        filters = QuoteFilters(name, None, iso(date_from), iso(to), None, words.strip() or None)
        return _speaker_page(request, name, None, filters, page)

    def _speaker_page(request: Request, name: str, profile: Any, filters: QuoteFilters, page: str | None):
        number = page_number(page)
        try:
            found = service.statements(store(), filters, PAGE, (number - 1) * PAGE)
            error = None
        except ValueError:  # words with no word in them
            found, error = service.Listing([], None), "no_words"
        return render(
            request, "speaker.html", name=name, profile=profile, filters=filters, found=found, page=number, error=error
        )

    # --- stories ----------------------------------------------------------------------

    @pages.get("/stories", response_class=HTMLResponse)
    def stories(request: Request, order: str = "recent", page: str | None = None):
        chosen: StoryOrder = "size" if order == "size" else "recent"
        number = page_number(page)
        found = service.list_stories(store(), PAGE, (number - 1) * PAGE, chosen)
        return render(request, "stories.html", found=found, order=chosen, page=number)

    @pages.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(request: Request, story_id: int):
        view = service.story_view(store(), story_id)
        by_day: dict[str, list[Any]] = defaultdict(list)
        for d in view.documents:
            by_day[d.published or "?"].append(d)
        counts = [(day, len(docs)) for day, docs in by_day.items() if day != "?"]
        return render(
            request,
            "story.html",
            view=view,
            by_day=by_day,
            chart=charts.simple(counts, height=70) if counts else None,
        )

    # --- analyse ----------------------------------------------------------------------

    @pages.get("/analyse", response_class=HTMLResponse)
    def analyse_form(request: Request):
        return render(request, "analyse.html", doc=None, form={}, writes=server.settings.token is not None)

    @pages.post("/analyse", response_class=HTMLResponse)
    def analyse(
        request: Request,
        text: Annotated[str, Form()] = "",
        upload: Annotated[UploadFile | None, File()] = None,
        published: Annotated[str, Form()] = "",
        title: Annotated[str, Form()] = "",
        source: Annotated[str, Form()] = "",
        url_: Annotated[str, Form(alias="url")] = "",
    ):
        form = {"text": text, "published": published, "title": title, "source": source, "url": url_}
        record = _submitted(text, upload, form)
        if isinstance(record, str):
            return render(
                request,
                "analyse.html",
                422,
                doc=None,
                form=form,
                error=record,
                writes=server.settings.token is not None,
            )
        done = server.analyse_one(record)
        doc = done.document
        form["text"] = record.body
        form["format"] = record.format
        return render(
            request,
            "analyse.html",
            doc=doc,
            form=form,
            blocks=annotate.blocks(doc),
            links={},
            writes=server.settings.token is not None,
        )

    @pages.post("/analyse/store")
    def analyse_store(
        text: Annotated[str, Form()],
        token: Annotated[str, Form()] = "",
        format: Annotated[str, Form()] = "auto",
        published: Annotated[str, Form()] = "",
        title: Annotated[str, Form()] = "",
        source: Annotated[str, Form()] = "",
        url_: Annotated[str, Form(alias="url")] = "",
    ):
        check_token(server.settings.token, token.strip() or None, "storing an article")
        meta = Meta(title or None, published or None, url_ or None, source or None)
        done = server.analyse_one(
            record_of(text, format if format in ("text", "html") else "auto", meta, "web"), storing=True
        )
        try:
            with server.writer.writing() as writing:
                service.store_analysed(writing, [done])
        except StoreError as e:
            raise writing_problem(e) from None
        return RedirectResponse(f"/articles/{done.document.id}", 303)

    # --- language and feeds -----------------------------------------------------------

    @pages.get("/lang/{code}")
    def choose_language(code: str, next: str = "/"):
        response = RedirectResponse(local_path(next), 303)
        if code in LANGUAGES:
            response.set_cookie("lang", code, max_age=YEAR, samesite="lax", httponly=True)
        return response

    @pages.get("/feeds/search")
    def search_feed(
        request: Request, q: str, source: str | None = None, entity: str | None = None, speaker: str | None = None
    ):
        filters = SearchFilters(speaker or None, entity or None, source or None)
        try:
            page = service.search(store(), q, filters, limit=PAGE, order="date")
        except ValueError as e:
            raise Problem(400, "empty-query", str(e)) from None
        base = str(request.base_url).rstrip("/")
        entries = [
            feeds.Entry(
                f"{base}/articles/{h.id}",
                plain(h.title or h.snippet[:80]),
                plain(h.snippet),
                h.published,
                f"{base}/articles/{h.id}",
                plain(h.source) if h.source else None,
            )
            for h in page.hits
        ]
        self_link = base + url("/feeds/search", q=q, source=source, entity=entity, speaker=speaker)
        return _atom(self_link, f"khabar: {plain(q)}", entries)

    @pages.get("/feeds/entities/{entity_id}")
    def entity_feed(request: Request, entity_id: int):
        profile = service.entity_profile(store(), entity_id)
        page = service.search(store(), profile.name, SearchFilters(entity=profile.name), limit=PAGE, order="date")
        base = str(request.base_url).rstrip("/")
        entries = [
            feeds.Entry(
                f"{base}/articles/{h.id}",
                plain(h.title or h.snippet[:80]),
                plain(h.snippet),
                h.published,
                f"{base}/articles/{h.id}",
                plain(h.source) if h.source else None,
            )
            for h in page.hits
        ]
        return _atom(f"{base}/feeds/entities/{entity_id}", f"khabar: {plain(profile.name)}", entries)

    @pages.get("/feeds/speakers/{entity_id}")
    def speaker_feed(request: Request, entity_id: int):
        profile = service.entity_profile(store(), entity_id)
        return _quote_feed(
            request, QuoteFilters(speaker_entity=entity_id), profile.name, f"/feeds/speakers/{entity_id}"
        )

    @pages.get("/feeds/speakers")
    def speaker_name_feed(request: Request, name: str):
        return _quote_feed(request, QuoteFilters(speaker=name), name, url("/feeds/speakers", name=name))

    def _quote_feed(request: Request, filters: QuoteFilters, name: str, path: str) -> Response:
        base = str(request.base_url).rstrip("/")
        found = service.statements(store(), filters, PAGE)
        entries = []
        for st in found.items:
            first = st.first
            q = first.quote
            entries.append(
                feeds.Entry(
                    f"urn:khabar:quote:{first.document.id}:{q['start']}",
                    plain(f"{name}: {q['text'][:100]}"),
                    plain(q["text"]) + (" — " + ", ".join(map(plain, st.outlets)) if st.outlets else ""),
                    first.document.published,
                    f"{base}/articles/{first.document.id}",
                    plain(name),
                )
            )
        return _atom(base + path, f"khabar: {plain(name)}", entries)

    def _atom(self_link: str, title: str, entries: list[feeds.Entry]) -> Response:
        return Response(feeds.atom(self_link, title, self_link, entries), media_type=feeds.MEDIA_TYPE)

    # --- API documentation -------------------------------------------------------------

    @pages.get("/docs", response_class=HTMLResponse)
    def docs(request: Request):
        return render(request, "docs.html", spec=request.app.openapi())

    return pages


def _submitted(text: str, upload: UploadFile | None, form: dict[str, str]) -> Record | str:
    """The record the analyse form describes (pasted text or an uploaded file, the form's
    fields winning over the file's), or the key of the error to show."""
    from khabar.sources.files import read_stream

    meta = Meta(form["title"] or None, form["published"] or None, form["url"] or None, form["source"] or None)
    if upload is not None and upload.filename:
        data = upload.file.read()
        if not data.strip():
            return "empty_file"
        found = next(iter(read_stream(io.BytesIO(data), upload.filename or "upload")), None)
        if found is None or isinstance(found, Failure):
            return "unreadable_file"
        return Record(found.body, found.meta.merged(meta), "upload", found.format)
    if not text.strip():
        return "no_text"
    return record_of(text, "auto", meta, "web")
