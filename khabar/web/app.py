"""The application: API and pages on one FastAPI app, with the security middleware and
one way of answering errors (problem details for the API, an error page for people)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from khabar import __version__
from khabar.service import AmbiguousIdError, BadCursorError
from khabar.store import NotFoundError, StoreError
from khabar.store.fulltext import EmptyQueryError
from khabar.web import api, pages
from khabar.web.problems import Problem
from khabar.web.render import Renderer
from khabar.web.security import BodyLimit, SecurityHeaders
from khabar.web.server import Server
from khabar.web.settings import Settings

log = logging.getLogger("khabar.web")

DESCRIPTION = """The REST API of khabar: analyse Arabic news articles, store them, and query
what the store knows — documents, full-text search, entities, quotes, stories.

Every response is the JSON `khabar` writes on the command line (docs/output.md); lists
page with `cursor` (give back the `next_cursor` of the previous page); errors are RFC 9457
problem details (`application/problem+json`). Writes need `Authorization: Bearer TOKEN`.
"""


def create_app(settings: Settings, *, warm: bool = True) -> FastAPI:
    """The app over ``settings.db``; ``warm`` starts the analysis workers at startup."""
    server = Server(settings)
    render = Renderer()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            render.warm()
            server.pool.warm()
        try:
            yield
        finally:
            server.close()

    app = FastAPI(
        title="khabar",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.server = server
    app.include_router(api.router(server))
    app.include_router(pages.router(server, render))
    static = resources.files("khabar.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_body)
    app.add_middleware(SecurityHeaders)
    _answer_errors(app, render, settings.db)
    return app


def _answer_errors(app: FastAPI, render: Renderer, location: str) -> None:
    def answer(request: Request, problem: Problem) -> Response:
        problem.detail = problem.detail.replace(location, "this store")  # no server path reaches a client
        if request.url.path.startswith("/api/") or request.url.path.startswith("/feeds/"):
            return problem.response(request.url.path)
        page = render(request, "error.html", problem.status, problem=problem)
        page.headers.update(problem.headers)
        return page

    @app.exception_handler(Problem)
    async def problem(request: Request, e: Problem) -> Response:
        return answer(request, e)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, e: NotFoundError) -> Response:
        return answer(request, Problem(404, "not-found", str(e)))

    @app.exception_handler(AmbiguousIdError)
    async def ambiguous(request: Request, e: AmbiguousIdError) -> Response:
        return answer(request, Problem(409, "ambiguous-id", str(e)))

    @app.exception_handler(EmptyQueryError)
    async def empty_query(request: Request, e: EmptyQueryError) -> Response:
        return answer(request, Problem(400, "empty-query", str(e)))

    @app.exception_handler(BadCursorError)
    async def bad_cursor(request: Request, e: BadCursorError) -> Response:
        return answer(request, Problem(400, "bad-cursor", str(e)))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, e: StoreError) -> Response:
        log.warning("store error on %s: %s", request.url.path, e)
        return answer(request, Problem(503, "store-unavailable", "the store cannot answer right now"))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError) -> Response:
        errors = [
            {"where": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")} for err in e.errors()
        ]
        detail = "; ".join(f"{x['where']}: {x['message']}" for x in errors[:5]) or "invalid request"
        return answer(request, Problem(422, "invalid-request", detail, errors=errors))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, e: HTTPException) -> Response:
        kind = {404: "not-found", 405: "method-not-allowed"}.get(e.status_code, "http-error")
        detail = e.detail if isinstance(e.detail, str) else "request refused"
        return answer(request, Problem(e.status_code, kind, detail, headers=dict(e.headers or {})))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, e: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return answer(request, Problem(500, "internal", "something went wrong on the server; it was logged"))
