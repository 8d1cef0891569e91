"""The tokens of one sentence as the grammar sees them: surface forms and offsets,
matching forms and kinds, and lexicon hits and number values computed on first use."""

from __future__ import annotations

from khabar.arabic import normalize
from khabar.segment import token_kind

from .lexicon import Hit, lexicon
from .numbers import digits_value

# surface -> (matching form, kind), remembered across sentences: news repeats its words
_forms: dict[str, tuple[str, str]] = {}
_FORMS_LIMIT = 50_000  # the news words that carry most tokens; bounded for streaming memory


def token_forms(surface: str) -> tuple[str, str]:
    """(matching form, kind) of a token, remembered."""
    found = _forms.get(surface)
    if found is None:
        if len(_forms) > _FORMS_LIMIT:
            _forms.clear()
        found = _forms[surface] = (normalize(surface), token_kind(surface))
    return found


class Sentence:
    """The tokens of one sentence: surface forms and their offsets, matching forms and
    kinds; lexicon hits and number values are computed on first use."""

    def __init__(self, surface: list[str], starts, ends):
        self.starts, self.ends = starts, ends
        self.n = len(starts)
        self.surface = surface
        forms = [_forms.get(w) or token_forms(w) for w in surface]
        self.norm = [f[0] for f in forms]
        self.kinds = [f[1] for f in forms]
        self._hits: dict[int, list[Hit]] = {}
        self._by_category: dict[int, dict[str, list[Hit]]] = {}
        self._numbers: dict[int, int | None] = {}
        self._categories: dict[int, set[str]] = {}
        self._lex = lexicon()

    def hits(self, i: int) -> list[Hit]:
        if i >= self.n or i < 0:
            return []
        found = self._hits.get(i)
        if found is None:
            found = self._hits[i] = self._lex.hits(self.norm, i)
        return found

    def hit(self, i: int, category: str, article: bool | None = None, bare: bool = False) -> Hit | None:
        """The longest hit of ``category`` at token i; ``article`` True/False requires it
        with/without ال; ``bare`` forbids a proclitic."""
        by = self._by_category.get(i)
        if by is None:
            by = {}
            for h in sorted(self.hits(i), key=lambda h: -h.length):
                by.setdefault(h.entry.category, []).append(h)
            self._by_category[i] = by
        for h in by.get(category, ()):
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
