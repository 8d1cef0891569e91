"""JSON and JSON Lines records, with the field names real news dumps use.

A JSON array is read element by element, so a dump of 100,000 articles never sits in
memory whole; one invalid record fails alone and the rest go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from khabar.sources.base import Failure, Meta, Record

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
CHUNK = 1 << 20


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


def read_json(stream: TextIO, origin: str) -> Iterator[Record | Failure]:
    """Records from a JSON document, a JSON array, or JSON Lines, told apart by content."""
    first = _skip_ws_read(stream)
    if not first:
        yield Failure(origin, "empty file")
        return
    if first.lstrip().startswith("["):
        yield from _read_array(first, stream, origin)
    else:
        yield from _read_lines(first, stream, origin)


def _skip_ws_read(stream: TextIO) -> str:
    buf = ""
    while True:
        chunk = stream.read(4096)
        if not chunk:
            return buf
        buf += chunk
        if buf.strip():
            return buf


def _read_array(buf: str, stream: TextIO, origin: str) -> Iterator[Record | Failure]:
    decoder = json.JSONDecoder()
    pos = buf.index("[") + 1
    n, eof, want = 0, False, CHUNK
    while True:
        while pos < len(buf) and buf[pos] in " \t\r\n,\ufeff":
            pos += 1
        if pos >= len(buf) - 1 and not eof:
            chunk = stream.read(want)
            eof = not chunk
            buf = buf[pos:] + chunk
            pos = 0
            continue
        if pos >= len(buf) or buf[pos] == "]":
            if pos >= len(buf) and eof:
                yield Failure(f"{origin}#{n}", "JSON array is not closed (truncated file?)")
            return
        try:
            obj, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as e:
            if eof:
                yield Failure(f"{origin}#{n}", f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})")
                return
            chunk = stream.read(max(want, len(buf)))  # grow: one huge record costs linear time
            eof = not chunk
            buf = buf[pos:] + chunk
            pos = 0
            continue
        if end == len(buf) and not eof:  # a value cut at the buffer's edge may parse short
            chunk = stream.read(want)
            eof = not chunk
            buf = buf[pos:] + chunk
            pos = 0
            continue
        yield to_record(obj, f"{origin}#{n}")
        n += 1
        pos = end
        if pos > CHUNK:
            buf, pos = buf[pos:], 0


def _read_lines(first: str, stream: TextIO, origin: str) -> Iterator[Record | Failure]:
    head, _, rest = first.partition("\n")
    lines = _lines_after(head, rest, stream)
    n_ok = 0
    for lineno, line in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            if n_ok == 0 and lineno == 1:
                # not JSON Lines: one JSON document spread over several lines
                yield from _read_whole(line + "\n" + "".join(rest + "\n" for _, rest in lines), origin)
                return
            yield Failure(f"{origin}:{lineno}", f"invalid JSON: {e.msg} (column {e.colno})")
            continue
        items = obj if isinstance(obj, list) else [obj]
        for k, item in enumerate(items):
            yield to_record(item, f"{origin}:{lineno}" + (f"#{k}" if isinstance(obj, list) else ""))
        n_ok += 1


def _lines_after(head: str, rest: str, stream: TextIO) -> Iterator[tuple[int, str]]:
    yield 1, head
    lineno = 1
    pending = rest
    while True:
        *complete, pending = pending.split("\n")
        for line in complete:
            lineno += 1
            yield lineno, line
        chunk = stream.read(CHUNK)
        if not chunk:
            if pending:
                yield lineno + 1, pending
            return
        pending += chunk


def _read_whole(text: str, origin: str) -> Iterator[Record | Failure]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        yield Failure(origin, f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})")
        return
    items = obj if isinstance(obj, list) else [obj]
    for k, item in enumerate(items):
        yield to_record(item, f"{origin}#{k}" if isinstance(obj, list) else origin)
