"""Paths to records: files, directories (recursively), zip archives and standard input.

The format of a file comes from ``--input-format``, else its extension, else a look at
its first bytes. Every failure is yielded as a ``Failure`` so that a batch goes on.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from khabar.sources.base import Failure, Meta, Record
from khabar.sources.decode import DecodeError, declared_charset, decode
from khabar.sources.records import read_json

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


def read_paths(paths: list[str], input_format: str = "auto", encoding: str | None = None) -> Iterator[Record | Failure]:
    """Every record under ``paths`` ("-" is standard input), in a stable order."""
    for path in paths or ["-"]:
        if path == "-":
            yield from read_stream(sys.stdin.buffer, "-", input_format, encoding)
            continue
        p = Path(path)
        if p.is_dir():
            found = False
            for file in walk(p):
                found = True
                yield from read_file(file, input_format, encoding)
            if not found:
                yield Failure(path, "directory holds no files")
        elif p.exists():
            yield from read_file(p, input_format, encoding)
        else:
            yield Failure(path, "no such file or directory")


def walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in sorted order, hidden files and folders skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def read_file(path: Path, input_format: str = "auto", encoding: str | None = None) -> Iterator[Record | Failure]:
    fmt = input_format if input_format != "auto" else EXTENSIONS.get(path.suffix.lower(), "auto")
    if input_format == "auto" and path.name.lower().endswith(".warc.gz"):
        fmt = "warc"
    try:
        if fmt == "zip" or (fmt == "auto" and zipfile.is_zipfile(path)):
            yield from read_zip(path, str(path), input_format, encoding)
            return
        with open(path, "rb") as fh:
            yield from read_stream(fh, str(path), fmt, encoding)
    except OSError as e:
        yield Failure(str(path), e.strerror or str(e))


def read_stream(
    fh: BinaryIO, origin: str, fmt: str = "auto", encoding: str | None = None, depth: int = 0
) -> Iterator[Record | Failure]:
    head = fh.read(4096)
    if fmt == "auto":
        fmt = sniff(head)
    if fmt == "json":
        stream = io.TextIOWrapper(_Prefixed(head, fh), encoding=_json_encoding(head, encoding), errors="strict")
        try:
            yield from read_json(stream, origin)
        except UnicodeDecodeError as e:
            yield Failure(origin, f"JSON is not valid {stream.encoding}: {e.reason} at byte {e.start}")
        return
    if fmt in ("warc", "feed"):
        from khabar.sources.feeds import read_feed
        from khabar.sources.warc import read_warc

        whole = io.BufferedReader(_Prefixed(head, fh))
        yield from read_warc(whole, origin, encoding) if fmt == "warc" else read_feed(whole, origin)
        return
    if fmt == "zip":
        data = head + fh.read()
        if depth >= MAX_ZIP_DEPTH:
            yield Failure(origin, "zip archives nested too deep")
            return
        yield from read_zip(io.BytesIO(data), origin, "auto", encoding, depth + 1)
        return
    data = head + fh.read()
    if not data.strip():
        yield Failure(origin, "empty input")
        return
    try:
        text = decode(data, encoding, declared_charset(data) if fmt == "html" else None)
    except DecodeError as e:
        yield Failure(origin, str(e))
        return
    if fmt == "auto":
        from khabar.pipeline import looks_like_html

        fmt = "html" if looks_like_html(text) else "text"
    yield Record(text, Meta(), origin, fmt)


def read_zip(
    source, origin: str, input_format: str = "auto", encoding: str | None = None, depth: int = 0
) -> Iterator[Record | Failure]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as e:
        yield Failure(origin, f"not a readable zip archive: {e}")
        return
    with archive:
        names = sorted(n for n in archive.namelist() if not n.endswith("/") and not _hidden(n))
        if not names:
            yield Failure(origin, "zip archive holds no files")
        for name in names:
            inner = f"{origin}!{name}"
            fmt = (
                input_format
                if input_format not in ("auto", "zip")
                else EXTENSIONS.get(Path(name).suffix.lower(), "auto")
            )
            try:
                with archive.open(name) as member:
                    yield from read_stream(member, inner, fmt, encoding, depth)
            except (zipfile.BadZipFile, OSError, RuntimeError) as e:  # RuntimeError: encrypted member
                yield Failure(inner, f"cannot read from the archive: {e}")


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/"))


def sniff(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"WARC/") or (head.startswith(b"\x1f\x8b") and _gunzip_head(head).startswith(b"WARC/")):
        return "warc"
    if b"<rss" in head[:1024] or b"<feed" in head[:1024] or b"<rdf:RDF" in head[:1024]:
        return "feed"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        return "json"
    return "auto"  # text or HTML: decided once decoded


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return b""


def _json_encoding(head: bytes, forced: str | None) -> str:
    if forced:
        return forced
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8"


class _Prefixed(io.RawIOBase):
    """A binary stream that replays already-read bytes before the rest."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(b))
        b[: len(data)] = data
        return len(data)
