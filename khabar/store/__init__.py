"""Where analysed documents live: one interface (``Store``), SQLite behind it by default."""

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


def open_store(location: str | Path = DEFAULT_DB, *, readonly: bool = False) -> Store:
    """The store at ``location``: a SQLite file path (created when writing)."""
    text = str(location)
    if text.startswith(("postgres://", "postgresql://")):
        raise StoreError("a PostgreSQL store is not available in this version; use a SQLite file path")
    return SQLiteStore(text, readonly=readonly)


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
    "open_store",
]
