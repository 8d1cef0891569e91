"""The storage interface every backend implements, and the values it returns.

A store keeps whole Documents, losslessly (every layer, registered ones included, comes
back from ``get`` equal to what was analysed), plus the corpus-level facts computed
above the documents: which corpus entity each document entity is, near-duplicates,
stories. The rules that compute those facts live in ``khabar.corpus``, written once; a
backend only keeps their results and answers queries over them. Callers (ingest, the
service layer, the CLI, the web app) talk to a ``Store`` only, so a second backend
(PostgreSQL) plugs in without touching them; ``tests/store_conformance.py`` is the suite
any backend must pass.

No numpy in this interface: signatures and embeddings cross it as bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from khabar.corpus.entities import EntityLinker
from khabar.document import Document

EXPORTS = ("documents", "entities", "quotes", "times", "events")
SearchOrder = Literal["relevance", "date"]
StoryOrder = Literal["size", "recent"]


class StoreError(RuntimeError):
    """A store that cannot be opened, read or written; the message is one line a user can act on."""


class NotFoundError(StoreError):
    """No document, entity or story with that id."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """One analysed input record on its way into the store."""

    key: str  # hash of the raw record: what makes a rerun skip it unanalysed
    origin: str
    document: Document
    signature: bytes | None = None  # MinHash of the word shingles (corpus.minhash)
    search_form: tuple[str, str, str] | None = None  # (title, body, Latin names) as indexed; made by the worker


@dataclass(frozen=True, slots=True)
class WriteCounts:
    stored: int = 0  # new documents
    duplicates: int = 0  # same cleaned text as a stored document: recorded as another copy
    already: int = 0  # the very same input record, stored by an earlier run


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A stored document without its text and layers: what lists and links show."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    duplicate_of: str | None = None  # the earlier near-copy's id
    story: int | None = None


@dataclass(frozen=True, slots=True)
class SearchFilters:
    speaker: str | None = None  # articles quoting this name or alias
    entity: str | None = None  # articles mentioning it
    source: str | None = None  # articles run by this outlet (any copy)
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    score: float  # higher is better (BM25, title weighted double)
    snippet: str
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteFilters:
    speaker: str | None = None  # a name, alias or surname: the entities it names, or the name as written
    entity: str | None = None  # quotes in articles that mention it
    date_from: str | None = None
    date_to: str | None = None
    speaker_entity: int | None = None  # exactly this corpus entity's quotes
    words: str | None = None  # every word occurs in the quote's text (matched as search matches them)


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A quote as its article gave it, with the document it came from.

    ``quote`` is exactly the article's JSON for the quote (``Quote.to_dict``, span texts
    included), so a quote reads the same from an article and from a store; its entity ids
    (``e1`` …) are the article's own, and ``speaker_entities`` the corpus entities they
    are (empty outside a store). ``origin`` is where the input was read, when known.
    """

    document: DocumentInfo
    quote: dict[str, Any]
    speaker_entities: tuple[int, ...] = ()
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class EventFilters:
    actor: str | None = None  # a name, alias or surname: events by the entities it names (or by that name as written)
    target: str | None = None  # likewise, events done to them
    type: str | None = None  # a PLOVER type (CONSULT, ACCUSE …)
    date_from: str | None = None  # the article's publication date
    date_to: str | None = None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event as its article gave it (``Event.to_dict``: entity ids are the article's
    own), with its document, and the corpus entities its actor and target are (empty
    outside a store)."""

    document: DocumentInfo
    event: dict[str, Any]
    actor_entities: tuple[int, ...] = ()
    target_entities: tuple[int, ...] = ()
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class EntityProfile:
    id: int
    type: str
    name: str
    aliases: list[tuple[str, int]] = field(default_factory=list)  # (alias, documents)
    roles: list[tuple[str, int]] = field(default_factory=list)
    articles: int = 0
    quotes: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    co_mentioned: list[tuple[str, str, int]] = field(default_factory=list)  # (name, type, articles)
    latin: str | None = None  # the Latin name its documents spell it with most often


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What story grouping reads of one document."""

    id: str
    published: str | None
    title: str | None
    lead: str  # the first characters of the text
    duplicate_of: str | None
    entities: tuple[int, ...]  # corpus entities it mentions


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: int
    size: int
    first_published: str | None
    last_published: str | None
    outlets: list[tuple[str, int]]
    title: str | None


