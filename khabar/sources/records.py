"""JSON and JSON Lines records, with the field names real news dumps use.

A JSON array is read element by element, so a dump of 100,000 articles never sits in
memory whole; one invalid record fails alone and the rest go on (see ``jsonstream``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from khabar.sources.base import ByteStream, Failure, Meta, Record
from khabar.sources.jsonstream import Problem, values
from khabar.sources.limits import ReadOptions

# Field names seen in dumps, first match wins (SaudiNewsNet uses content/date_extracted).
FIELDS: dict[str, tuple[str, ...]] = {
    "body": ("text", "content", "body", "article", "maintext", "full_text", "article_body", "articleBody"),
    "title": ("title", "headline", "name"),
    "published": (
        "published",
        "date",
        "date_extracted",
        "date_published",
        "datePublished",
        "published_at",
        "publish_date",
        "pubDate",
        "pub_date",
        "timestamp",
    ),
    "url": ("url", "link", "uri", "canonical_url"),
    "source": ("source", "site", "sitename", "site_name", "outlet", "publisher", "domain"),
    "author": ("author", "authors", "byline", "writer"),
}


def _as_text(value: Any) -> str | None:
    """A field value as a string: lists joined, {"name": ...} objects unwrapped."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        parts = [p for p in (_as_text(v) for v in value) if p]
        return "، ".join(parts) or None
    if isinstance(value, dict):
        for key in ("name", "title", "text", "value", "url"):
            if key in value:
                return _as_text(value[key])
    return None


def _field(obj: dict, name: str) -> str | None:
    for key in FIELDS[name]:
        if key in obj:
            value = _as_text(obj[key])
            if value:
                return value
    return None


def to_record(obj: Any, origin: str) -> Record | Failure:
    from khabar.pipeline import looks_like_html

    if not isinstance(obj, dict):
        return Failure(origin, f"expected a JSON object, found {type(obj).__name__}")
    body = _field(obj, "body")
    meta = Meta(**{name: _field(obj, name) for name in ("title", "published", "url", "source", "author")})
    if body is None:
        if meta.title is None and meta.url is None:
            return Failure(
                origin, "record has no text, title or url (looked for: " + ", ".join(FIELDS["body"][:4]) + ")"
            )
        body = ""  # the body failed to scrape: the item is still an article, kept with what it has
    return Record(body, meta, origin, "html" if looks_like_html(body) else "text")


def read_json(fh: ByteStream, origin: str, encoding: str, options: ReadOptions) -> Iterator[Record | Failure]:
    """Records from a JSON document, a JSON array, or JSON Lines, told apart by content;
    ``encoding`` is the text's (its byte order mark already read)."""
    for item in values(fh, encoding, options):
        where = origin + item.where
        if isinstance(item, Problem):
            yield Failure(where, item.message)
        elif item.listed and isinstance(item.obj, list):
            for k, element in enumerate(item.obj):
                yield to_record(element, f"{where}#{k}")
        else:
            yield to_record(item.obj, where)
