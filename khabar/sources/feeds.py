"""RSS 2.0 and Atom feeds: one record per item/entry, with its title, link, date,
author and the outlet's name from the feed title.

The body is the full content when the feed carries it (content:encoded, Atom content),
else the summary; HTML bodies go through the HTML reader like any page. Entity expansion
is bounded by expat itself (billion laughs), and external entities are never loaded.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import cast

from khabar.sources.base import ByteStream, Failure, Meta, Record
from khabar.sources.limits import ReadOptions

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


CHUNK = 1 << 16
ITEMS = ("item", f"{ATOM}entry")


def read_feed(fh: ByteStream, origin: str, options: ReadOptions) -> Iterator[Record | Failure]:
    """Items streamed as they close: each is dropped once read, so a feed of any length
    holds one item at a time; an item larger than ``--max-bytes`` ends the feed (what
    follows cannot be parsed without it) with one Failure."""
    parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "end"))
    feed = _Feed(origin)
    fed = 0  # bytes fed since the last item closed
    try:
        while True:
            chunk = fh.read(CHUNK)
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            for event in parser.read_events():
                name, el = cast(tuple[str, ET.Element], event)
                items = feed.on(name, el)
                if items:
                    fed = 0
                    yield from items
            if feed.refusal or not chunk:
                break
            fed += len(chunk)
            if fed > options.limits.max_bytes:
                yield Failure(f"{origin}#{feed.n}", options.limits.too_many_bytes("the feed item"))
                return
    except (ET.ParseError, LookupError, ValueError) as e:  # LookupError: an unknown declared encoding
        yield Failure(origin, f"not a well-formed RSS/Atom feed: {e}")
        return
    if feed.refusal:
        yield Failure(origin, feed.refusal)


class _Feed:
    """What has been read of a feed: its kind, its title, the elements still open."""

    def __init__(self, origin: str):
        self.origin = origin
        self.kind: str | None = None
        self.source: str | None = None
        self.open: list[ET.Element] = []
        self.n = 0
        self.refusal: str | None = None

    def on(self, event: str, el: ET.Element) -> list[Record | Failure]:
        if self.refusal:
            return []
        if event == "start":
            if self.kind is None:
                self.kind = _kind(el.tag)
                if self.kind is None:
                    self.refusal = f"XML root <{el.tag}> is neither an RSS <rss> nor an Atom <feed>"
                    return []
            self.open.append(el)
            return []
        self.open.pop()
        if any(t.tag in ITEMS for t in self.open):
            return []  # part of an item: read when the item closes
        found: list[Record | Failure] = []
        if el.tag in ITEMS:
            read_item = _rss_item if el.tag == "item" else _atom_entry
            found.append(read_item(el, self.source, f"{self.origin}#{self.n}"))
            self.n += 1
        elif el.tag in ("title", f"{ATOM}title") and self.source is None and self._is_feed_title():
            self.source = _text(el)
        if self.open:  # read: drop it, so that the tree holds one item at a time
            self.open[-1].remove(el)
        return found

    def _is_feed_title(self) -> bool:
        """The feed's own title: the channel's (RSS) or the feed's (Atom), not an item's."""
        if self.kind == "atom":
            return len(self.open) == 1
        return len(self.open) == 2 and self.open[1].tag == "channel"


def _kind(root_tag: str) -> str | None:
    if root_tag == f"{ATOM}feed":
        return "atom"
    if root_tag in ("rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
        return "rss"
    return None


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


def _rss_item(item: ET.Element, source: str | None, origin: str) -> Record | Failure:
    body = _text(item.find(CONTENT)) or _text(item.find("description"))
    meta = Meta(
        title=_text(item.find("title")),
        published=_rfc822_date(_text(item.find("pubDate"))),
        url=_text(item.find("link")),
        source=source,
        author=_text(item.find(DC_CREATOR)) or _text(item.find("author")),
    )
    return _record(origin, body, meta)


def _atom_entry(entry: ET.Element, source: str | None, origin: str) -> Record | Failure:
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
    return _record(origin, body, meta)


def _rfc822_date(value: str | None) -> str | None:
    """RSS dates (``Tue, 04 Aug 2015 10:00:00 +0300``) as ISO; kept as given when unparsable."""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return value
