"""Finds the places where a time expression may begin, cheaply.

The grammar is Python, so running it at every token would cost more than the rest of
the analysis. Instead the distinct words of a text are collected by one ``re.findall``
and checked against the starting words of the lexicon (with every clitic combination,
remembered per spelling); only those words, and numbers, are located and handed to the
grammar. Sentences without any are never tokenised.

Some starting words only begin an expression when another temporal word follows (هذا
العام، بعد يومين، ثلاثة أيام، الأول من مايو): these *weak* starters, and short numbers,
count only when the next word is a starting word, a linking word or a number.
"""

from __future__ import annotations

import re
from functools import cache

from khabar import arabic

from .grammar import STARTER_CATEGORIES
from .lexicon import lexicon

_TENS = ("عشرين", "ثلاثين", "اربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين")
_PROCLITICS = [c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك")]
# categories whose words begin an expression only with another temporal word after them
WEAK_CATEGORIES = frozenset({"this", "anchor", "every", "mod", "few", "times", "number", "periodword", "seasonword", "half", "quarter", "partnoun"})
# categories where the article makes a different word of the same key (العام، الأول)
_ARTICLE_CATEGORIES = frozenset(
    {"unit", "number", "season", "half", "quarter", "mod", "few", "decade", "dayref", "periodword"}
)
# words after a weak starter or a number that may continue an expression without being
# starters themselves: في، من، حتى، صباحا، الماضي، العثمانية، هـ ...
_LINK_CATEGORIES = frozenset({"temporalprep", "rangeto", "partadv", "shift", "period", "era", "agree", "honorific"})
_DIGITS = f"0-9{arabic.EASTERN_DIGITS}{arabic.PERSIAN_DIGITS}"
_WORD = re.compile(f"[{arabic.ARABIC_WORD_CHARS}]+")
_NUMBER = re.compile(f"[{_DIGITS}]+")
_LETTER = re.compile(f"[{arabic.ARABIC_LETTERS}]")
_NEXT = re.compile(rf"\s*(?:([{arabic.ARABIC_WORD_CHARS}]+)|([{_DIGITS}(/\-–:.]))")


def _starter_categories() -> dict[str, set[str]]:
    """Matching form (without clitics) -> starting categories, for every starting word."""
    lex = lexicon()
    found: dict[str, set[str]] = {}
    for key, entries in lex.single.items():
        for e in entries:
            if e.category in STARTER_CATEGORIES:
                found.setdefault(key, set()).add(e.category)
    for key, rest in lex.multi.items():
        for _, e in rest:
            if e.category in STARTER_CATEGORIES:
                found.setdefault(key, set()).add(e.category)
    for t in _TENS:
        for suffix in ("ات", "يات"):
            found[t + suffix] = {"decade"}
    return found


@cache
def starter_forms() -> dict[str, bool]:
    """Every starting word with every proclitic combination -> whether it is strong."""
    forms: dict[str, bool] = {}

    def add(form: str, strong: bool) -> None:
        forms[form] = forms.get(form, False) or strong

    for w, cats in _starter_categories().items():
        strong = not cats <= WEAK_CATEGORIES
        article = bool(cats & _ARTICLE_CATEGORIES)
        for pro in _PROCLITICS:
            add(pro + w, strong)
            if article:
                add((pro + "ل" + w) if pro.endswith("ل") else (pro + "ال" + w), strong)
            if w.startswith("ال") and pro.endswith("ل"):
                add(pro + w[1:], strong)  # ل + الشهر = للشهر
    return forms


@cache
def _links() -> frozenset[str]:
    lex = lexicon()
    words = {k for k, entries in lex.single.items() if any(e.category in _LINK_CATEGORIES for e in entries)}
    words |= {"و"} | {k for k, rest in lex.multi.items() if any(e.category in _LINK_CATEGORIES for _, e in rest)}
    # a weekday without its article (كل ثلاثاء) and the عشر of 11-19
    words |= {k[2:] for k, entries in lex.single.items() if any(e.category == "weekday" for e in entries)}
    words |= {arabic.normalize(w) for w in ("عشر", "عشرة")}
    return frozenset(words | {p + w for w in words for p in ("و", "ف")})


# spellings met so far: as written -> strong/weak starter, or not a starter at all; set
# operations on these keep the per-word work in C once a corpus has been going a while
_strong: set[str] = set()
_weak: set[str] = set()
_others: set[str] = set()
_SEEN_LIMIT = 500_000


def _learn(words: set[str]) -> None:
    unknown = words - _strong - _weak - _others
    if not unknown:
        return
    if len(_others) > _SEEN_LIMIT:
        _others.clear()
    forms = starter_forms()
    for w in unknown:
        strong = forms.get(arabic.normalize(w))
        (_others if strong is None else _strong if strong else _weak).add(w)


def _followed(text: str, end: int) -> bool:
    """Whether the word after ``end`` can continue an expression."""
    m = _NEXT.match(text, end)
    if m is None:
        return False
    word = m.group(1)
    if word is None:
        return True  # a digit, "(", "/", "-", ":" or "."
    return word in _strong or word in _weak or arabic.normalize(word) in _links()


def _occurrences(text: str, word: str):
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or not _LETTER.match(text, i - 1)) and (end == len(text) or not _LETTER.match(text, end)):
            yield i, end
        i = text.find(word, end)


def candidate_offsets(text: str) -> list[int]:
    """Sorted character offsets of the words and numbers where an expression may begin."""
    words = set(_WORD.findall(text))
    _learn(words)
    offsets = []
    for m in _NUMBER.finditer(text):
        # a year stands alone; a shorter number needs a unit, a month, a separator ...
        if m.end() - m.start() == 4 or _followed(text, m.end()):
            offsets.append(m.start())
    for word in words & _strong:
        offsets.extend(i for i, _ in _occurrences(text, word))
    for word in words & _weak:
        offsets.extend(i for i, end in _occurrences(text, word) if _followed(text, end))
    offsets.sort()
    return offsets
