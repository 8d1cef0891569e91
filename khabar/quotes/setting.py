"""Where and when a statement was made, read from its clause's frame.

Time comes from ``doc.times`` (the time stage resolves it): the first expression in the
frame before the content. Place is a GPE/LOC entity after في/من in the frame
("وقال لافروف في بكين، الثلاثاء").
"""

from __future__ import annotations

from khabar.arabic import normalize
from khabar.document import Agent, Document, Span, TimeExpr
from khabar.segment import Tokens

PLACE_TYPES = frozenset({"GPE", "LOC"})
_PLACE_PREPS = frozenset({"في", "من", "وفي"})


def time_in(doc: Document, start: int, end: int) -> TimeExpr | None:
    """The first time expression inside ``[start, end)``."""
    return next((t for t in doc.times if start <= t.start and t.end <= end), None)


def place_in(doc: Document, toks: Tokens, frame: range) -> Agent | None:
    """A place entity introduced by في/من inside the frame's tokens."""
    if not frame:
        return None
    a, b = toks.starts[frame.start], toks.ends[frame.stop - 1]
    for e in doc.entities:
        if e.type not in PLACE_TYPES:
            continue
        for m in e.mentions:
            if a <= m.start and m.end <= b:
                k = toks.at(m.start)
                if k is not None and k > 0 and normalize(toks.surface(k - 1)) in _PLACE_PREPS:
                    return Agent(e.name, e.id, Span(m.start, m.end))
    return None