@dataclass(frozen=True, slots=True)
class EntityCount:
    """A corpus entity and how often it counts for a question (articles, quotes)."""

    id: int
    name: str
    type: str
    count: int


@dataclass(frozen=True, slots=True)
class OutletDay:
    """How many articles one outlet ran on one day (every input counted: an exact copy
    run by two outlets counts for both)."""

    day: str
    source: str | None
    articles: int


@dataclass(frozen=True, slots=True)
class RoleSeen:
    """A role given to an entity, in how many articles, first and last seen."""

    role: str
    articles: int
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class SearchFacets:
    """What the documents matching a search have in common, with counts."""

    total: int  # documents matching
    sources: list[tuple[str, int]]  # (outlet, documents), most first, over every match
    days: list[tuple[str, int]]  # (ISO day, documents), in date order, over every match
    entities: list[EntityCount]  # most-mentioned, count = documents, over the ``scope`` documents
    speakers: list[EntityCount]  # most-quoted, count = documents quoting them, over the ``scope`` documents
    scope: int = 0  # how many matches (the most recently stored) entities and speakers were counted over


class Store(Protocol):
    """What khabar needs from a store. Writes are whole batches; readers run alongside."""

    location: str

    # --- documents ------------------------------------------------------------------------
    def write(self, batch: Sequence[Incoming]) -> WriteCounts:
        """Store a batch in one transaction, all or nothing: new documents with their
        corpus entities (linked by ``khabar.corpus.entities.EntityLinker``), another copy
        of a stored text as an input of it, an input stored before as nothing."""
        ...

    def known_inputs(self, keys: Sequence[str]) -> set[str]: ...
    def get(self, doc_id: str) -> Document | None: ...
    def find_ids(self, prefix: str, limit: int = 10) -> list[str]: ...
    def documents(self, after: str | None = None, limit: int = 100) -> list[DocumentInfo]:
        """Documents in the order they were stored, ``limit`` after the one with id ``after``."""
        ...

    def document_outlets(self, doc_ids: Sequence[str]) -> dict[str, list[str]]:
        """Every outlet that ran each document (all its inputs), sorted; ids not stored are left out."""
        ...

    def near_duplicates(self, doc_id: str) -> list[DocumentInfo]:
        """The other members of the document's near-duplicate group (its original and
        every copy of that original), earliest first."""
        ...

    def info(self, doc_id: str) -> DocumentInfo | None: ...
    def text(self, doc_id: str) -> str: ...
    def search(
        self,
        query: str,
        filters: SearchFilters = SearchFilters(),
        limit: int = 20,
        offset: int = 0,
        order: SearchOrder = "relevance",
    ) -> list[SearchHit]: ...

    # --- corpus entities ------------------------------------------------------------------
    def entity_ids(self, name: str) -> list[int]:
        """Entities called ``name`` or with it as an alias (a single word: also people whose
        name ends with it); a name in Latin script finds entities by their Latin name
        (letter case aside; a word also finds the Latin names that end with it: Lavrov)."""
        ...

    def entity(self, entity_id: int) -> EntityProfile | None: ...
    def quotes(self, filters: QuoteFilters = QuoteFilters(), limit: int = 100, offset: int = 0) -> list[QuoteRecord]:
        """Quotes, newest first (then by document and place in it), ``limit`` after ``offset``."""
        ...

    def entity_links(self, doc_id: str) -> dict[str, int]:
        """The corpus entity of each of the document's own entities (``e1`` -> 17); {} for no document."""
        ...

    def entity_timeline(self, entity_id: int) -> list[tuple[str, int]]:
        """(ISO day, articles mentioning the entity that day), in date order; undated articles left out."""
        ...

    def entity_roles(self, entity_id: int) -> list[RoleSeen]:
        """Every role the entity was given, most articles first."""
        ...

    def entity_outlets(self, entity_id: int, limit: int = 20) -> list[tuple[str, int]]:
        """(outlet, articles mentioning the entity), most first."""
        ...

    def entity_quoted_by(self, entity_id: int, limit: int = 10) -> list[EntityCount]:
        """Speakers whose quotes mention the entity (itself left out); count = such quotes."""
        ...

    def top_entities(
        self, date_from: str | None = None, date_to: str | None = None, limit: int = 10, type: str | None = None
    ) -> list[EntityCount]:
        """The most-mentioned entities of articles published in the period; count = articles."""
        ...

    def top_speakers(
        self, date_from: str | None = None, date_to: str | None = None, limit: int = 10
    ) -> list[EntityCount]:
        """The most-quoted entities in articles published in the period; count = quotes."""
        ...

    def daily_counts(self, date_from: str | None = None, date_to: str | None = None) -> list[OutletDay]:
        """Articles per outlet per day in the period, by day then outlet; undated inputs left out."""
        ...

    def search_facets(
        self, query: str, filters: SearchFilters = SearchFilters(), limit: int = 10, scope: int = 1000
    ) -> SearchFacets:
        """Counts over the documents ``search`` would return for ``query`` and ``filters``:
        the total, outlets and days over all of them; entities and speakers over the
        ``scope`` most recently stored (counting every mention of a common word's
        thousands of matches would take seconds)."""

    def events(self, filters: EventFilters = EventFilters(), limit: int = 100) -> list[EventRecord]:
        """Events, newest article first, by actor, target, type and publication dates."""
        ...

    # --- near-duplicates --------------------------------------------------------------------
    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(document id, MinHash signature) of every document, earliest first (by date, then arrival)."""
        ...

    def set_duplicates(self, duplicate_of: Mapping[str, str]) -> None:
        """Replace every near-duplicate link: document id -> its original's id."""
        ...

    # --- stories ----------------------------------------------------------------------------
    def story_inputs(self) -> list[StoryInput]: ...
    def embeddings(self) -> dict[str, bytes]: ...
    def put_embeddings(self, vectors: Mapping[str, bytes]) -> None: ...
    def set_stories(self, story_of: Mapping[str, int]) -> None:
        """Replace every story: document id -> story number."""
        ...

    def stories(
        self, limit: int = 10, min_size: int = 2, offset: int = 0, order: StoryOrder = "size"
    ) -> list[StorySummary]:
        """Stories of at least ``min_size`` articles: largest first, or most recent
        (latest article) first; ``limit`` after ``offset``."""
        ...

    def story(self, story_id: int) -> StorySummary | None: ...
    def story_documents(self, story_id: int, limit: int = 500) -> list[DocumentInfo]:
        """The story's articles, earliest first (undated last)."""
        ...

    # --- export and housekeeping ------------------------------------------------------------
    def export(self, table: str) -> tuple[list[str], Iterator[dict[str, Any]]]: ...
    def counts(self) -> dict[str, int]: ...
    def lock_for_writing(self) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None: ...


__all__ = [
    "EXPORTS",
    "EventFilters",
    "EventRecord",
    "DocumentInfo",
    "EntityLinker",
    "EntityCount",
    "EntityProfile",
    "Incoming",
    "NotFoundError",
    "OutletDay",
    "QuoteFilters",
    "SearchFilters",
    "SearchHit",
    "SearchOrder",
    "Store",
    "StoreError",
    "QuoteRecord",
    "RoleSeen",
    "SearchFacets",
    "StoryInput",
    "StoryOrder",
    "StorySummary",
    "WriteCounts",
]
