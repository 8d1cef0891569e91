"""The REST API under ``/api/v1``: thin routes over ``khabar.service``, JSON from
``service.serialize`` (the same JSON the CLI writes), errors as problem details."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from khabar import service
from khabar.service.serialize import to_json
from khabar.sources.base import Meta
from khabar.store import QuoteFilters, SearchFilters, StoreError
from khabar.web import schemas
from khabar.web.problems import Problem, problem_responses
from khabar.web.security import bearer, check_token
from khabar.web.server import Server, record_of, writing_problem

MAX_BATCH = 100  # articles one ingest request may carry

Day = Annotated[dt.date | None, Query(description="An ISO date, YYYY-MM-DD (inclusive)")]
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page")]
Cursor = Annotated[str | None, Query(max_length=200, description="next_cursor of the previous page")]


def json_response(result: object, status: int = 200) -> Response:
    body = json.dumps(to_json(result), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(body, status, media_type="application/json")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _offset(cursor: str | None) -> int:
    try:
        return service.decode_cursor(cursor)
    except service.BadCursorError as e:
        raise Problem(400, "bad-cursor", str(e)) from None


def router(server: Server) -> APIRouter:
    def readable(request: Request) -> None:
        if server.settings.private:
            check_token(server.settings.token, bearer(request.headers), "reading this server")

    api = APIRouter(
        prefix="/api/v1", dependencies=[Depends(readable)], responses=problem_responses(400, 401, 403, 422, 503)
    )

    @api.post(
        "/analyze",
        summary="Analyse one article",
        response_model=None,
        responses={200: {"model": schemas.Document}, **problem_responses(413, 503)},
    )
    def analyze(article: schemas.Article) -> Response:
        """Clean, segment and annotate an article without storing it. Returns the
        Document JSON, the same that `khabar analyze --format json` prints."""
        meta = Meta(article.title, article.published, article.url, article.source, article.author)
        done = server.analyse_one(record_of(article.text, article.format, meta, "api"))
        return json_response(done.document)

    @api.post(
        "/ingest",
        summary="Store one or many articles",
        response_model=None,
        responses={200: {"model": schemas.IngestResult}, **problem_responses(409, 413, 503)},
    )
    def ingest(
        request: Request,
        articles: Annotated[schemas.Article | list[schemas.Article], Body(description="An article or a list of them")],
    ) -> Response:
        """Analyse and store articles (needs the token). An article already stored is
        recognised, not stored twice; each failure is reported with its position."""
        check_token(server.settings.token, bearer(request.headers), "storing articles")
        batch = articles if isinstance(articles, list) else [articles]
        if not batch or len(batch) > MAX_BATCH:
            raise Problem(422, "bad-batch", f"send between 1 and {MAX_BATCH} articles per request")
        records = [
            record_of(a.text, a.format, Meta(a.title, a.published, a.url, a.source, a.author), f"api#{k}")
            for k, a in enumerate(batch)
        ]
        analysed = server.analyse(records)
        try:
            with server.writer.writing() as store:
                stored = service.store_analysed(store, analysed)
        except StoreError as e:
            raise writing_problem(e) from None
        return json_response(stored)

    @api.get(
        "/documents",
        summary="Stored documents",
        responses={200: {"model": schemas.DocumentList}, **problem_responses(404)},
    )
    def documents(limit: Limit = 20, cursor: Cursor = None) -> Response:
        """Documents in the order they were stored, a page at a time."""
        try:
            return json_response(service.document_page(server.store(), cursor, limit))
        except StoreError as e:
            raise Problem(400, "bad-cursor", str(e)) from None

    @api.get(
        "/documents/{ref}",
        summary="One document",
        responses={200: {"model": schemas.Document}, **problem_responses(404, 409)},
    )
    def document(ref: Annotated[str, Path(min_length=6, max_length=64)]) -> Response:
        """The stored document (its id or the first 12 characters of it), exactly as
        `khabar analyze --format json` printed it."""
        return json_response(service.get_document(server.store(), ref))

    @api.get(
        "/documents/{ref}/context",
        summary="Who ran a document, its near-copies and story",
        responses={200: {"model": schemas.ArticleContext}, **problem_responses(404, 409)},
    )
    def document_context(ref: Annotated[str, Path(min_length=6, max_length=64)]) -> Response:
        """The outlets that ran it, its near-duplicates, its story, and the corpus
        entity (an /entities id) behind each of its entities."""
        return json_response(service.article_view(server.store(), ref))

    @api.get("/search", summary="Full-text search", responses={200: {"model": schemas.SearchPage}})
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500, description="Words; quote a phrase")],
        source: Annotated[str | None, Query(max_length=200)] = None,
        entity: Annotated[str | None, Query(max_length=200)] = None,
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        date_from: Annotated[dt.date | None, Query(alias="from")] = None,
        date_to: Annotated[dt.date | None, Query(alias="to")] = None,
        sort: Literal["relevance", "date"] = "relevance",
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> Response:
        """Articles matching every word (Arabic-aware: hamza, ة/ه, ى/ي, diacritics and
        leading clitics do not matter), best first or newest first."""
        filters = SearchFilters(speaker, entity, source, _iso(date_from), _iso(date_to))
        page = service.search(server.store(), q, filters, limit=limit, offset=_offset(cursor), order=sort)
        return json_response(page)

    @api.get("/search/facets", summary="Counts over a search", responses={200: {"model": schemas.Facets}})
    def facets(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        source: Annotated[str | None, Query(max_length=200)] = None,
        entity: Annotated[str | None, Query(max_length=200)] = None,
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        date_from: Annotated[dt.date | None, Query(alias="from")] = None,
        date_to: Annotated[dt.date | None, Query(alias="to")] = None,
        limit: Limit = 10,
    ) -> Response:
        """How many articles match, and their outlets, days, entities and speakers with counts."""
        filters = SearchFilters(speaker, entity, source, _iso(date_from), _iso(date_to))
        return json_response(service.search_facets(server.store(), q, filters, limit))

    @api.get("/entities", summary="Entities by name", response_model=list[schemas.EntityProfile])
    def entities(name: Annotated[str, Query(min_length=1, max_length=200)]) -> Response:
        """Every corpus entity with this name or alias; a single word also finds each
        person whose name ends with it."""
        return JSONResponse([to_json(p) for p in service.find_entities(server.store(), name)])

    @api.get("/entities/top", summary="Most-mentioned entities", response_model=list[schemas.EntityCount])
    def top_entities(
        date_from: Annotated[dt.date | None, Query(alias="from")] = None,
        date_to: Annotated[dt.date | None, Query(alias="to")] = None,
        type: Annotated[Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "MISC"] | None, Query()] = None,
        limit: Limit = 10,
    ) -> Response:
        """Entities mentioned in most articles of the period (count = articles)."""
        found = service.top_entities(server.store(), _iso(date_from), _iso(date_to), limit, type)
        return JSONResponse([to_json(e) for e in found])

    @api.get(
        "/entities/{entity_id}",
        summary="One entity",
        responses={200: {"model": schemas.EntityView}, **problem_responses(404)},
    )
    def entity(entity_id: Annotated[int, Path(ge=1, le=2**62)]) -> Response:
        """Profile, mentions over time, roles with their first and last day, outlets,
        who quotes about it, and its newest quotes."""
        return json_response(service.entity_view(server.store(), entity_id))

    @api.get("/speakers/top", summary="Most-quoted speakers", response_model=list[schemas.EntityCount])
    def top_speakers(
        date_from: Annotated[dt.date | None, Query(alias="from")] = None,
        date_to: Annotated[dt.date | None, Query(alias="to")] = None,
        limit: Limit = 10,
    ) -> Response:
        """Entities quoted most often in the period (count = quotes)."""
        found = service.top_speakers(server.store(), _iso(date_from), _iso(date_to), limit)
        return JSONResponse([to_json(e) for e in found])

    @api.get("/quotes", summary="Who said what", responses={200: {"model": schemas.QuoteList}})
    def quotes(
        speaker: Annotated[str | None, Query(max_length=200, description="A name, alias or surname")] = None,
        speaker_id: Annotated[int | None, Query(ge=1, le=2**62, description="An /entities id")] = None,
        entity: Annotated[str | None, Query(max_length=200, description="Quotes in articles mentioning it")] = None,
        words: Annotated[str | None, Query(max_length=500, description="Every word occurs in the quote")] = None,
        date_from: Annotated[dt.date | None, Query(alias="from")] = None,
        date_to: Annotated[dt.date | None, Query(alias="to")] = None,
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> Response:
        """Quotes, newest first, in the JSON a quote has everywhere (docs/output.md)."""
        filters = QuoteFilters(speaker, entity, _iso(date_from), _iso(date_to), speaker_id, words)
        offset = _offset(cursor)
        found = service.stored_quotes(server.store(), filters, limit + 1, offset)
        return json_response(service.Listing.cut(found, offset, limit))

    @api.get(
        "/statements",
        summary="Quotes grouped into statements",
        responses={200: {"model": schemas.StatementList}},
    )
    def statements(
        speaker: Annotated[str | None, Query(max_length=200, description="A name, alias or surname")] = None,
        speaker_id: Annotated[int | None, Query(ge=1, le=2**62, description="An /entities id")] = None,
        entity: Annotated[str | None, Query(max_length=200, description="Statements in articles mentioning it")] = None,
        words: Annotated[str | None, Query(max_length=500, description="Every word occurs in the quote")] = None,
        date_from: Annotated[dt.date | None, Query(alias="from")] = None,
        date_to: Annotated[dt.date | None, Query(alias="to")] = None,
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> Response:
        """The same words by the same speaker, carried by several articles (a wire story,
        a copy), as one item with every outlet that ran it; newest first."""
        filters = QuoteFilters(speaker, entity, _iso(date_from), _iso(date_to), speaker_id, words)
        return json_response(service.statements(server.store(), filters, limit, _offset(cursor)))

    @api.get("/stories", summary="Stories across outlets", responses={200: {"model": schemas.StoryList}})
    def stories(
        order: Literal["size", "recent"] = "size",
        min_size: Annotated[int, Query(ge=1, le=10_000)] = 2,
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> Response:
        """Stories (several outlets' write-ups of one event), largest or most recent first."""
        return json_response(service.list_stories(server.store(), limit, _offset(cursor), order, min_size))

    @api.get(
        "/stories/{story_id}",
        summary="One story",
        responses={200: {"model": schemas.StoryView}, **problem_responses(404)},
    )
    def story(story_id: Annotated[int, Path(ge=1, le=2**62)]) -> Response:
        """The story and its articles, earliest first."""
        return json_response(service.story_view(server.store(), story_id))

    @api.get("/overview", summary="A period at a glance", responses={200: {"model": schemas.Overview}})
    def overview(
        date_from: Annotated[dt.date | None, Query(alias="from")] = None,
        date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    ) -> Response:
        """Articles per outlet per day, most-quoted speakers, most-mentioned entities and
        recent stories; without dates, the last 30 days of the store."""
        return json_response(service.overview(server.store(), _iso(date_from), _iso(date_to)))

    return api
