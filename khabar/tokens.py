"""The token layer: surface tokens as parallel arrays of offsets over one text.

Tokens are surface spans (a clitic analysis stays inside its token, see
``arabic.clitics``); a Document builds its token layer on first use and every stage
after segmentation shares it.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from khabar import arabic
from khabar.spans import Span

ARABIC, LATIN, NUMBER, PUNCT = "arabic", "latin", "number", "punct"
_DIGIT = "0-9" + arabic.EASTERN_DIGITS + arabic.PERSIAN_DIGITS
# One capturing group, so that re.split returns gaps and tokens alternately and the
# offsets come from the piece lengths without a Python loop over matches.
_TOKEN_SPLIT = re.compile(
    rf"([{arabic.ARABIC_WORD_CHARS}]+"  # Arabic word (diacritics, tatweel kept); most common first
    rf"|[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)*"  # number: 3.5, 1,200, ٣٫٥
    r"|[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)*"  # Latin word
    r"|\S)"  # anything else: one punctuation mark or symbol
)
_NUMBER_START = re.compile(f"[{_DIGIT}]")
_ARABIC_START = re.compile(f"[{arabic.ARABIC_WORD_CHARS}]")
_LATIN_START = re.compile(r"[A-Za-z\u00c0-\u024f]")


def token_kind(surface: str) -> str:
    """arabic, latin, number or punct, from a token's first character."""
    return _kind_of_first(surface[:1])


@cache  # one entry per distinct first character: a few hundred
def _kind_of_first(char: str) -> str:
    if _NUMBER_START.match(char):  # not str.isdigit(): "¹" is a digit to Python, not a number here
        return NUMBER
    if _ARABIC_START.match(char):
        return ARABIC
    if _LATIN_START.match(char):
        return LATIN
    return PUNCT


@dataclass(frozen=True, slots=True)
class Token(Span):
    kind: str = ARABIC


class Tokens(Sequence[Token]):
    """A compact token layer: parallel arrays of offsets over one text.

    Tokens are made on access, so tokenising a corpus allocates no object per token.
    The surface strings and their matching forms are cut once, on first use, and kept:
    the stages after segmentation ask for each token's several times.
    """

    __slots__ = ("text", "starts", "ends", "_surfaces", "_normalized")

    def __init__(self, text: str, starts: array, ends: array):
        self.text, self.starts, self.ends = text, starts, ends
        self._surfaces: list[str] | None = None
        self._normalized: list[str] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        start, end = self.starts[i], self.ends[i]
        return Token(start, end, token_kind(self.text[start:end]))

    def surface(self, i: int) -> str:
        surfaces = self._surfaces
        if surfaces is None:
            surfaces = self.words()
        return surfaces[i]

    def kind(self, i: int) -> str:
        return token_kind(self.surface(i))

    def normalized(self, i: int) -> str:
        """Matching form of token ``i`` (see ``arabic.normalize``)."""
        return self.normalized_words()[i]

    def clitics(self, i: int) -> arabic.Clitics:
        return arabic.clitics(self.surface(i))

    def normalized_words(self) -> list[str]:
        """Every token's matching form (``arabic.normalize``), in order (shared: do not
        modify it); made once, for passes that compare every token with a few names."""
        if self._normalized is None:
            self._normalized = list(map(arabic.normalize, self.words()))
        return self._normalized

    def words(self) -> list[str]:
        """Every token's surface, in order (the shared list: do not modify it)."""
        if self._surfaces is None:
            t = self.text
            self._surfaces = [t[s:e] for s, e in zip(self.starts, self.ends)]
        return self._surfaces

    def between(self, start: int, end: int) -> range:
        """Indices of the tokens lying inside ``[start, end)``."""
        return range(bisect_left(self.starts, start), bisect_right(self.ends, end))

    def at(self, offset: int) -> int | None:
        """Index of the token covering character ``offset``, if any."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.ends[i]:
            return i
        return None


def tokenize(text: str) -> Tokens:
    parts = _TOKEN_SPLIT.split(text)  # [gap, token, gap, token, ..., gap]
    bounds = list(accumulate(map(len, parts)))
    return Tokens(text, array("l", bounds[0:-1:2]), array("l", bounds[1::2]))
