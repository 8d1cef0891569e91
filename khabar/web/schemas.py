"""The shapes of the API's requests and responses, for its OpenAPI description.

Responses are written by ``service.serialize`` (the one JSON, docs/output.md), never
re-shaped through these models: the models only describe that JSON, and the schema
tests (schemathesis) check that what the server sends matches them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")  # fields may be added (docs/output.md)


class SpanText(Open):
    start: int
    end: int
    text: str


class Paragraph(Open):
    start: int
    end: int
    kind: str


class Sentence(Open):
    start: int
    end: int


class Entity(Open):
    id: str
    type: str
    name: str
    aliases: list[str]
    roles: list[str]
    mentions: list[SpanText]


class Time(Open):
    start: int
    end: int
    text: str
    type: str
    value: str | None


class Agent(Open):
    entity: str | None
    name: str
    mention: SpanText | None


class QuoteFields(Open):
    start: int
    end: int
    text: str
    kind: str
    cue: SpanText | None
    speaker: Agent | None
    addressee: Agent | None = None
    via: Agent | None = None
    time: dict | None = None
    speakers: list[Agent] = []
    place: Agent | None = None
    heading: bool = False


class Document(Open):
    """The Document JSON of docs/output.md, exactly as ``khabar analyze --format json`` prints it."""

    id: str
    title: str | None
    published: str | None
    url: str | None
    source: str | None
    author: str | None
    language: str | None
    text: str
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    entities: list[Entity]
    times: list[Time]
    quotes: list[QuoteFields]


class DocumentInfo(Open):
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    duplicate_of: str | None
    story: int | None


class DocumentList(Open):
    items: list[DocumentInfo]
    next_cursor: str | None


class SearchHit(Open):
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    score: float
    snippet: str
    duplicate_of: str | None


class SearchPage(Open):
    query: str
    filters: dict
    order: str
    offset: int
    limit: int
    next_offset: int | None
    next_cursor: str | None
    hits: list[SearchHit]


class EntityCount(Open):
    id: int
    name: str
    type: str
    count: int


class SourceCount(Open):
    source: str
    documents: int


class DayCount(Open):
    day: str
    documents: int


class Facets(Open):
    total: int
    sources: list[SourceCount]
    days: list[DayCount]
    entities: list[EntityCount]
    speakers: list[EntityCount]
    scope: int


class QuoteRecord(QuoteFields):
    document: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    speaker_entities: list[int]


class QuoteList(Open):
    items: list[QuoteRecord]
    next_cursor: str | None


class Statement(Open):
    outlets: list[str]
    first: QuoteRecord
    quotes: list[QuoteRecord]


class StatementList(Open):
    items: list[Statement]
    next_cursor: str | None


class NameCount(Open):
    name: str
    count: int


class RoleCount(Open):
    role: str
    count: int


class CoMention(Open):
    name: str
    type: str
    articles: int


class EntityProfile(Open):
    id: int
    type: str
    name: str
    aliases: list[NameCount]
    roles: list[RoleCount]
    articles: int
    quotes: int
    first_seen: str | None
    last_seen: str | None
    co_mentioned: list[CoMention]


class DayArticles(Open):
    day: str
    articles: int


class RoleSeen(Open):
    role: str
    articles: int
    first_seen: str | None
    last_seen: str | None


class OutletArticles(Open):
    source: str
    articles: int


class EntityView(EntityProfile):
    timeline: list[DayArticles]
    roles_seen: list[RoleSeen]
    outlets: list[OutletArticles]
    quoted_by: list[EntityCount]
    recent_quotes: list[QuoteRecord]


class Story(Open):
    id: int
    size: int
    first_published: str | None
    last_published: str | None
    title: str | None
    outlets: list[OutletArticles]


class StoryList(Open):
    items: list[Story]
    next_cursor: str | None


class StoryView(Story):
    documents: list[DocumentInfo]


class OutletDay(Open):
    day: str
    source: str | None
    articles: int


class Overview(Open):
    from_: str | None = Field(alias="from")
    to: str | None
    daily: list[OutletDay]
    speakers: list[EntityCount]
    entities: list[EntityCount]
    stories: list[Story]


class ArticleContext(Open):
    document: DocumentInfo
    outlets: list[str]
    near_duplicates: list[DocumentInfo]
    story: Story | None
    entities: dict[str, int]


class Failure(Open):
    index: int
    message: str


class IngestResult(Open):
    stored: int
    duplicates: int
    already: int
    documents: list[str | None]
    failures: list[Failure]


# --- requests -------------------------------------------------------------------------


class Article(BaseModel):
    """One article to analyse or store: its text (plain, or an HTML page) and what is known about it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article: plain text, or a whole HTML page", min_length=1)
    format: Literal["auto", "text", "html"] = Field("auto", description="auto: HTML when it looks like a page")
    title: str | None = None
    published: str | None = Field(None, description="Publication date (YYYY-MM-DD); relative dates resolve to it")
    url: str | None = None
    source: str | None = Field(None, description="The outlet, e.g. spa")
    author: str | None = None
