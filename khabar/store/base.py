"""The storage interface every backend implements, and the values it returns.

Callers (ingest, search, the CLI) talk to a ``Store`` only, so a PostgreSQL backend can
follow without touching them. ``open_store`` picks the backend from the location.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from khabar.document import Document


@dataclass(frozen=True, slots=True)
class Incoming:
    """One analysed input record on its way into the store."""

    key: str  # hash of the raw record: what makes a rerun skip it unanalysed
    origin: str
    document: Document
    signature: bytes | None = None
    search_form: tuple[str, str] | None = None  # (title, body) as indexed; made by the worker


@dataclass(frozen=True, slots=True)
class WriteCounts:
    stored: int = 0  # new documents
    duplicates: int = 0  # same cleaned text as a stored document: recorded as another copy
    already: int = 0  # the very same input record, stored by an earlier run


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    score: float
    snippet: str
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRow:
    document: str
    published: str | None
    source: str | None
    text: str
    kind: str
    speaker: str | None
    addressee: str | None
    via: str | None
    time: str | None


@dataclass(frozen=True, slots=True)
class EntityProfile:
    id: int
    type: str
    name: str
    aliases: list[tuple[str, int]] = field(default_factory=list)
    roles: list[tuple[str, int]] = field(default_factory=list)
    articles: int = 0
    quotes: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    co_mentioned: list[tuple[str, str, int]] = field(default_factory=list)  # (name, type, articles)


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: int
    size: int
    first_published: str | None
    last_published: str | None
    outlets: list[tuple[str, int]]
    title: str | None


@dataclass(frozen=True, slots=True)
class SearchFilters:
    speaker: str | None = None
    entity: str | None = None
    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None


class Store(Protocol):
    """What khabar needs from a store. One writer at a time; readers run alongside."""

    def known_inputs(self, keys: list[str]) -> set[str]: ...
    def write(self, items: Iterable[Incoming]) -> WriteCounts: ...
    def signatures(self) -> tuple[list[int], list[str], np.ndarray]: ...
    def text(self, n: int) -> str: ...
    def set_duplicates(self, duplicate_of: dict[int, str | None]) -> None: ...
    def search(self, query: str, filters: SearchFilters = SearchFilters(), limit: int = 20) -> list[Hit]: ...
    def entities(self, name: str) -> list[EntityProfile]: ...
    def quotes(self, speaker: str | None = None, limit: int = 100) -> list[QuoteRow]: ...
    def export(self, table: str) -> tuple[list[str], Iterator[dict[str, Any]]]: ...
    def story_inputs(self) -> list[tuple[int, str | None, str | None, str, int | None, list[int]]]: ...
    def embeddings(self) -> dict[int, np.ndarray]: ...
    def put_embeddings(self, rows: list[tuple[int, np.ndarray]]) -> None: ...
    def set_stories(self, story_of: dict[int, int]) -> None: ...
    def largest_stories(self, limit: int = 10, min_size: int = 2) -> list[StorySummary]: ...
    def counts(self) -> dict[str, int]: ...
    def close(self) -> None: ...
