"""Paragraphs, sentences and tokens over the cleaned text, all as offsets.

Cleaning leaves one paragraph per line, so paragraphs are lines; sentences never cross
a paragraph; tokens are surface spans whose clitic analysis stays inside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from khabar import arabic
from khabar.document import Document, Paragraph, Sentence
from khabar.lexicon import data_lines

# the token layer lives in khabar.tokens; these names stay importable from here
from khabar.tokens import ARABIC, LATIN, NUMBER, PUNCT, Token, Tokens, token_kind, tokenize

REQUIRES: tuple[str, ...] = ()
ASSIGNS = ("paragraphs", "sentences")

__all__ = [
    "ARABIC",
    "LATIN",
    "NUMBER",
    "PUNCT",
    "Token",
    "Tokens",
    "paragraphs",
    "segment",
    "sentences",
    "token_kind",
    "tokenize",
]

# --- sentences -----------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?\u061f\u061b]+|\n")  # . ! ? ؟ ؛ and line breaks
CLOSERS = frozenset("”’»›\"')]}")
_ALNUM = re.compile(rf"[\w{arabic.ARABIC_WORD_CHARS}]")
# Abbreviations that end in a period without ending the sentence (khabar/data/abbreviations.tsv).
_ABBREVIATIONS = frozenset(row[0] for row in data_lines("abbreviations.tsv"))
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
