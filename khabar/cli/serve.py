"""``khabar serve``: the web app and REST API over a store."""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import sys
import tempfile

import click

from khabar.cli.store_options import db_option
from khabar.store import is_postgres, sqlite_path


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--token-file",
    type=click.Path(exists=True, dir_okay=False),
    help="File whose first line is the bearer token for writes (default: the KHABAR_TOKEN variable).",
)
@click.option("--private", is_flag=True, help="Reads need the token too (pages and API).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=min(2, os.cpu_count() or 1),
    show_default=True,
    help="Analysis processes (each loads the models once).",
)
@click.option(
    "--analysis-timeout",
    type=click.FloatRange(1, 3600),
    default=30.0,
    show_default=True,
    help="Seconds one article's analysis may take before it is stopped.",
)
@click.option("--demo", is_flag=True, help="Build a store from the repository's demo articles and serve it.")
@click.option("--get", "get_path", metavar="PATH", help="Print the response to GET PATH and exit (no server).")
def serve(
    db: str,
    host: str,
    port: int,
    token_file: str | None,
    private: bool,
    workers: int,
    analysis_timeout: float,
    demo: bool,
    get_path: str | None,
) -> None:
    """Serve the web app and the REST API over a store.

    Pages (Arabic, right to left, with an English toggle): overview, search, articles,
    entities, speakers' statements, stories, and an analyse page. The API lives under
    /api/v1 and is described at /docs (OpenAPI at /openapi.json). Reads are open;
    writes (ingest, storing an analysed article) need the bearer token from KHABAR_TOKEN
    or --token-file. Needs the web extra: pip install 'khabar[web]'.

    \b
    Examples:
      khabar serve --demo                                # the sample articles, at once
      KHABAR_TOKEN=s3cret khabar serve --db news.db --port 8080
      khabar serve --db news.db --get '/api/v1/search?q=النفط'
    """
    try:
        import uvicorn

        from khabar.web.app import create_app
        from khabar.web.settings import Settings, read_token
    except ImportError as e:
        raise click.ClickException(
            f"khabar serve needs the web extra ({e.name} is missing): pip install 'khabar[web]'"
        ) from None
    try:
        token = read_token(token_file)
    except (OSError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    if private and token is None:
        raise click.ClickException("--private needs a token: set KHABAR_TOKEN or give --token-file")
    if demo:
        db, token = _demo_store(token)
    elif not is_postgres(db) and not os.path.exists(sqlite_path(db)):
        raise click.ClickException(
            f"no store at {db}; make one with 'khabar ingest PATH --db {db}', or try 'khabar serve --demo'"
        )
    settings = Settings(db, token, private, workers, analysis_timeout)
    if get_path is not None:
        _print_get(settings, get_path)
        return
    from khabar.store import StoreError

    try:
        app = create_app(settings)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"khabar: serving {_shown(db)} on http://{host}:{port}/ (API docs: http://{host}:{port}/docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _shown(db: str) -> str:
    """The store's location as messages show it: a URL without its password."""
    if is_postgres(db):
        from khabar.store.postgres import redact

        return redact(db)
    return db


def _demo_store(token: str | None) -> tuple[str, str]:
    from khabar.web.demo import DemoMissingError, build_demo

    folder = tempfile.mkdtemp(prefix="khabar-demo-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # a demo store is thrown away with its server
    db = os.path.join(folder, "demo.db")
    click.echo(f"khabar: building the demo store in {db} …", err=True)
    try:
        summary, note = build_demo(db)
    except DemoMissingError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"khabar: {summary.stored} articles stored, {summary.near_duplicates} near-duplicates", err=True)
    if note:
        click.echo(f"khabar: no stories in the demo: {note}", err=True)
    if token is None:
        token = secrets.token_urlsafe(12)
        click.echo(f"khabar: demo write token (to store analysed articles): {token}", err=True)
    return db, token


def _print_get(settings: object, path: str) -> None:
    from fastapi.testclient import TestClient

    from khabar.web.app import create_app

    with TestClient(create_app(settings, warm=False), raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        response = client.get(path)
    sys.stdout.write(response.text + ("\n" if not response.text.endswith("\n") else ""))
    if response.status_code >= 400:
        sys.exit(1)
