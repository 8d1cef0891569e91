"""Where analysed documents live: one interface (``Store``), SQLite behind it by default,
PostgreSQL for a shared server (``postgresql://`` locations, ``pip install 'khabar[postgres]'``)."""

from __future__ import annotations

from pathlib import Path

from khabar.store.base import (
    EXPORTS,
    DocumentInfo,
    EntityProfile,
    EventFilters,
    EventRecord,
    Incoming,
    NotFoundError,
    QuoteFilters,
    QuoteRecord,
    SearchFilters,
    SearchHit,
    Store,
    StoreError,
    StorySummary,
    WriteCounts,
)
from khabar.store.sqlite import SQLiteStore

DEFAULT_DB = "khabar.db"


POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(location: str | Path) -> bool:
    return str(location).startswith(POSTGRES_SCHEMES)


def sqlite_path(location: str | Path) -> str:
    """A SQLite location as a path: ``sqlite:///a.db`` and ``a.db`` are the same file,
    ``sqlite:////srv/a.db`` is ``/srv/a.db`` (SQLAlchemy's form)."""
    text = str(location)
    return text[len("sqlite:///") :] if text.startswith("sqlite:///") else text


def open_store(location: str | Path = DEFAULT_DB, *, readonly: bool = False) -> Store:
    """The store at ``location``: a ``postgresql://user@host:port/dbname`` URL (libpq's
    URL form, options and environment variables included), or a SQLite file path, also
    written ``sqlite:///path`` (created when writing). Opened for writing, a store's
    schema is brought up to date first."""
    if is_postgres(location):
        from khabar.store.postgres import PostgresStore  # psycopg is an optional extra

        return PostgresStore(str(location), readonly=readonly)
    return SQLiteStore(sqlite_path(location), readonly=readonly)


__all__ = [
    "DEFAULT_DB",
    "EXPORTS",
    "DocumentInfo",
    "EntityProfile",
    "EventFilters",
    "EventRecord",
    "Incoming",
    "NotFoundError",
    "QuoteFilters",
    "QuoteRecord",
    "SQLiteStore",
    "SearchFilters",
    "SearchHit",
    "Store",
    "StoreError",
    "StorySummary",
    "WriteCounts",
    "is_postgres",
    "open_store",
    "sqlite_path",
]
