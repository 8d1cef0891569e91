"""HTML pages: main text through trafilatura, plus the page's own metadata."""

from __future__ import annotations

import html as htmllib
import logging
import re

from khabar.sources.base import Meta

_TAG = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|br|tr|article|section)\s*>|<br\s*/?>", re.I)


class NoTextError(ValueError):
    pass


# trafilatura and its helpers log parse trouble at ERROR level; with no handler configured,
# Python would print it on stderr for every odd page. Failures reach the user through
# khabar's own one-line errors instead.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def extract(page: str) -> tuple[str, Meta]:
    """Main text (one paragraph per line) and metadata of an HTML page.

    Broken markup still yields text: when trafilatura finds no main content, the page's
    visible text is taken instead. Raises NoTextError when there is no text at all.
    """
    import trafilatura  # heavy: imported only when a page arrives

    try:
        found = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception:  # trafilatura raises assorted errors on pathological markup
        found = None
    text = (getattr(found, "text", None) or "").strip() if found is not None else ""
    meta = Meta()
    if found is not None:

        def field(name: str) -> str | None:  # a Document (bare_extraction's answer since trafilatura 2)
            return getattr(found, name, None) or None

        meta = Meta(
            title=field("title"),
            published=field("date"),
            url=field("url"),
            source=field("sitename") or field("hostname"),
            author=field("author"),
        )
    if not text:
        text = visible_text(page)
    if not text:
        raise NoTextError("no text found in the HTML page")
    return text, meta


def visible_text(page: str) -> str:
    """Text of a page by plain tag stripping: the fallback for markup no parser accepts."""
    marked = _BLOCK_END.sub("\n", page)
    stripped = htmllib.unescape(_TAG.sub(" ", marked))
    lines = (" ".join(line.split()) for line in stripped.splitlines())
    return "\n".join(line for line in lines if line)
