"""Zip archives: each member read as a file, streamed, within the limits.

A member is refused before a byte of it is decompressed when its declared size is over
``max_member_bytes`` or expands more than ``max_member_ratio`` times, and it can never
yield more than its declared size (``zipfile`` stops there and checks the CRC), so a zip
bomb costs one line, not the machine's memory. bzip2 and LZMA members are decompressed
here in bounded steps: ``zipfile`` would inflate a whole read at once.
"""

from __future__ import annotations

import bz2
import copy
import io
import lzma
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from khabar.sources.base import ByteStream, Failure, Record
from khabar.sources.limits import RATIO_FLOOR, ReadOptions

MemberReader = Callable[[ByteStream, str, str, ReadOptions, int], Iterator[Record | Failure]]
# zipfile's ZipExtFile raises these on damaged data; RuntimeError covers an encrypted
# member and an unsupported compression method (NotImplementedError)
DAMAGED = (zipfile.BadZipFile, OSError, RuntimeError, EOFError, zlib.error, lzma.LZMAError, struct.error)


def read_zip(
    source: str | Path | IO[bytes],
    origin: str,
    formats: Callable[[str], str],
    options: ReadOptions,
    depth: int,
    read_member: MemberReader,
) -> Iterator[Record | Failure]:
    """Every member in name order (hidden ones skipped), each through ``read_member`` in
    the format ``formats(name)`` gives."""
    try:
        archive = zipfile.ZipFile(source)
    except (*DAMAGED, ValueError) as e:  # NotImplementedError: a zip version Python does not read
        yield Failure(origin, f"not a readable zip archive: {e}")
        return
    with archive:
        # not ZipInfo.is_dir(): it fails on a member whose name a damaged directory emptied
        infos = sorted(
            (i for i in archive.infolist() if not i.filename.endswith("/") and not _hidden(i.filename)),
            key=lambda i: i.filename,
        )
        if not infos:
            yield Failure(origin, "zip archive holds no files")
        for info in infos:
            inner = f"{origin}!{info.filename}"
            refusal = _refusal(info, options)
            if refusal:
                yield Failure(inner, refusal)
                continue
            try:
                member = _open(archive, info)
            except (*DAMAGED, ValueError) as e:  # ValueError: an offset the damaged directory made negative
                yield Failure(inner, f"cannot read from the archive: {e}")
                continue
            try:
                with member:
                    yield from read_member(member, inner, formats(info.filename), options, depth)
            except DAMAGED as e:
                yield Failure(inner, f"cannot read from the archive: {e}")


def _refusal(info: zipfile.ZipInfo, options: ReadOptions) -> str | None:
    limits = options.limits
    if info.file_size > limits.max_member_bytes:
        return limits.member_too_big(info.file_size)
    if info.file_size > RATIO_FLOOR and info.file_size > limits.max_member_ratio * max(info.compress_size, 1):
        return limits.member_ratio(info.file_size, info.compress_size)
    return None


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/"))


def _open(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return archive.open(info)  # deflate is inflated at most one read's size at a time
    if info.compress_type in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        return io.BufferedReader(_Inflating(archive, info))
    return archive.open(info)  # zipfile raises NotImplementedError: one Failure


class _Inflating(io.RawIOBase):
    """A bzip2 or LZMA member decompressed in bounded steps, cut at its declared size and
    checked against its CRC like zipfile does."""

    STEP = 1 << 16

    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo):
        raw_info = copy.copy(info)
        raw_info.compress_type, raw_info.file_size = zipfile.ZIP_STORED, info.compress_size
        raw_info.CRC = None  # type: ignore[assignment]  # the compressed bytes have no CRC of their own
        self._raw = archive.open(raw_info)
        self._name, self._left, self._crc, self._expected = info.filename, info.file_size, 0, info.CRC
        self._decompressor: Any = bz2.BZ2Decompressor() if info.compress_type == zipfile.ZIP_BZIP2 else None
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while self._left > 0:
            if self._decompressor is None:
                self._decompressor = self._lzma()
            elif self._decompressor.eof:
                break
            data = self._decompressor.decompress(self._pending, min(len(b), self._left, self.STEP))
            self._pending = b""
            if not data:
                if self._decompressor.eof:
                    break
                if self._decompressor.needs_input:
                    self._pending = self._raw.read(self.STEP)
                    if not self._pending:
                        break  # the compressed data ends early: the size check below says so
                continue
            self._left -= len(data)
            self._crc = zlib.crc32(data, self._crc)
            b[: len(data)] = data
            return len(data)
        if self._left > 0 or self._crc != self._expected:
            raise zipfile.BadZipFile(f"Bad CRC-32 or size for file {self._name!r}")
        return 0

    def _lzma(self) -> Any:
        """The raw LZMA decompressor after the member's own header (version, properties)."""
        header = self._raw.read(4)
        (size,) = struct.unpack("<H", header[2:4])
        properties = self._raw.read(size)
        decode = lzma._decode_filter_properties  # type: ignore[attr-defined]  # as zipfile does
        return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[decode(lzma.FILTER_LZMA1, properties)])

    def close(self) -> None:
        self._raw.close()
        super().close()
