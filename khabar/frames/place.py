"""Where a clause happened: a place entity introduced by في/من in its frame
("وقال لافروف في بكين، الثلاثاء" was said in بكين). Shared by the stages that place a
statement or an event; the time of a clause is ``frames.timing.time_in``.
"""

from __future__ import annotations

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
    for e in doc.entities:
        if e.type not in PLACE_TYPES:
            continue
        for m in e.mentions:
            if a <= m.start and m.end <= b:
                k = toks.at(m.start)
                if k is not None and k > 0 and lex.has("place_prep", toks.surface(k - 1)):
                    return Agent(e.name, e.id, Span(m.start, m.end))
    return None
