"""Where a clause happened: a place entity introduced by في/من in its frame
("وقال لافروف في بكين، الثلاثاء" was said in بكين). Shared by the stages that place a
statement or an event; the time of a clause is ``frames.timing.time_in``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from khabar.document import Agent, Document, Span
from khabar.frames.lexicon import cue_lexicon
from khabar.tokens import Tokens

PLACE_TYPES = frozenset({"GPE", "LOC"})


def place_in(doc: Document, toks: Tokens, frame: range) -> Agent | None:
    """A GPE/LOC entity mention inside the frame's tokens (a range of token indices)
    whose token follows في/من; None when there is none, or no entities layer."""
    if not frame:
        return None
    a, b = toks.starts[frame.start], toks.ends[frame.stop - 1]
    lex = cue_lexicon()
    index = _index(doc)
    lo, hi = bisect_left(index.starts, a), bisect_right(index.starts, b)
    for _, e, m in sorted(index.mentions[lo:hi], key=lambda found: found[0]):  # in the document's order
        if m.end <= b:
            k = toks.at(m.start)
            if k is not None and k > 0 and lex.has("place_prep", toks.surface(k - 1)):
                return Agent(e.name, e.id, Span(m.start, m.end))
    return None


class _PlaceIndex:
    """The GPE/LOC mentions of a document ordered by where they start, each with its rank
    in the document's order: a frame's places are found by bisection, not by a scan of
    every mention (which made a long text's quotes quadratic)."""

    def __init__(self, doc: Document):
        self.entities = doc.entities
        found = [
            (rank, e, m)
            for rank, (e, m) in enumerate((e, m) for e in doc.entities for m in e.mentions)
            if e.type in PLACE_TYPES
        ]
        self.mentions = sorted(found, key=lambda x: x[2].start)
        self.starts = [m.start for _, _, m in self.mentions]


_last: _PlaceIndex | None = None  # the last document asked about (it holds its entities: ``is`` is safe)


def _index(doc: Document) -> _PlaceIndex:
    global _last
    found = _last
    if found is None or found.entities is not doc.entities:
        found = _last = _PlaceIndex(doc)
    return found
