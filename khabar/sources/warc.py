"""WARC archives (plain or gzipped): each HTML response becomes an HTML record.

Only ``response`` records with an HTML content type are articles; requests, metadata,
images and scripts are skipped silently. The capture date is not a publication date,
so it is not used as one: the page's own metadata (through trafilatura) is.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from khabar.sources.base import Failure, Meta, Record
from khabar.sources.decode import DecodeError, decode, declared_charset

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(fh: BinaryIO, origin: str, encoding: str | None = None) -> Iterator[Record | Failure]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = False
    try:
        records = ArchiveIterator(fh)
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if not content_type.lower().startswith(HTML_TYPES):
                continue
            status = record.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                continue
            data = record.content_stream().read()
            where = f"{origin}@{records.get_record_offset()}"  # only once read: it skips to the end
            found = True
            m = _CHARSET.search(content_type)
            try:
                text = decode(data, encoding, (m.group(1) if m else None) or declared_charset(data))
            except DecodeError as e:
                yield Failure(where, str(e))
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            yield Record(text, Meta(url=url), where, "html")
    except ArchiveLoadFailed as e:
        yield Failure(origin, f"not a readable WARC archive: {e}")
        return
    if not found:
        yield Failure(origin, "WARC archive holds no HTML responses")
