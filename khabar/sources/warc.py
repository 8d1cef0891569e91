"""WARC archives (plain or gzipped): each HTML response becomes an HTML record.

Only ``response`` records with an HTML content type are articles; requests, metadata,
images and scripts are skipped silently. The capture date is not a publication date,
so it is not used as one: the page's own metadata (through trafilatura) is.

Records are framed here, streamed and checked: a record cut short, one whose
Content-Length does not match what follows it, or damaged gzip data fails alone, and
reading goes on at the next record header, so one bad record never hides the ones after
it. A record is held in memory only under ``--max-bytes``; each kept one is handed whole
to warcio for its HTTP headers and content decoding (chunked, gzip), as before.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from khabar.sources.base import ByteStream, Failure, Meta, Record
from khabar.sources.decode import DecodeError, declared_charset, decode
from khabar.sources.limits import ReadOptions

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK = 1 << 20
HEAD_MAX = 1 << 16  # a WARC record header (or HTTP head) longer than this is damage
_RECORD_HEAD = re.compile(rb"WARC/\d+\.\d+\r?\n")
_NEXT_RECORD = re.compile(rb"WARC/\d+\.\d+\r?\n")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
GZIP_MAGIC = b"\x1f\x8b\x08"

# warcio logs odd headers at WARNING; with no handler configured Python would print each on
# stderr. What matters reaches the user as khabar's own one-line failures.
logging.getLogger("warcio").addHandler(logging.NullHandler())


def read_warc(fh: ByteStream, origin: str, options: ReadOptions) -> Iterator[Record | Failure]:
    """Records of the HTML responses in a WARC; each damaged part is one Failure."""
    stream = _Stream(fh)
    limits = options.limits
    headers_found = html_found = False
    while not stream.at_end():
        start = stream.here
        where = f"{origin}@{stream.offset_of(start)}"
        if stream.damage is not None and stream.damage[0] <= start:
            yield Failure(where, f"damaged data before this point{stream.damage_note()}: skipped")
            stream.damage = None
        head = stream.take_until(_HEAD_END, HEAD_MAX)
        cut = _NEXT_RECORD.search(head, 1) if head is not None and _RECORD_HEAD.match(head) else None
        if head is not None and cut is not None:  # the next record starts inside this header
            stream.unread(head[cut.start() :])
            yield Failure(where, "WARC record header cut short: skipped to the next record")
            continue
        fields = _fields(head) if head is not None and _RECORD_HEAD.match(head) else None
        length = _content_length(fields)
        if head is None or fields is None or length is None:
            if head is not None:
                stream.unread(head)
            if headers_found or stream.damage is not None:
                what = "no WARC record header" if fields is None else "a WARC record without a valid Content-Length"
                yield Failure(
                    where, f"{what} here (damaged archive?): skipped to the next record{stream.damage_note()}"
                )
            stream.resync()
            continue
        headers_found = True
        response = fields.get("warc-type") == "response"
        if length > limits.max_bytes:  # never held: looked at for its HTTP head, then passed over
            is_html = response and _is_html(head + stream.peek(min(length, HEAD_MAX)))
            got = stream.skip(length)
            block = None
        else:
            block = stream.take(length)
            got = len(block)
        if got < length:
            yield Failure(where, _cut(length, got))
            return
        trailer = stream.record_end(block)
        damaged = stream.hits(start, stream.here + (trailer or 0))
        if trailer is None or damaged:
            what = "damaged record: skipped" if damaged else _missized(length)
            yield Failure(where, what + stream.damage_note())
            stream.recover(start, None if block is None else head + block, len(head))
            continue
        stream.skip(trailer)
        if block is None:
            if is_html:
                html_found = True
                yield Failure(where, limits.too_many_bytes("the WARC record"))
            continue
        if not response:
            continue
        try:
            page = _html_response(head + block, limits.max_bytes + 1)
        except Exception as e:  # warcio raises assorted errors on a damaged HTTP head or payload
            yield Failure(where, f"cannot read the HTTP response: {type(e).__name__}: {e}")
            continue
        if page is None:
            continue
        html_found = True
        yield _page(page, where, options)
    if stream.damage is not None:
        yield Failure(f"{origin}@{stream.offset_of(stream.here)}", "damaged" + stream.damage_note())
    if not headers_found:
        yield Failure(origin, "not a readable WARC archive: no WARC record header found")
    elif not html_found:
        yield Failure(origin, "WARC archive holds no HTML responses")


def _page(page: tuple[bytes, str, str | None], where: str, options: ReadOptions) -> Record | Failure:
    data, content_type, url = page
    if len(data) > options.limits.max_bytes:
        return Failure(where, options.limits.too_many_bytes("the decoded WARC payload"))
    m = _CHARSET.search(content_type)
    try:
        text = decode(
            data, options.encoding, (m.group(1) if m else None) or declared_charset(data), options.encoding_errors
        )
    except DecodeError as e:
        return Failure(where, str(e))
    return Record(text, Meta(url=url), where, "html")


def _is_html(raw_head: bytes) -> bool:
    """Whether a record's first bytes show a successful HTML response."""
    try:
        return _html_response(raw_head, 0) is not None
    except Exception:  # a head warcio cannot parse is not an article we could have read
        return False


