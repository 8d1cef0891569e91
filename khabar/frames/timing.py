"""When a clause happened: the time expression the time stage found inside it.

One function for every stage that dates a clause. A quote takes the first expression in
its frame ("وقال لافروف الثلاثاء إن …"); an event takes the one nearest its trigger, and
may fall back to the sentence around it ("وصل الوزير إلى بكين … أمس") — the caller says
which by its arguments.
"""

from __future__ import annotations

from khabar.document import Document, TimeExpr


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
    if near is None and not sentence:  # the common case, on every quote: stop at the first
        return next((t for t in doc.times if start <= t.start and t.end <= end), None)
    inside = [t for t in doc.times if start <= t.start and t.end <= end]
    if not inside and sentence:
        around = next((s for s in doc.sentences if s.start <= start < s.end), None)
        if around is not None:
            inside = [t for t in doc.times if around.start <= t.start and t.end <= around.end]
            near = start if near is None else near
    if not inside:
        return None
    if near is None:
        return inside[0]
    return min(inside, key=lambda t: (_distance(t, near), t.start))


def _distance(t: TimeExpr, pos: int) -> int:
    """Characters between ``pos`` and the expression; 0 when it holds ``pos``."""
    return 0 if t.start <= pos < t.end else min(abs(t.start - pos), abs(t.end - pos))
