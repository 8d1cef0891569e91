"""Paragraphs, sentences and tokens over the cleaned text, all as offsets.

Cleaning leaves one paragraph per line, so paragraphs are lines; sentences never cross
a paragraph; tokens are surface spans whose clitic analysis stays inside them.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from khabar import arabic
from khabar.document import Document, Paragraph, Sentence, Span

REQUIRES: tuple[str, ...] = ()
ASSIGNS = ("paragraphs", "sentences")

# --- tokens --------------------------------------------------------------------------

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

    def __getitem__(self, i):  # type: ignore[override]
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


# --- sentences -----------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?\u061f\u061b]+|\n")  # . ! ? ؟ ؛ and line breaks
CLOSERS = frozenset("”’»›\"')]}")
_ALNUM = re.compile(rf"[\w{arabic.ARABIC_WORD_CHARS}]")
# Abbreviations that end in a period without ending the sentence.
_ABBREVIATIONS = frozenset(
    """د م ص ق ب هـ ج أ ا ت ف ش ل و ع س ك ن ي Mr Mrs Ms Dr Prof St Jr Sr No vs etc Inc Ltd Co
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec U S e g i""".split()
)
_WORD_BEFORE = re.compile(rf"([{arabic.ARABIC_WORD_CHARS}A-Za-z]+)$")


def _is_boundary(text: str, a: int, b: int, line_end: int) -> bool:
    """Whether the terminal run ``text[a:b]`` ends a sentence."""
    mark = text[a:b]
    nxt = text[b] if b < line_end else ""
    if mark == ".":
        prev = text[a - 1] if a > 0 else ""
        if prev.isdigit() and nxt.isdigit():
            return False  # 3.5
        if nxt and (nxt.isascii() and nxt.isalnum()):
            return False  # aawsat.com, U.S.A
        m = _WORD_BEFORE.search(text, max(0, a - 12), a)
        if m and m.group(1) in _ABBREVIATIONS and (not nxt or nxt == " "):
            return False  # د. محمد، Mr. Smith
    return True


def _sentences_in(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentences of ``text[start:end]``; a line break always ends one."""
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        a, b = m.span()
        if text[a] != "\n":
            line_end = text.find("\n", b, end)
            line_end = end if line_end < 0 else line_end
            if not _is_boundary(text, a, b, line_end):
                continue
            # a closing mark after the full stop belongs to this sentence ( ”. and .” both )
            while b < line_end and text[b] in CLOSERS and (b + 1 == line_end or not _ALNUM.match(text, b + 1)):
                b += 1
        s, e = _strip(text, pos, a if text[a] == "\n" else b)
        if e > s:
            yield s, e
        pos = b
    s, e = _strip(text, pos, end)
    if e > s:
        yield s, e


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


# --- paragraphs ----------------------------------------------------------------------

HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 100
_TERMINAL_END = re.compile(r"[.!?\u061f\u061b:،,…]\W*$")


def _looks_like_heading(line: str) -> bool:
    if len(line) > HEADING_MAX_CHARS or _TERMINAL_END.search(line) or not _ALNUM.search(line):
        return False  # too long, a sentence, or a bare separator (***)
    return len(line.split()) <= HEADING_MAX_WORDS


def paragraphs(text: str) -> list[Paragraph]:
    """One paragraph per non-blank line; a short unpunctuated line with body paragraphs
    before and after it is a ``heading``."""
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        s, e = _strip(text, pos, nl)
        if e > s:
            spans.append((s, e))
        pos = nl + 1
    heading = [_looks_like_heading(text[s:e]) for s, e in spans]
    out = []
    for i, (s, e) in enumerate(spans):
        is_heading = heading[i] and 0 < i < len(spans) - 1 and not heading[i - 1] and not heading[i + 1]
        out.append(Paragraph(s, e, "heading" if is_heading else "body"))
    return out


def segment(doc: Document) -> Document:
    """Add paragraphs and sentences to a cleaned Document."""
    text = doc.text
    paras = paragraphs(text)
    sents = [Sentence(s, e) for s, e in _sentences_in(text, 0, len(text))]
    return doc.replace(paragraphs=tuple(paras), sentences=tuple(sents))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets of a raw string (paragraph per line), for callers without a Document."""
    return list(_sentences_in(text, 0, len(text)))
