"""Atom feeds (RFC 4287) of the newest items of a search, an entity or a speaker, so a
monitor can follow them in any feed reader. Built with ElementTree, which escapes every
text; characters XML 1.0 cannot carry are dropped first."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Entry:
    id: str  # a stable URL of the item on this server
    title: str
    summary: str
    published: str | None  # ISO date
    link: str
    author: str | None = None


def atom(feed_id: str, title: str, self_link: str, entries: Iterable[Entry]) -> bytes:
    items = list(entries)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    updated = max((e.published for e in items if e.published), default="1970-01-01")
    _text(feed, "updated", _timestamp(updated))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_link)
    _text(feed, "generator", "khabar")
    for e in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", e.id)
        _text(entry, "title", e.title)
        _text(entry, "updated", _timestamp(e.published or updated))
        if e.published:
            _text(entry, "published", _timestamp(e.published))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=e.link)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", e.author or "khabar")
        _text(entry, "summary", e.summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    el.text = _NOT_XML.sub("", value)
    return el


def _timestamp(day: str) -> str:
    return f"{day[:10]}T00:00:00Z"
