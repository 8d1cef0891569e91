"""RSS 2.0 and Atom feeds: one record per item/entry, with its title, link, date,
author and the outlet's name from the feed title.

The body is the full content when the feed carries it (content:encoded, Atom content),
else the summary; HTML bodies go through the HTML reader like any page.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

from khabar.sources.base import Failure, Meta, Record

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def read_feed(fh: BinaryIO, origin: str) -> Iterator[Record | Failure]:
    try:
        root = ET.parse(fh).getroot()
    except (ET.ParseError, LookupError, ValueError) as e:  # LookupError: an unknown declared encoding
        yield Failure(origin, f"not a well-formed RSS/Atom feed: {e}")
        return
    if root.tag == f"{ATOM}feed":
        yield from _atom(root, origin)
    elif root.tag in ("rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
        yield from _rss(root, origin)
    else:
        yield Failure(origin, f"XML root <{root.tag}> is neither an RSS <rss> nor an Atom <feed>")


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    return "".join(el.itertext()).strip() or None


def _record(origin: str, body: str | None, meta: Meta) -> Record | Failure:
    from khabar.pipeline import looks_like_html

    if not body and not meta.title:
        return Failure(origin, "feed item has neither text nor a title")
    body = body or ""
    return Record(body, meta, origin, "html" if looks_like_html(body) or "<p" in body else "text")


def _rss(root: ET.Element, origin: str) -> Iterator[Record | Failure]:
    channel = root.find("channel")
    source = _text(channel.find("title")) if channel is not None else None
    items = root.iter("item") if channel is None or not channel.findall("item") else channel.findall("item")
    for n, item in enumerate(items):
        body = _text(item.find(CONTENT)) or _text(item.find("description"))
        meta = Meta(
            title=_text(item.find("title")),
            published=_rfc822_date(_text(item.find("pubDate"))),
            url=_text(item.find("link")),
            source=source,
            author=_text(item.find(DC_CREATOR)) or _text(item.find("author")),
        )
        yield _record(f"{origin}#{n}", body, meta)


def _atom(root: ET.Element, origin: str) -> Iterator[Record | Failure]:
    source = _text(root.find(f"{ATOM}title"))
    for n, entry in enumerate(root.findall(f"{ATOM}entry")):
        link = next(
            (link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"),
            None,
        )
        author = entry.find(f"{ATOM}author")
        meta = Meta(
            title=_text(entry.find(f"{ATOM}title")),
            published=_text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated")),
            url=link,
            source=source,
            author=_text(author.find(f"{ATOM}name")) if author is not None else None,
        )
        body = _text(entry.find(f"{ATOM}content")) or _text(entry.find(f"{ATOM}summary"))
        yield _record(f"{origin}#{n}", body, meta)


def _rfc822_date(value: str | None) -> str | None:
    """RSS dates (``Tue, 04 Aug 2015 10:00:00 +0300``) as ISO; kept as given when unparsable."""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return value
