"""The time stage: temporal expressions, resolved against the publication date.

``tag_times(doc)`` adds ``doc.times``; ``find_times(text, published)`` does the same for a
plain string; ``time_in(doc, start, end)`` gives later stages (quotes, events) the time
expression of a clause. See docs/time.md for what is recognised and the value formats.
"""

from __future__ import annotations

import re
from functools import cache

from khabar import arabic
from khabar.document import Document, TimeExpr
from khabar.segment import tokenize

from .grammar import Sentence, readings
from .lexicon import lexicon
from .resolve import parse_published, resolve

REQUIRES = ("sentences",)
ASSIGNS = ("times",)


@cache
def _trigger() -> re.Pattern:
    """Characters or words without which a sentence holds no time expression: a digit or
    one of the lexicon's words (with its clitics). Sentences without one are skipped."""
    lex = lexicon()
    words = {k for k in lex.single} | {k for k in lex.multi}
    words = {w for w in words if len(w) > 1}
    stems = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"[0-9{arabic.EASTERN_DIGITS}{arabic.PERSIAN_DIGITS}]|(?<![^\W\d_])(?:[وف]?[بلك]?(?:ال)?)(?:{stems})")


def _sentence_times(text: str, start: int, end: int, published) -> list[TimeExpr]:
    chunk = text[start:end]
    if not _trigger().search(arabic.normalize(chunk)):
        return []
    toks = tokenize(chunk)
    kinds = [toks.kind(i) for i in range(len(toks))]
    s = Sentence(chunk, list(toks.starts), list(toks.ends), kinds)
    out = []
    for r in readings(s):
        res = resolve(r, published)
        out.append(
            TimeExpr(start + s.starts[r.start], start + s.ends[r.end - 1], res.type, res.value, res.relative, res.mod)
        )
    return out


def tag_times(doc: Document) -> Document:
    """Add the ``times`` layer: every temporal expression, typed and resolved."""
    published = parse_published(doc.published)
    spans = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
    times = [t for a, b in spans for t in _sentence_times(doc.text, a, b, published)]
    return doc.replace(times=tuple(times))


def find_times(text: str, published: str | None = None) -> list[TimeExpr]:
    """Temporal expressions of a plain string (one sentence or several)."""
    from khabar.segment import sentences

    pub = parse_published(published)
    return [t for a, b in sentences(text) or [(0, len(text))] for t in _sentence_times(text, a, b, pub)]


def time_in(doc: Document, start: int, end: int, near: int | None = None) -> TimeExpr | None:
    """The time expression of a clause: the one inside ``[start, end)`` nearest to
    ``near`` (a cue verb, say), else the first; failing that, the nearest one in the
    sentence around the clause. None when the sentence holds none.

    The quotes stage calls this with a quote's clause so that "قال ... الثلاثاء" dates
    the quote; events do the same with their trigger."""
    inside = [t for t in doc.times if t.start >= start and t.end <= end]
    if not inside:
        sentence = next((s for s in doc.sentences if s.start <= start < s.end), None)
        if sentence is None:
            return None
        inside = [t for t in doc.times if t.start >= sentence.start and t.end <= sentence.end]
        if not inside:
            return None
        near = start if near is None else near
    if near is None:
        return inside[0]
    return min(inside, key=lambda t: (0 if t.start <= near < t.end else min(abs(t.start - near), abs(t.end - near)), t.start))