def _fields(head: bytes) -> dict[str, str]:
    """A WARC record header's named fields, names lower-cased (continuation lines joined)."""
    fields: dict[str, str] = {}
    name = None
    for line in head.decode("utf-8", "replace").splitlines()[1:]:
        if line[:1] in (" ", "\t") and name:
            fields[name] += " " + line.strip()
        elif ":" in line:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            fields[name] = value.strip()
    return fields


def _content_length(fields: dict[str, str] | None) -> int | None:
    if fields is None:
        return None
    value = fields.get("content-length", "")
    return int(value) if value.isdigit() else None


def _cut(length: int, got: int) -> str:
    return f"WARC record cut short: its Content-Length is {length:,} bytes, the archive ends after {got:,} (truncated?)"


def _missized(length: int) -> str:
    return (
        f"WARC record does not end where its Content-Length ({length:,} bytes) says: damaged or mis-sized;"
        " skipped to the next record"
    )


def _html_response(raw_record: bytes, max_payload: int) -> tuple[bytes, str, str | None] | None:
    """(body, content type, URL) of a successful HTML response; None for anything else.
    The body is read up to ``max_payload`` bytes (0: only the HTTP head is looked at)."""
    from warcio.recordloader import ArcWarcRecordLoader

    record = ArcWarcRecordLoader(verify_http=False, arc2warc=False).parse_record_stream(
        io.BytesIO(raw_record), known_format="warc"
    )
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not content_type.lower().startswith(HTML_TYPES):
        return None
    status = record.http_headers.get_statuscode()
    if status and not status.startswith("2"):
        return None
    body = b""
    if max_payload:
        complaint = io.StringIO()
        with contextlib.redirect_stderr(complaint):  # warcio reports a payload cut by bad gzip data there
            body = record.content_stream().read(max_payload)
        if complaint.getvalue().strip():
            raise ValueError(f"damaged compressed payload ({complaint.getvalue().strip()[:100]})")
    return body, content_type, record.rec_headers.get_header("WARC-Target-URI")


@dataclass(frozen=True)
class _Damage:
    message: str
    member_at: int = -1  # file offset of the damaged gzip member, when it began one


