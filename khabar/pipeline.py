"""Composes the stages: ``analyze(text_or_html, **meta) -> Document``.

A stage is a plain function ``Document -> Document`` in its own module, which names
the layers it needs (``REQUIRES``) and the ones it adds (``ASSIGNS``). The order is
checked once, at import, so a misplaced stage fails before any document is read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from types import ModuleType

from khabar import arabic, clean, entities, quotes, segment
from khabar import time as time_stage
from khabar.document import Document
from khabar.sources.base import Meta, Record

Stage = Callable[[Document], Document]

# (module, function) in the order they run; later stages register here.
STAGES: tuple[tuple[ModuleType, Stage], ...] = (
    (segment, segment.segment),
    (entities, entities.find_entities),
    (time_stage, time_stage.tag_times),
    (quotes, quotes.find_quotes),
)


class StageOrderError(RuntimeError):
    pass


def check_order(stages=STAGES) -> None:
    """Raise when a stage needs a layer that no earlier stage adds."""
    have = {"text"}
    for module, fn in stages:
        missing = [layer for layer in getattr(module, "REQUIRES", ()) if layer not in have]
        if missing:
            raise StageOrderError(f"stage {fn.__name__} needs {', '.join(missing)}, which no earlier stage adds")
        have.update(getattr(module, "ASSIGNS", ()))


check_order()


_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)\b", re.I)


def looks_like_html(text: str) -> bool:
    return _HTML_HINT.search(text[:5000]) is not None


_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def normalize_published(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from the date forms found in dumps and pages; None when
    there is no date in it. Times of day are dropped: resolution works on days."""
    if not value:
        return None
    m = _DATE.search(arabic.to_western_digits(str(value)))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def analyze(
    text_or_html: str,
    *,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    source: str | None = None,
    author: str | None = None,
    input_format: str = "auto",
) -> Document:
    """Clean, segment and annotate one article.

    ``input_format`` is ``auto`` (HTML when it looks like a page), ``text`` or ``html``.
    Metadata given here overrides what an HTML page declares.
    """
    if input_format not in ("auto", "text", "html"):
        raise ValueError(f"unknown input format {input_format!r}; use auto, text or html")
    is_html = input_format == "html" or (input_format == "auto" and looks_like_html(text_or_html))
    meta = Meta(title, published, url, source, author)
    return analyze_record(Record(text_or_html, meta, "-", "html" if is_html else "text"))


def analyze_record(record: Record) -> Document:
    """One record from ``khabar.sources``; an HTML page's own metadata gives way to the
    record's (which carries the command line's overrides)."""
    if record.format == "html":
        from khabar.sources.html import extract

        body, found = extract(record.body)
        return analyze_text(body, found.merged(record.meta))
    return analyze_text(record.body, record.meta)


def analyze_text(body: str, meta: Meta = Meta()) -> Document:
    """The stages on plain text with known metadata."""
    title = clean.clean_line(meta.title) if meta.title else None
    cleaned = clean.clean(body, title=title)
    doc = Document(
        text=cleaned.text,
        title=title or cleaned.title,
        published=normalize_published(meta.published),
        url=meta.url or None,
        source=meta.source or None,
        author=clean.clean_line(meta.author) if meta.author else None,
        language=arabic.detect_language(cleaned.text),
        offsets=cleaned.offsets,
    )
    for _, stage in STAGES:
        doc = stage(doc)
    return doc
