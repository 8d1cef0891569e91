"""Finds the places where a time expression may begin, cheaply.

The grammar is Python, so running it at every token would cost more than the rest of
the analysis. Instead the distinct words of a text are collected by one ``re.findall``
and checked against the starting words of the lexicon (with every clitic combination,
remembered per spelling); only those words, and numbers, are located and handed to the
grammar. Sentences without any are never tokenised.
"""

from __future__ import annotations

import re
from functools import cache

from khabar import arabic

from .grammar import STARTER_CATEGORIES
from .lexicon import lexicon

_TENS = ("عشرين", "ثلاثين", "اربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين")
_PROCLITICS = [c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك")]
_WORD = re.compile(f"[{arabic.ARABIC_WORD_CHARS}]+")
_NUMBER = re.compile(f"[0-9{arabic.EASTERN_DIGITS}{arabic.PERSIAN_DIGITS}]+")
_LETTER = re.compile(f"[{arabic.ARABIC_LETTERS}]")


def starter_words() -> set[str]:
    """Matching forms (without clitics) of every word that can begin an expression."""
    lex = lexicon()
    words = {k for k, entries in lex.single.items() if any(e.category in STARTER_CATEGORIES for e in entries)}
    words |= {k for k, rest in lex.multi.items() if any(e.category in STARTER_CATEGORIES for _, e in rest)}
    words |= {t + suffix for t in _TENS for suffix in ("ات", "يات")}
    return words


@cache
def starter_forms() -> frozenset[str]:
    """Every starting word with every proclitic combination, as written after folding."""
    forms = set()
    for w in starter_words():
        bare = w[2:] if w.startswith("ال") else None
        for pro in _PROCLITICS:
            forms.add(pro + w)
            forms.add(pro + "ال" + w)
            if pro.endswith("ل"):
                forms.add(pro + "ل" + w[2:] if w.startswith("ال") else pro + "ل" + w)
            if bare and pro.endswith("ل"):
                forms.add(pro[:-1] + "لل" + bare)
    return frozenset(forms)


# spellings met so far, split by whether they can begin an expression; set operations on
# these keep the per-word work in C once a corpus has been going for a while
_starters: set[str] = set()
_others: set[str] = set()
_SEEN_LIMIT = 500_000


def _present_starters(words: set[str]) -> set[str]:
    unknown = words - _starters - _others
    if unknown:
        if len(_others) > _SEEN_LIMIT:
            _others.clear()
        forms = starter_forms()
        for w in unknown:
            (_starters if arabic.normalize(w) in forms else _others).add(w)
    return words & _starters


def candidate_offsets(text: str) -> list[int]:
    """Sorted character offsets of the words and numbers where an expression may begin."""
    offsets = [m.start() for m in _NUMBER.finditer(text)]
    for word in _present_starters(set(_WORD.findall(text))):
        i = text.find(word)
        while i >= 0:
            end = i + len(word)
            if (i == 0 or not _LETTER.match(text, i - 1)) and (end == len(text) or not _LETTER.match(text, end)):
                offsets.append(i)
            i = text.find(word, end)
    offsets.sort()
    return offsets