class _Stream:
    """The archive's bytes (gunzipped when it is gzipped) with a read-ahead buffer and
    pushback. Positions count decompressed bytes; ``offset_of`` gives the file offset a
    record is named by: its own for a plain WARC, its gzip member's for a .warc.gz."""

    def __init__(self, fh: ByteStream):
        first = fh.read(CHUNK)
        self.gzipped = first.startswith(GZIP_MAGIC[:2])
        self._source = _gunzip(first, fh) if self.gzipped else _plain(first, fh)
        self._buf = bytearray()
        self._i = 0  # first unread byte in _buf
        self._base = 0  # position of _buf[0]
        self._members: list[tuple[int, int]] = []  # (position, file offset) where each gzip member begins
        self.damage: tuple[int, str] | None = None  # (position where good data resumes, what went wrong)
        self._damaged_from = 0  # where the damaged data began (its member's first byte)

    @property
    def here(self) -> int:
        return self._base + self._i

    def _end(self) -> int:
        return self._base + len(self._buf)

    def _need(self, n: int) -> bool:
        """At least ``n`` unread bytes in the buffer, unless the stream ends first."""
        while len(self._buf) - self._i < n:
            item = next(self._source, None)
            if item is None:
                return False
            if isinstance(item, _Damage):
                if self.damage is None:
                    self.damage = (self._end(), item.message)
                    starts = [start for start, offset in self._members if offset == item.member_at]
                    self._damaged_from = starts[0] if starts else self._end()
                continue
            offset, data = item
            if self.gzipped and (not self._members or self._members[-1][1] != offset):
                self._members.append((self._end(), offset))
            if self._i > CHUNK and self._i * 2 > len(self._buf):
                del self._buf[: self._i]
                self._base += self._i
                self._i = 0
            self._buf += data
        return True

    def offset_of(self, position: int) -> int:
        if not self.gzipped:
            return position
        offset = 0
        for start, member in self._members:
            if start > position:
                break
            offset = member
        return offset

    def at_end(self) -> bool:
        """Past the blank lines between records: whether nothing follows."""
        while True:
            if not self._need(1):
                return True
            while self._i < len(self._buf) and self._buf[self._i] in b"\r\n":
                self._i += 1
            if self._i < len(self._buf):
                self._forget_members()
                return False

    def _forget_members(self) -> None:
        while len(self._members) > 1 and self._members[1][0] <= self.here:
            del self._members[0]

    def peek(self, n: int) -> bytes:
        self._need(n)
        return bytes(self._buf[self._i : self._i + n])

    def take(self, n: int) -> bytes:
        data = self.peek(n)
        self._i += len(data)
        return data

    def skip(self, n: int) -> int:
        """Pass ``n`` bytes without holding them; how many there were."""
        done = 0
        while done < n and self._need(1):
            k = min(n - done, len(self._buf) - self._i)
            self._i += k
            done += k
            if self._i == len(self._buf):
                self._base += self._i
                self._buf, self._i = bytearray(), 0
        return done

    def take_until(self, pattern: re.Pattern[bytes], limit: int) -> bytes | None:
        """The bytes up to the end of ``pattern``'s first match within ``limit`` bytes."""
        want = min(limit, 4096)
        while True:
            have = self._need(want)
            m = pattern.search(self._buf, self._i, self._i + limit)
            if m is not None:
                return self.take(m.end() - self._i)
            if not have or want >= limit:
                return None
            want = min(limit, want * 4)

    def unread(self, data: bytes) -> None:
        self._buf = bytearray(data) + self._buf[self._i :]
        self._base = self.here - len(data)
        self._i = 0

    def record_end(self, block: bytes | None) -> int | None:
        """After a record's block: how many line breaks end it, or None when the block
        does not end here (it was cut, or ran into the next record). It ends here when the
        next record or the end of the archive follows the line breaks; or, what follows
        being garbage, when the block has its "\r\n\r\n" and swallowed no record header."""
        after = self.peek(64)
        stripped = after.lstrip(b"\r\n")
        breaks = len(after) - len(stripped)
        if breaks <= 8 and (stripped.startswith(b"WARC/") or (not stripped and len(after) < 64)):
            return breaks
        if after.startswith(b"\r\n\r\n") and block is not None and _NEXT_RECORD.search(block) is None:
            return 4
        return None

    def recover(self, start: int, record: bytes | None, head_length: int) -> None:
        """After a bad record that began at ``start`` (``record``: its header and block,
        when held): go on where good data resumes after damage, else at the next record
        header found from its block on (its Content-Length may have run past its end)."""
        if self.damage is not None:
            resume = self.damage[0]
            self.damage = None
            if resume >= self.here:
                self.skip(resume - self.here)
                return
            if record is not None and resume > start:
                self.unread(record[resume - start :])
                return
        elif record is not None:
            self.unread(record[head_length:])
            self.resync(here_too=True)
            return
        self.resync()

    def resync(self, here_too: bool = False) -> None:
        """Forward to the next record header (or to the end); ``here_too``: one that starts
        right here counts (else what is here is what failed)."""
        if self.damage is not None:
            resume = self.damage[0]
            self.damage = None
            if resume > self.here:
                self.skip(resume - self.here)
                return
        start = self._i if here_too else self._i + 1
        while True:
            m = _NEXT_RECORD.search(self._buf, min(start, len(self._buf)))
            if m is not None:
                self._i = m.start()
                return
            # searched: drop it, but for a tail where a header may straddle the next read
            self._i = max(min(start, len(self._buf)), len(self._buf) - 24)
            if not self._need(len(self._buf) - self._i + 1):
                self._i = len(self._buf)
                return
            start = self._i

    def hits(self, start: int, end: int) -> bool:
        """Whether damaged data lies within positions ``start:end``."""
        return self.damage is not None and self._damaged_from < end and self.damage[0] > start

    def damage_note(self) -> str:
        return f" ({self.damage[1]})" if self.damage is not None else ""


