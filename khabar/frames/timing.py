"""When a clause happened: the time expression the time stage found inside it.

One function for every stage that dates a clause. A quote takes the first expression in
its frame ("وقال لافروف الثلاثاء إن …"); an event takes the one nearest its trigger, and
may fall back to the sentence around it ("وصل الوزير إلى بكين … أمس") — the caller says
which by its arguments.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from khabar.document import Document, Span, TimeExpr


def time_in(doc: Document, start: int, end: int, near: int | None = None, sentence: bool = False) -> TimeExpr | None:
    """The time expression of the clause ``[start, end)`` of ``doc.times``.

    - ``near=None``: the first expression inside the clause (the quotes stage: the time
      words of a frame come before its content).
    - ``near=offset`` (a trigger or cue): the expression inside the clause that holds
      ``near``, else the one closest to it, ties to the earlier one.
    - ``sentence=True``: when the clause holds none, the one nearest ``near`` (default
      ``start``) in the sentence around ``start``.

    None when nothing qualifies, or when ``doc.times`` is empty (the time stage not run).
    """
    index = _index(doc)
    inside = index.within(start, end)
    if near is None and not sentence:  # the common case, on every quote: the first
        return inside[0] if inside else None
    if not inside and sentence:
        around = index.sentence_at(start)
        if around is not None:
            inside = index.within(around.start, around.end)
            near = start if near is None else near
    if not inside:
        return None
    if near is None:
        return inside[0]
    return min(inside, key=lambda t: (_distance(t, near), t.start))


class _TimeIndex:
    """A document's times ordered by where they start, and its sentences' starts: a
    clause's times are found by bisection, not by a scan of every time of the document
    (which made a long text's quotes and events quadratic)."""

    def __init__(self, doc: Document):
        self.times, self.sentences = doc.times, doc.sentences
        self.order = sorted(range(len(doc.times)), key=lambda k: doc.times[k].start)
        self.starts = [doc.times[k].start for k in self.order]
        self.sentence_starts = [s.start for s in doc.sentences]

    def within(self, start: int, end: int) -> list[TimeExpr]:
        """The times inside ``[start, end)``, in the document's order."""
        lo, hi = bisect_left(self.starts, start), bisect_right(self.starts, end)
        return [self.times[k] for k in sorted(k for k in self.order[lo:hi] if self.times[k].end <= end)]

    def sentence_at(self, offset: int) -> Span | None:
        k = bisect_right(self.sentence_starts, offset) - 1
        if k >= 0 and offset < self.sentences[k].end:
            return self.sentences[k]
        return None


# the index of the last document asked about: a document's clauses are dated one after another.
# It holds the document's times and sentences, so ``is`` cannot mistake another document for it.
_last: _TimeIndex | None = None


def _index(doc: Document) -> _TimeIndex:
    global _last
    found = _last
    if found is None or found.times is not doc.times or found.sentences is not doc.sentences:
        found = _last = _TimeIndex(doc)
    return found


def _distance(t: TimeExpr, pos: int) -> int:
    """Characters between ``pos`` and the expression; 0 when it holds ``pos``."""
    return 0 if t.start <= pos < t.end else min(abs(t.start - pos), abs(t.end - pos))
