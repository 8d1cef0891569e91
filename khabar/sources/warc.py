"""WARC archives (plain or gzipped): each HTML response becomes an HTML record.

Only ``response`` records with an HTML content type are articles; requests, metadata,
images and scripts are skipped silently. The capture date is not a publication date,
so it is not used as one: the page's own metadata (through trafilatura) is.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from khabar.sources.base import Failure, Meta, Record
from khabar.sources.decode import DecodeError, declared_charset, decode

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(fh: BinaryIO, origin: str, encoding: str | None = None) -> Iterator[Record | Failure]:
    """Records of the HTML responses in a WARC; a damaged archive yields a Failure and
    ends (what follows a broken record cannot be located reliably)."""
    from warcio.archiveiterator import ArchiveIterator

    found = False
    records = ArchiveIterator(fh)
    it = iter(records)
    while True:
        # warcio writes its warnings straight to stderr (over the progress bar): catch them
        chatter = io.StringIO()
        try:
            with contextlib.redirect_stderr(chatter):
                record = next(it, None)
                if record is None:
                    break
                page = _html_response(record)
                where = f"{origin}@{records.get_record_offset()}"
        except Exception as e:  # warcio raises assorted errors on damaged archives
            yield Failure(origin, f"not a readable WARC archive: {type(e).__name__}: {e}")
            return
        if "WARNING" in chatter.getvalue():
            yield Failure(where, "WARC record not followed by a newline: its Content-Length is probably wrong")
        if page is None:
            continue
        found = True
        data, content_type, url = page
        m = _CHARSET.search(content_type)
        try:
            text = decode(data, encoding, (m.group(1) if m else None) or declared_charset(data))
        except DecodeError as e:
            yield Failure(where, str(e))
            continue
        yield Record(text, Meta(url=url), where, "html")
    if not found:
        yield Failure(origin, "WARC archive holds no HTML responses")


def _html_response(record) -> tuple[bytes, str, str | None] | None:
    """(body, content type, URL) of a successful HTML response; None for anything else."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not content_type.lower().startswith(HTML_TYPES):
        return None
    status = record.http_headers.get_statuscode()
    if status and not status.startswith("2"):
        return None
    return record.content_stream().read(), content_type, record.rec_headers.get_header("WARC-Target-URI")
