"""Paths to records: files, directories (recursively), zip archives and standard input.

The format of a file comes from ``--input-format``, else its extension, else a look at
its first bytes. Every failure is yielded as a ``Failure`` so that a batch goes on, and
every reader stays within the ``Limits`` it is given.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from khabar.sources.base import ByteStream, Failure, Meta, Record
from khabar.sources.decode import DecodeError, binary_kind, declared_charset, decode
from khabar.sources.limits import Limits, ReadOptions
from khabar.sources.records import read_json
from khabar.sources.zips import read_zip

FORMATS = ("auto", "text", "html", "json", "jsonl", "zip", "warc", "feed")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".zip": "zip",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
MAX_ZIP_DEPTH = 2
SNIFF = 4096  # bytes looked at to tell a format by its content
SPOOL_IN_MEMORY = 16 << 20  # a zip read from a stream is held in memory up to this, then on disk
DEFAULT_LIMITS = Limits()


def read_paths(
    paths: list[str],
    input_format: str = "auto",
    encoding: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    encoding_errors: str = "strict",
) -> Iterator[Record | Failure]:
    """Every record under ``paths`` ("-" is standard input), in a stable order.

    Raises ValueError (naming the flag) for an unknown encoding or ``encoding_errors``
    before anything is read; everything else that goes wrong is a Failure in the stream.
    """
    options = ReadOptions(encoding, encoding_errors, limits)
    for path in paths or ["-"]:
        if path == "-":
            yield from read_stream(sys.stdin.buffer, "-", input_format, options)
            continue
        p = Path(path)
        if p.is_dir():
            found = False
            for file in walk(p):
                found = True
                refusal = _not_regular(file)
                if refusal:
                    yield Failure(str(file), refusal)
                else:
                    yield from read_file(file, input_format, options)
            if not found:
                yield Failure(path, "directory holds no files")
        elif p.exists():
            yield from read_file(p, input_format, options)
        else:
            yield Failure(path, "no such file or directory")


def walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in sorted order, hidden files and folders skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def _not_regular(path: Path) -> str | None:
    """Why a file found in a folder is not read, or None: a named pipe would wait for a
    writer forever, a device never ends. Named on the command line, they are read."""
    try:
        mode = path.stat().st_mode
    except OSError as e:
        return e.strerror or str(e)
    if stat.S_ISREG(mode):
        return None
    kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return f"{kind}, not a regular file: skipped (name it on the command line to read it)"


def read_file(path: Path, input_format: str = "auto", options: ReadOptions | None = None) -> Iterator[Record | Failure]:
    options = options or ReadOptions()
    fmt = input_format if input_format != "auto" else EXTENSIONS.get(path.suffix.lower(), "auto")
    if input_format == "auto" and path.name.lower().endswith(".warc.gz"):
        fmt = "warc"
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
        if regular and (fmt == "zip" or (fmt == "auto" and zipfile.is_zipfile(path))):
            yield from _checked(
                read_zip(path, str(path), _member_format(input_format), options, 0, _read_stream), options
            )
            return
        with open(path, "rb") as fh:
            yield from read_stream(fh, str(path), fmt, options)
    except OSError as e:
        yield Failure(str(path), e.strerror or str(e))


def read_stream(
    fh: ByteStream, origin: str, fmt: str = "auto", options: ReadOptions | None = None, depth: int = 0
) -> Iterator[Record | Failure]:
    """The records of one stream in format ``fmt`` (``auto``: told by its first bytes)."""
    options = options or ReadOptions()
    yield from _checked(_read_stream(fh, origin, fmt, options, depth), options)


def _checked(items: Iterator[Record | Failure], options: ReadOptions) -> Iterator[Record | Failure]:
    """Records over ``--max-chars`` become failures, whichever reader made them."""
    max_chars = options.limits.max_chars
    for item in items:
        if isinstance(item, Record) and len(item.body) > max_chars:
            yield Failure(item.origin, options.limits.too_many_chars(len(item.body)))
        else:
            yield item


def _read_stream(fh: ByteStream, origin: str, fmt: str, options: ReadOptions, depth: int) -> Iterator[Record | Failure]:
    limits = options.limits
    head = _read_up_to(fh, SNIFF)
    if fmt == "auto":
        fmt = sniff(head, complete=len(head) < SNIFF)
    if fmt == "json":
        # a stray control byte inside a record costs that record; a file that does not even
        # start like JSON and looks binary is refused whole, not line by line
        starts_like_json = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")
        kind = None if options.encoding or starts_like_json else binary_kind(head)
        if kind:
            yield Failure(origin, kind)
            return
        encoding, bom = _json_encoding(head, options.encoding)
        yield from read_json(_Prefixed(head[bom:], fh), origin, encoding, options)
        return
    if fmt in ("warc", "feed"):
        from khabar.sources.feeds import read_feed
        from khabar.sources.warc import read_warc

        whole = _Prefixed(head, fh)
        yield from read_warc(whole, origin, options) if fmt == "warc" else read_feed(whole, origin, options)
        return
    if fmt == "zip":
        if depth >= MAX_ZIP_DEPTH:
            yield Failure(origin, "zip archives nested too deep")
            return
        with tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY) as spooled:
            if not _copy_within(_Prefixed(head, fh), spooled, limits.max_member_bytes):
                yield Failure(origin, f"zip archive is larger than --max-member-bytes ({limits.max_member_bytes:,})")
                return
            yield from read_zip(spooled, origin, _member_format("auto"), options, depth + 1, _read_stream)
        return
    data = head + _read_up_to(fh, max(0, limits.max_bytes + 1 - len(head))) if len(head) == SNIFF else head
    if len(data) > limits.max_bytes:
        yield Failure(origin, limits.too_many_bytes("the file"))
        return
    if not data.strip():
        yield Failure(origin, "empty input")
        return
    try:
        text = decode(
            data, options.encoding, declared_charset(data) if fmt == "html" else None, options.encoding_errors
        )
    except DecodeError as e:
        yield Failure(origin, str(e))
        return
    if fmt == "auto":
        from khabar.pipeline import looks_like_html

        fmt = "html" if looks_like_html(text) else "text"
    yield Record(text, Meta(), origin, fmt)


def _read_up_to(fh: ByteStream, n: int) -> bytes:
    """``n`` bytes, fewer only at the end of the stream (a pipe may give less per read)."""
    data = fh.read(n)
    if len(data) == n or not data:
        return data
    parts = [data]
    got = len(data)
    while got < n and (more := fh.read(n - got)):
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def _member_format(input_format: str):
    """The format of a zip member: the one forced (unless it is zip), else by its name."""

    def member_format(name: str) -> str:
        if input_format not in ("auto", "zip"):
            return input_format
        return EXTENSIONS.get(Path(name).suffix.lower(), "auto")

    return member_format


def _copy_within(source: ByteStream, target: IO[bytes], limit: int) -> bool:
    """Copy ``source`` to ``target``; False (and stop) past ``limit`` bytes."""
    copied = 0
    while chunk := source.read(1 << 20):
        copied += len(chunk)
        if copied > limit:
            return False
        target.write(chunk)
    target.seek(0)
    return True


def sniff(head: bytes, complete: bool = False) -> str:
    """The format the first bytes show; ``complete``: ``head`` is the whole input."""
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"WARC/") or (head.startswith(b"\x1f\x8b") and _gunzip_head(head).startswith(b"WARC/")):
        return "warc"
    if b"<rss" in head[:1024] or b"<feed" in head[:1024] or b"<rdf:RDF" in head[:1024]:
        return "feed"
    if _starts_json(head, complete):
        return "json"
    return "auto"  # text or HTML: decided once decoded


_SNIFFER = json.JSONDecoder()
MARGIN = 16  # as in jsonstream: an error this near the end of the head may be the cut


def _starts_json(head: bytes, complete: bool) -> bool:
    """Whether the input begins with JSON: its first line (or, that record being damaged,
    its second) starts a value that parses, or that is cut by the end of ``head``. A text
    that merely starts with "[" or "{" (``[ad_1]``, ``{{template}}``) is not JSON."""
    encoding, bom = _json_encoding(head, None)
    text = head[bom:].decode(encoding, "replace").lstrip(" \t\r\n\ufeff")
    for _ in range(2):
        if text[:1] not in ("[", "{"):
            return False
        try:
            _, end = _SNIFFER.raw_decode(text)
        except json.JSONDecodeError as e:
            if not complete and (e.pos >= len(text) - MARGIN or e.msg.startswith("Unterminated string")):
                return True
            text = text.partition("\n")[2].lstrip(" \t\r\n")
            continue
        except RecursionError:
            return True  # nested deeper than Python goes: JSON, refused by the JSON reader
        rest = text[end:].lstrip(" \t\r")
        return not rest or rest.startswith("\n")
    return False


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return b""


def _json_encoding(head: bytes, forced: str | None) -> tuple[str, int]:
    """The encoding of a JSON text and the length of its byte order mark."""
    if forced:
        return forced, 0
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", 0
    return "utf-8", 0


class _Prefixed:
    """A stream that replays already-read bytes before the rest."""

    def __init__(self, head: bytes, rest: ByteStream):
        self._head, self._rest = head, rest

    def read(self, size: int = -1, /) -> bytes:
        if not self._head:
            return self._rest.read(size)
        if size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        return data
