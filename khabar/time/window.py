"""The tokens of one sentence as the time grammar sees them: surface forms and offsets,
matching forms and kinds, and lexicon hits and number values computed on first use."""

from __future__ import annotations

from khabar.segment import token_kind

from .lexicon import LexiconHit, lexicon
from .numbers import digits_value

# a token's kind is its first character's (segment.token_kind): a few hundred of them
_kinds: dict[str, str] = {}


def _kind(first: str) -> str:
    found = _kinds[first] = token_kind(first)
    return found


class TokenWindow:
    """The tokens of one sentence: surface forms and their offsets, matching forms (the
    token layer's, ``arabic.normalize``) and kinds; lexicon hits and number values are
    computed on first use."""

    def __init__(self, surface: list[str], norm: list[str], starts: list[int], ends: list[int]):
        self.starts, self.ends = starts, ends
        self.n = len(starts)
        self.surface, self.norm = surface, norm
        get = _kinds.get
        self.kinds = [get(w[:1]) or _kind(w[:1]) for w in surface]
        self.memo: dict[tuple[object, int], object] = {}  # sub-readings by (rule group, token)
        self._hits: dict[int, list[LexiconHit]] = {}
        self._by_category: dict[int, dict[str, list[LexiconHit]]] = {}
        self._numbers: dict[int, int | None] = {}
        self._lex = lexicon()

    def hits(self, i: int) -> list[LexiconHit]:
        if i >= self.n or i < 0:
            return []
        found = self._hits.get(i)
        if found is None:
            found = self._hits[i] = self._lex.hits(self.norm, i)
        return found

    def by_category(self, i: int) -> dict[str, list[LexiconHit]]:
        """The hits at token i by category, the longest first."""
        by = self._by_category.get(i)
        if by is None:
            by = self._by_category[i] = self._lex.by_category(self.norm, i) if 0 <= i < self.n else {}
        return by

    def hit(self, i: int, category: str, article: bool | None = None, bare: bool = False) -> LexiconHit | None:
        """The longest hit of ``category`` at token i; ``article`` True/False requires it
        with/without ال; ``bare`` forbids a proclitic."""
        for h in self.by_category(i).get(category, ()):
            if (article is None or h.article == article) and not (bare and h.proclitic):
                return h
        return None

    def number(self, i: int) -> int | None:
        if i >= self.n or self.kinds[i] != "number":
            return None
        v = self._numbers.get(i, -1)
        if v == -1:
            v = self._numbers[i] = digits_value(self.surface[i])
        return v

    def punct(self, i: int, marks: str | frozenset) -> bool:
        return i < self.n and self.kinds[i] == "punct" and self.surface[i] in marks
