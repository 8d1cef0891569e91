"""What the web tests share: the demo store on each backend, an app over it, and a real
server on 127.0.0.1 for the browser (uvicorn in a thread, on a free port)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web tests need the web extra: pip install -e '.[web,test]'")

from fastapi import FastAPI  # noqa: E402

from khabar.web.app import create_app  # noqa: E402
from khabar.web.settings import Settings  # noqa: E402

TOKEN = "test-token-1234"
BACKENDS = ("sqlite", "postgres")  # the stores the web tests run over (PostgreSQL skips without a server)
_built: dict[str, Path] = {}


def demo_copy(folder: Path) -> Path:
    """A fresh copy of the demo store in ``folder`` (built once per test session)."""
    if "db" not in _built:
        from khabar.web.demo import build_demo

        built = Path(folder).parent / "demo-built" / "demo.db"
        built.parent.mkdir(parents=True, exist_ok=True)
        build_demo(built)
        _built["db"] = built
    target = Path(folder) / "demo.db"
    shutil.copy(_built["db"], target)
    return target


@contextmanager
def demo_store(backend: str, folder: Path) -> Iterator[str]:
    """A fresh copy of the demo store on ``backend``: a SQLite file in ``folder``, or a new
    PostgreSQL database (dropped afterwards) filled by ``khabar db copy``'s own code."""
    db = demo_copy(folder)
    if backend == "sqlite":
        yield str(db)
        return
    from postgres_server import fresh_database

    from khabar.store import open_store
    from khabar.store.transfer import copy_store

    with fresh_database(empty=True) as url:
        with open_store(db, readonly=True) as source, open_store(url) as target:
            copy_store(source, target)
        yield url


def settings(db: str | Path, **changes: object) -> Settings:
    return Settings(str(db), **{"token": TOKEN, "workers": 1, **changes})


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 until the block ends; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def app_over(db: str | Path, **changes: object) -> FastAPI:
    return create_app(settings(db, **changes), warm=False)
