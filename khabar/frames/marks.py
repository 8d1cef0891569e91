"""Quotation marks as outlets really type them: paired, nested, reversed or left open.

A mark's role comes from where it stands before what it looks like: a ” glued to the
start of a word (بـ”العقوبات) opens a quote, a « after the last word of a quote closes
it. Marks are paired outermost-first inside one paragraph; a quote left open runs to the
paragraph's end, and a lone closer (a whole paragraph ending in ») starts at the
paragraph's start, so continuation paragraphs are not lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“«„‹‘"
CLOSERS = "”»›’"
SYMMETRIC = '"'
MARKS = frozenset(OPENERS + CLOSERS + SYMMETRIC)
# A one-letter proclitic (بـ” و“ ل«) may stand between a space and an opening mark.
_PROCLITIC = frozenset("بولفك\u0640")
_AFTER_CLOSE = frozenset(" \t.,،؛;:!?؟)]}…-–—") | MARKS
_MARK_RE = re.compile("[" + re.escape(OPENERS + CLOSERS + SYMMETRIC) + "]")


@dataclass(frozen=True, slots=True)
class Quoted:
    """The text between a pair of marks (``start``/``end``, marks excluded) and the
    marks' own span (``outer_start``/``outer_end``). ``opened``/``closed`` say whether
    each mark was really there, or the quote was cut at the paragraph's edge."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    opened: bool = True
    closed: bool = True

    def words(self, text: str) -> int:
        return len(text[self.start : self.end].split())


def _role(text: str, i: int, start: int, end: int) -> str:
    """``open``, ``close`` or ``either`` for the mark at ``text[i]``."""
    left = text[i - 1] if i > start else " "
    right = text[i + 1] if i + 1 < end else " "
    left_free = (
        left.isspace()
        or left in "([{:،,"
        or left in MARKS
        or (
            left in _PROCLITIC
            and (i - 1 == start or not text[i - 2].isalnum() or text[i - 2] in "بولفك" and left == "\u0640")
        )
    )
    right_free = right.isspace() or right in _AFTER_CLOSE
    if left_free and right_free:
        return "either"  # a mark standing alone between spaces: its pairing decides
    if left_free and not right_free:
        return "open"
    if right_free and not left_free:
        return "close"
    ch = text[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    return "either"


def quoted_spans(text: str, start: int, end: int) -> list[Quoted]:
    """Outermost quoted spans inside ``text[start:end]`` (one paragraph)."""
    out: list[Quoted] = []
    stack: list[int] = []  # positions of open marks
    last_end = start
    for m in _MARK_RE.finditer(text, start, end):
        i = m.start()
        role = _role(text, i, start, end)
        if role == "either":
            role = "close" if stack else "open"
        if role == "open":
            stack.append(i)
            continue
        if stack:
            opened_at = stack.pop()
            if not stack:
                out.append(Quoted(opened_at + 1, i, opened_at, i + 1))
                last_end = i + 1
        else:  # a lone closer: the quote began at the paragraph's (or last quote's) edge
            s = _skip_space(text, last_end, i)
            if i > s:
                out.append(Quoted(s, i, s, i + 1, opened=False))
            last_end = i + 1
    if stack:
        opened_at = stack[0]
        e = end
        while e > opened_at + 1 and text[e - 1] in " .،,؛":
            e -= 1
        if e > opened_at + 1:
            out.append(Quoted(opened_at + 1, e, opened_at, end, closed=False))
    return out


def inside_quotation(pos: int, quoted: list[Quoted]) -> bool:
    """Whether ``pos`` lies inside a quotation: a cue there is part of what was said (“أعتقد أن …”)."""
    return any(q.start <= pos < q.end for q in quoted)


def _skip_space(text: str, a: int, b: int) -> int:
    while a < b and (text[a].isspace() or text[a] in ".،,؛"):
        a += 1
    return a
