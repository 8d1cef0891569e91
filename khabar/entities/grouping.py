"""In-document coreference of names: mentions of one thing grouped into one entity.

Same words (clitics aside) are one entity, whatever type the tagger gave each mention
(the majority type wins, so one stray LOC for a person is outvoted). A person's shorter
name joins the full one when its words are among the full name's (لافروف -> سيرغي لافروف)
and spelling variants join when every word differs by at most a letter or two
(كاترين يو -> كاترينا يو). Different names are never merged, so الولايات المتحدة and
واشنطن stay two entities.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.entities import knowledge

# type preference when the votes tie: the more specific reading first
_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "NORP", "MISC")


@dataclass
class Group:
    keys: tuple[str, ...]
    members: list[int] = field(default_factory=list)  # indices into the mention list


def words_key(surface: str) -> tuple[str, ...]:
    return tuple(map(knowledge.key, surface.split()))


def group(surfaces: list[str], types: list[str]) -> list[tuple[str, list[int]]]:
    """Groups of mention indices with their type, in order of first mention."""
    exact: dict[tuple[str, ...], Group] = {}
    for i, s in enumerate(surfaces):
        k = words_key(s)
        exact.setdefault(k, Group(k)).members.append(i)
    groups = list(exact.values())
    kind = {id(g): _vote([types[i] for i in g.members]) for g in groups}
    persons = sorted((g for g in groups if kind[id(g)] == "PERSON"), key=lambda g: -len(g.keys))
    merged_into: dict[int, Group] = {}
    for short in persons:
        targets = [
            long
            for long in persons
            if long is not short and id(long) not in merged_into and is_part_of(short.keys, long.keys)
        ]
        if targets:
            target = min(targets, key=lambda g: _distance(g, short))
            target.members += short.members
            merged_into[id(short)] = target
    out = [(kind[id(g)], sorted(g.members)) for g in groups if id(g) not in merged_into]
    return sorted(out, key=lambda item: item[1][0])


def _vote(types: list[str]) -> str:
    counts = Counter(types)
    return max(counts, key=lambda t: (counts[t], -_TYPE_ORDER.index(t) if t in _TYPE_ORDER else -99))


def _distance(target: Group, short: Group) -> int:
    """How far the target's nearest earlier mention is from the short name's first
    (mention indices are in text order); later targets rank after earlier ones."""
    first = short.members[0]
    before = [first - m for m in target.members if m < first]
    return min(before) if before else 10_000 + min(target.members)


def is_part_of(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every word of ``short`` matches a distinct word of ``long`` in order, and ``short``
    is not longer; equal lengths need a spelling difference, not identity."""
    if len(short) > len(long) or short == long:
        return False
    if len(short) == 1:
        return any(similar(short[0], w) for w in long)
    j = 0
    for w in short:
        while j < len(long) and not similar(w, long[j]):
            j += 1
        if j == len(long):
            return False
        j += 1
    return True


@lru_cache(maxsize=16384)
def similar(a: str, b: str) -> bool:
    """Same word up to a transliteration variant: same first letter, then one edit for
    words of four letters or more, two for seven or more (كاترينا/كاترين, بينج/بينغ)."""
    if a == b:
        return True
    if a[:1] != b[:1]:
        return False
    shortest = min(len(a), len(b))
    allowed = 2 if shortest >= 7 else 1 if shortest >= 4 else 0
    return allowed > 0 and abs(len(a) - len(b)) <= allowed and _edits(a, b, allowed) <= allowed


def _edits(a: str, b: str, limit: int) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]
