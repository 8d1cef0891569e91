"""The PostgreSQL server the tests use, and a fresh database on it per test.

``.ci/run`` starts a throwaway server and exports its URL as ``KHABAR_TEST_POSTGRES``;
without it, the first test that needs one starts its own (``tools/pg_server.py``) and
stops it when the tests end. Where neither works (no PostgreSQL installed, no psycopg),
those tests skip and say why.
"""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import pg_server  # noqa: E402

_state: dict[str, str] = {}


def server_url() -> str:
    """The server's URL, starting one if needed; skips the calling test when none can run."""
    if "skip" in _state:
        pytest.skip(_state["skip"])
    if "url" not in _state:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            _state["skip"] = "PostgreSQL tests skipped: psycopg is not installed (pip install -e '.[postgres]')"
            pytest.skip(_state["skip"])
        url = os.environ.get(pg_server.ENV)
        if not url:
            folder = Path(tempfile.mkdtemp(prefix="khabar-pg-"))
            try:
                url = pg_server.start(folder)
            except pg_server.ServerUnavailable as e:
                _state["skip"] = f"PostgreSQL tests skipped: {e}"
                pg_server.stop(folder)
                pytest.skip(_state["skip"])
            atexit.register(pg_server.stop, folder)
        _state["url"] = url
    return _state["url"]


def database_url(name: str) -> str:
    return server_url().rsplit("/", 1)[0] + "/" + name


def _template() -> str:
    """A database with the khabar schema, made once per run: new databases copy it."""
    import psycopg

    from khabar.store import open_store

    if "template" not in _state:
        name = "khabar_test_template_" + uuid.uuid4().hex[:8]
        with psycopg.connect(server_url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'")
        open_store(database_url(name)).close()
        _state["template"] = name
        atexit.register(_drop, name)
    return _state["template"]


def _drop(name: str) -> None:
    import psycopg

    try:
        with psycopg.connect(server_url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    except psycopg.Error:
        pass  # the server is already gone


@contextmanager
def fresh_database(empty: bool = False) -> Iterator[str]:
    """The URL of a new database with the khabar schema (``empty``: with nothing in it),
    dropped afterwards."""
    import psycopg

    url = server_url()
    name = "khabar_test_" + uuid.uuid4().hex[:12]
    template = "template0" if empty else _template()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template} ENCODING 'UTF8' LOCALE 'C.UTF-8'")
    try:
        yield database_url(name)
    finally:
        _drop(name)
