"""One regular expression that finds every word that may open a reporting clause.

Looking each token up costs a Python call per word; the trigger words are a few
thousand normalised forms, so they are compiled into a trie-shaped pattern that
accepts every spelling ``arabic.normalize`` folds onto them (أ/إ/آ for ا, ى for ي,
ة for ه), and the regex engine scans the text in C. Vocalised words, which the
pattern does not spell, are few and checked one by one.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Iterable

from khabar import arabic

# Spellings that arabic.normalize folds onto each letter.
_VARIANTS = {
    "ا": "اأإآٱ",
    "ي": "يىئی",
    "ه": "هةھ",
    "و": "وؤ",
    "ك": "كک",
}
_LETTER = f"[{arabic.ARABIC_WORD_CHARS}]"


def _char(c: str) -> str:
    spellings = _VARIANTS.get(c, c)
    return f"[{spellings}]" if len(spellings) > 1 else re.escape(c)


def _trie_pattern(words: Iterable[str]) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(_char(c) + emit(child)) if c else "" for c, child in sorted(node.items())]
        if branches == [""]:
            return ""
        optional = "" in branches
        alts = [b for b in branches if b]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if optional else body

    return emit(trie)


@cache
def trigger_regex(words: frozenset[str]) -> re.Pattern:
    """A pattern matching whole words whose normalised form is in ``words``."""
    return re.compile(f"(?<!{_LETTER})(?:{_trie_pattern(words)})(?!{_LETTER})")


_VOWEL = re.compile(f"[{arabic.DIACRITICS}{arabic.TATWEEL}]")
_WORD_AROUND = re.compile(f"{_LETTER}+")


def trigger_offsets(text: str, words: frozenset[str]) -> list[int]:
    """Start offsets of the words of ``text`` whose normalised form is in ``words``.

    The pattern spells words without diacritics; the rare vocalised words (وأكّد، أُعلن)
    are normalised one by one."""
    found = [m.start() for m in trigger_regex(words).finditer(text)]
    done = -1
    for v in _VOWEL.finditer(text):
        if v.start() < done:
            continue  # another mark of a word already checked
        start = v.start()
        while start > 0 and _WORD_AROUND.match(text, start - 1, start):
            start -= 1
        word = _WORD_AROUND.match(text, start)
        done = word.end()
        if arabic.normalize(word.group()) in words:
            found.append(start)
    return sorted(set(found))
