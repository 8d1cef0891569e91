"""The store backends the conformance suite runs against.

Each entry makes a fresh, empty store for one test and closes it after. A backend that
cannot run here (no server) raises ``pytest.skip`` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from postgres_server import fresh_database

from khabar.store import Store, open_store


@contextmanager
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "k.db") as store:
        yield store


@contextmanager
def postgres_store(tmp_path: Path) -> Iterator[Store]:
    with fresh_database() as url, open_store(url) as store:
        yield store


BACKENDS: dict[str, Callable[[Path], contextmanager]] = {  # type: ignore[type-arg]
    "sqlite": sqlite_store,
    "postgres": postgres_store,
}

# Backends that do not implement yet what the web app added to the Store protocol (issue 11):
# their tests of those skip with this reason. Add an entry for a backend in the making.
PENDING_WEB_METHODS: dict[str, str] = {}
