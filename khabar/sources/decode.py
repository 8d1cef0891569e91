"""Bytes to text: UTF-8, UTF-16 with or without BOM, and the legacy Arabic code pages.

Arabic pages still arrive as Windows-1256 (and sometimes ISO-8859-6); a wrong guess gives
mojibake that no later stage can repair, so a guess must be confirmed by the text itself.
"""

from __future__ import annotations

import codecs
import re

from khabar.arabic import ARABIC_LETTER_RE
from khabar.sources.base import ByteStream

_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\x7fELF",
    b"MZ",
    b"OggS",
    b"ID3",
    b"RIFF",
    b"SQLite format 3",
    b"\xfd7zXZ",
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


class DecodeError(ValueError):
    pass


def binary_kind(data: bytes) -> str | None:
    """A short name of what the bytes look like when they are not text, else None."""
    head = data[:8192]
    for magic in _BINARY_MAGIC:
        if head.startswith(magic):
            return f"binary data (starts with {magic[:4]!r})"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(head):
        return None
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(8, len(head) // 50):
        return "binary data (control bytes), not text"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    # Arabic in UTF-16 has 0x06 as the high byte, not 0x00
    if odd.count(6) > len(odd) * 0.3 and even.count(6) < len(even) * 0.3:
        return "utf-16-le"
    if even.count(6) > len(even) * 0.3 and odd.count(6) < len(odd) * 0.3:
        return "utf-16-be"
    return None


_MIXED = re.compile("[\u0621-\u064a][\u00c0-\u00ff]|[\u00c0-\u00ff][\u0621-\u064a]")


def _plausibility(text: str) -> float:
    """How much a decoding reads like Arabic: the article ال is everywhere in real text,
    while a wrong code page scatters Latin-1 letters inside Arabic words."""
    sample = text[:20000]
    return sample.count("ال") - 5 * len(_MIXED.findall(sample))


def _arabic_share(text: str) -> float:
    letters = sum(1 for c in text[:20000] if c.isalpha())
    return len(ARABIC_LETTER_RE.findall(text[:20000])) / letters if letters else 0.0


def decode(data: bytes, encoding: str | None = None, declared: str | None = None, errors: str = "strict") -> str:
    """Decode ``data``; ``encoding`` forces one, ``declared`` (an HTML meta charset) is a hint.

    ``errors="replace"`` accepts a text with a few bytes that do not decode (U+FFFD in
    their place); ``strict`` refuses it, saying so. Raises DecodeError with a user-facing
    message when the bytes are not text.
    """
    if encoding:
        try:
            return data.decode(encoding, errors)
        except (UnicodeDecodeError, LookupError) as e:
            raise DecodeError(
                f"cannot decode as {encoding}: {e}; pass --encoding-errors replace to read it anyway"
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    kind = binary_kind(data)
    if kind:
        raise DecodeError(kind)
    utf16 = _utf16_without_bom(data[:8192])
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_bad = e
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None and errors == "replace":
        return mostly_utf8
    best_text, best_score = None, 0.0
    for enc in dict.fromkeys([declared, "cp1256", "iso-8859-6"]):
        if enc is None:
            continue
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _plausibility(text)
        if _arabic_share(text) > 0.5 and score > best_score:
            best_text, best_score = text, score
    if best_text is not None:
        return best_text
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        if mostly_utf8 is not None:
            raise DecodeError(
                f"not valid UTF-8: byte 0x{data[first_bad.start]:02x} at offset {first_bad.start:,} does not decode;"
                " pass --encoding-errors replace to read it with U+FFFD in its place"
            )
        raise DecodeError("cannot detect the text encoding; pass --encoding")
    return data.decode(best.encoding, errors="replace")


# A text in a legacy code page is mostly bytes >= 0x80 that UTF-8 cannot decode (Arabic
# in Windows-1256: every letter); UTF-8 damaged in transit has a few. One bad sequence
# per 1,000 bytes is far from the first and clear of the second.
MAX_BAD_UTF8_SHARE = 0.001


def _mostly_utf8(data: bytes) -> str | None:
    """The text, with U+FFFD for what does not decode, when ``data`` is UTF-8 with a few
    bad bytes; None when it is something else."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    return text if bad <= max(1, len(data) * MAX_BAD_UTF8_SHARE) else None


def declared_charset(html: bytes) -> str | None:
    m = _CHARSET.search(html[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# Bytes that do not decode, kept in the text as lone surrogates U+DC00 + the byte (as
# Python's surrogateescape does for bytes >= 0x80): nothing else puts lone surrogates in
# text that decoded strictly, so a reader can find them and fail, or repair, the one record
# that holds them.
UNDECODED = re.compile("[\udc00-\udcff]")


def _keep_undecoded(e: UnicodeError) -> tuple[str, int]:
    if not isinstance(e, UnicodeDecodeError):
        raise e
    return "".join(chr(0xDC00 + b) for b in e.object[e.start : e.end]), e.end


codecs.register_error("khabar.keep-undecoded", _keep_undecoded)


class TextChunks:
    """Text decoded chunk by chunk from a binary stream, strictly where it can be; a chunk
    with bytes that do not decode keeps them (see UNDECODED) and is remembered as dirty."""

    def __init__(self, fh: ByteStream, encoding: str, chunk: int):
        self.encoding = codecs.lookup(encoding).name
        self._fh = fh
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self._chunk = chunk
        self.dirty: list[tuple[int, int]] = []  # character ranges of the chunks with bytes that did not decode
        self.decoded = 0  # characters returned so far
        self.eof = False

    def read(self, size: int | None = None) -> str:
        data = self._fh.read(size or self._chunk)
        final = not data
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError:  # the decoder's state is as it was: decode again, keeping the bad bytes
            self._decoder.errors = "khabar.keep-undecoded"
            text = self._decoder.decode(data, final)
            self._decoder.errors = "strict"
            self.dirty.append((self.decoded, self.decoded + len(text)))
        self.eof = final
        self.decoded += len(text)
        return text

    def undecoded_in(self, start: int, end: int) -> bool:
        """Whether characters ``start:end`` (from the beginning) lie in a dirty chunk."""
        return any(a < end and start < b for a, b in self.dirty)

    def forget(self, before: int) -> None:
        """The text before ``before`` will not be asked about again."""
        if self.dirty and self.dirty[0][1] <= before:
            self.dirty = [(a, b) for a, b in self.dirty if b > before]
