"""The time stage: temporal expressions, resolved against the publication date.

``tag_times(doc)`` adds ``doc.times``; ``find_times(text, published)`` does the same for a
plain string; ``time_in(doc, start, end)`` gives later stages (quotes, events) the time
expression of a clause. See docs/time.md for what is recognised and the value formats.
"""

from __future__ import annotations

from khabar.document import Document, TimeExpr
from khabar.segment import tokenize

from .grammar import Sentence, readings
from .resolve import parse_published, resolve
from .triggers import candidate_offsets

REQUIRES = ("sentences",)
ASSIGNS = ("times",)


# an expression begins at most this far before the word that triggers it ("( 1948 )",
# "من 13 حتى 15 نوفمبر", a blocker two tokens back) and ends at most this far after it
LOOK_BEHIND, LOOK_AHEAD = 40, 200


def _window(text: str, start: int, end: int, first: int, last: int) -> tuple[int, int]:
    """The part of a sentence around its candidates, cut at spaces."""
    a = max(start, first - LOOK_BEHIND)
    if a > start:
        a = text.find(" ", a, first)
        a = start if a < 0 else a + 1
    b = min(end, last + LOOK_AHEAD)
    if b < end:
        space = text.rfind(" ", last, b)
        b = end if space < 0 else space
    return a, b


def _sentence_times(text: str, start: int, end: int, published, offsets: list[int]) -> list[TimeExpr]:
    """The expressions of ``text[start:end]``, trying the grammar only at ``offsets``."""
    start, end = _window(text, start, end, offsets[0], offsets[-1])
    chunk = text[start:end]
    toks = tokenize(chunk)
    s = Sentence(chunk, toks.starts, toks.ends)
    tries = set()
    for offset in offsets:
        i = toks.at(offset - start)
        if i is None:
            continue
        tries.add(i)
        if i > 0 and (s.surface[i - 1] == "(" or s.norm[i - 1] == "من"):
            tries.add(i - 1)  # "( 1948 ) م"، "من 13 حتى 15 نوفمبر" begin one token earlier
    out = []
    for r in readings(s, sorted(tries)):
        res = resolve(r, published)
        out.append(
            TimeExpr(start + s.starts[r.start], start + s.ends[r.end - 1], res.type, res.value, res.relative, res.mod)
        )
    return out


def _times(text: str, spans: list[tuple[int, int]], published) -> list[TimeExpr]:
    offsets = candidate_offsets(text)
    if not offsets:
        return []
    times: list[TimeExpr] = []
    k = 0
    for a, b in spans:
        while k < len(offsets) and offsets[k] < a:
            k += 1
        first = k
        while k < len(offsets) and offsets[k] < b:
            k += 1
        if k > first:
            times.extend(_sentence_times(text, a, b, published, offsets[first:k]))
    return times


def tag_times(doc: Document) -> Document:
    """Add the ``times`` layer: every temporal expression, typed and resolved."""
    spans = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
    return doc.replace(times=tuple(_times(doc.text, spans, parse_published(doc.published))))


def find_times(text: str, published: str | None = None) -> list[TimeExpr]:
    """Temporal expressions of a plain string (one sentence or several)."""
    from khabar.segment import sentences

    return _times(text, sentences(text) or [(0, len(text))], parse_published(published))


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
