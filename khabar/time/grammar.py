"""Finds temporal expressions in a sentence's tokens and reads what they say.

The rules are data (``khabar/data/time_rules.toml``, compiled by ``rules.py``): at each
token that may begin an expression, the rules that can begin at a token of its
categories are tried and the longest reading is kept (the earlier group wins a tie).
Then what may follow a reading is added (its hour, its part of the day: the ``tail``
rules), neighbours that make one expression are joined (an hour and its day, the two ends
of بين ... و...: the ``join`` rules), and ``tense.py`` reads the clause of the expressions
whose own words leave the direction open. Spans follow Wojood's conventions: introducing
words such as بتاريخ، منذ، خلال، قبل، يوم، عام are inside the span, في is not.
"""

from __future__ import annotations

from functools import cache

from . import parts  # noqa: F401 - the parts and checks the rules name
from .pattern import Cap, part
from .reading import Reading
from .rules import best, grammar, remembered
from .tense import clause_tense
from .window import TokenWindow

_CORE = frozenset({"anchored", "mod"})  # groups left out of a bare expression (أواخر +, منذ +)
_NOT_ANCHORED = frozenset({"anchored"})  # منذ + an expression: no second introducing word
_NOT_STARTERS = frozenset({"temporalprep"})  # في، من are too common to send the grammar looking


@cache
def starter_categories() -> frozenset[str]:
    """Categories whose words send the grammar looking: those some rule begins with."""
    return grammar().start_categories - _NOT_STARTERS


def core(s: TokenWindow, i: int) -> Reading | None:
    """The longest bare expression at token i (no introducing word, no أواخر)."""
    if i >= s.n:
        return None
    return best(grammar().at(s, i, _CORE), s, i)


def expression(s: TokenWindow, i: int, anchored: bool = False) -> Reading | None:
    """The longest expression at token i, with what follows it."""
    if i >= s.n:
        return None
    found = best(grammar().at(s, i, _NOT_ANCHORED if anchored else frozenset()), s, i)
    return _tail(s, found) if found is not None else None


@part("core")
def _core_part(s: TokenWindow, i: int, c: dict, args: tuple) -> tuple[Reading, int] | None:
    r = remembered(s, core, i, lambda: core(s, i))
    return None if r is None else (r, r.end)


@part("expression")
def _expression_part(s: TokenWindow, i: int, c: dict, args: tuple) -> tuple[Reading, int] | None:
    """An expression after an introducing word (منذ + ...): no second introducing word."""
    r = remembered(s, expression, i, lambda: expression(s, i, anchored=True))
    return None if r is None else (r, r.end)


def _tail(s: TokenWindow, r: Reading) -> Reading:
    """What may follow a day: an hour (الاثنين الساعة 10), a part of the day (الاثنين مساء)."""
    given = {"prev": Cap(r, r.start, r.end)}
    for rule in grammar().groups["tail"]:
        got = rule.match(s, r.end, given)
        if got is not None:
            return got
    return r


def _join(s: TokenWindow, found: list[Reading]) -> list[Reading]:
    """Neighbours that are one expression: an hour then its day, بين X وY."""
    out: list[Reading] = []
    joins = grammar().groups["join"]
    for r in found:
        if out:
            prev = out[-1]
            given = {"prev": Cap(prev, prev.start, prev.end), "next": Cap(r, r.start, r.end)}
            joined = next((j for j in (rule.match(s, prev.start, given) for rule in joins) if j is not None), None)
            if joined is not None:
                out[-1] = joined
                continue
        out.append(r)
    return out


def readings(s: TokenWindow, starts: list[int] | None = None) -> list[Reading]:
    """Every temporal expression in a sentence, left to right, none overlapping.

    ``starts``: the token indices worth trying (those that may begin an expression,
    ascending); all tokens when None."""
    out: list[Reading] = []
    done = 0
    for i in range(s.n) if starts is None else starts:
        if i < done:
            continue
        r = expression(s, i)
        if r is None:
            continue
        out.append(r)
        done = r.end
    joined = _join(s, out)
    for r in joined:
        if _open_direction(r):
            r.tense = clause_tense(s, r.start)
    return joined


def _open_direction(r: Reading) -> bool:
    """A bare weekday or a month without a year: its own words do not say past or future."""
    if r.anchor is not None or r.year is not None or r.shift_unit is not None or r.until is not None:
        return False
    if r.weekday is not None:
        return r.weekday_shift is None and r.day is None and r.month is None
    return (r.month is not None or r.season == "WE" or r.holiday is not None) and not r.direction
