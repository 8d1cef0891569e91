"""An exact map from cleaned-text offsets back to the raw input.

Cleaning copies most of the raw text verbatim and replaces a few pieces (a presentation
form by its letters, a run of spaces by one). The map stores one run per piece, so a
lookup is a binary search, never a fuzzy re-alignment.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right


class OffsetMap:
    """Clean offset -> raw offset.

    A verbatim run maps character by character; a replaced run maps every character
    to the start of the raw piece it replaced (and a span ending in it to the piece's
    end), so any clean span maps to the raw span that produced it.
    """

    __slots__ = ("_clean", "_raw", "_raw_end", "_verbatim", "clean_length", "raw_length")

    def __init__(self, clean, raw, raw_end, verbatim, clean_length: int, raw_length: int):
        self._clean, self._raw, self._raw_end, self._verbatim = clean, raw, raw_end, verbatim
        self.clean_length, self.raw_length = clean_length, raw_length

    def _run(self, i: int) -> int:
        if not 0 <= i <= self.clean_length:
            raise IndexError(f"offset {i} outside cleaned text of length {self.clean_length}")
        return bisect_right(self._clean, i) - 1

    def to_raw(self, i: int) -> int:
        """The raw offset of cleaned character ``i`` (``clean_length`` maps to the end)."""
        if i == self.clean_length:
            return self.raw_length if not self._clean else self._raw_end[-1]
        k = self._run(i)
        if self._verbatim[k]:
            return self._raw[k] + (i - self._clean[k])
        return self._raw[k]

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """The raw span that produced the cleaned span ``[start, end)``."""
        raw_start = self.to_raw(start)
        if end <= start:
            return raw_start, raw_start
        k = self._run(end - 1)
        if self._verbatim[k]:
            raw_end = self._raw[k] + (end - self._clean[k])
        else:
            raw_end = self._raw_end[k]
        return raw_start, raw_end

    def __len__(self) -> int:
        return len(self._clean)


class OffsetMapBuilder:
    """Builds a cleaned text and its map together, one piece at a time."""

    __slots__ = ("_parts", "_pos", "_clean", "_raw", "_raw_end", "_verbatim", "_raw_length")

    def __init__(self, raw_length: int):
        self._parts: list[str] = []
        self._pos = 0
        self._clean = array("q")
        self._raw = array("q")
        self._raw_end = array("q")
        self._verbatim = bytearray()
        self._raw_length = raw_length

    @property
    def length(self) -> int:
        return self._pos

    def last_char(self) -> str:
        return self._parts[-1][-1] if self._parts else ""

    def keep(self, raw: str, a: int, b: int) -> None:
        """Copy ``raw[a:b]`` verbatim."""
        if b <= a:
            return
        if self._verbatim and self._verbatim[-1] and self._raw_end[-1] == a:
            self._raw_end[-1] = b  # extend the previous verbatim run
        else:
            self._add_run(a, b, True)
        self._parts.append(raw[a:b])
        self._pos += b - a

    def put(self, s: str, a: int, b: int) -> None:
        """Write ``s`` in place of ``raw[a:b]``."""
        if not s:
            return
        self._add_run(a, b, False)
        self._parts.append(s)
        self._pos += len(s)

    def _add_run(self, a: int, b: int, verbatim: bool) -> None:
        self._clean.append(self._pos)
        self._raw.append(a)
        self._raw_end.append(b)
        self._verbatim.append(1 if verbatim else 0)

    def build(self) -> tuple[str, OffsetMap]:
        text = "".join(self._parts)
        return text, OffsetMap(
            self._clean, self._raw, self._raw_end, bytes(self._verbatim), len(text), self._raw_length
        )