def _plain(first: bytes, fh: ByteStream) -> Iterator[tuple[int, bytes] | _Damage]:
    data = first
    while data:
        yield 0, data
        data = fh.read(CHUNK)


def _gunzip(first: bytes, fh: ByteStream) -> Iterator[tuple[int, bytes] | _Damage]:
    """Decompressed data of each gzip member in turn, with the member's file offset; at
    damaged data a _Damage, then on from the next member that starts cleanly."""
    pending, at = first, 0  # compressed bytes not yet decompressed, and the file offset of pending[0]
    member: Any = None
    member_at = 0
    eof = False
    while True:
        if len(pending) < len(GZIP_MAGIC) and not eof:
            more = fh.read(CHUNK)
            eof = not more
            pending += more
            continue
        if not pending:
            if member is not None:
                yield _Damage(
                    f"gzip data ends inside a member that began at byte {member_at:,} (truncated?)", member_at
                )
            return
        if member is None:
            if not pending.startswith(GZIP_MAGIC):
                yield _Damage(f"bytes at {at:,} are not gzip data")
                pending, at, eof = _next_member(fh, pending, at, eof)
                continue
            member, member_at = zlib.decompressobj(16 + zlib.MAX_WBITS), at
        try:
            out = member.decompress(pending, CHUNK)
        except zlib.error as e:
            yield _Damage(f"damaged gzip data in the member at byte {member_at:,}: {e}", member_at)
            member = None
            pending, at, eof = _next_member(fh, pending, at, eof)
            continue
        rest = member.unused_data if member.eof else member.unconsumed_tail
        at += len(pending) - len(rest)
        pending = rest
        if out:
            yield member_at, out
        if member.eof:
            member = None
        elif not pending and not eof:
            more = fh.read(CHUNK)
            eof = not more
            pending = more


def _next_member(fh: ByteStream, pending: bytes, at: int, eof: bool) -> tuple[bytes, int, bool]:
    """Compressed bytes from the next gzip member header after ``pending[0]``."""
    search_from = 1
    while True:
        k = pending.find(GZIP_MAGIC, search_from)
        if k >= 0:
            return pending[k:], at + k, eof
        if eof:
            return b"", at + len(pending), True
        keep = len(GZIP_MAGIC) - 1
        at += max(0, len(pending) - keep)
        pending = pending[-keep:]
        more = fh.read(CHUNK)
        eof = not more
        pending += more
        search_from = 0
