"""The tokens that may open a reporting clause or a source: their matching form is a
trigger word of the quote lexicon.

The entities stage has already cut every token's matching form (``Tokens.normalized_words``),
so finding them is a set lookup per token. A trigger of several words ("على لسان")
counts at its first token, and the words it covers are not looked up again (the longest
trigger wins, as in reading).
"""

from __future__ import annotations

from functools import cache

from khabar.tokens import Tokens


@cache
def _phrases(words: frozenset[str]) -> dict[str, list[tuple[str, ...]]]:
    """First word -> the rest of each trigger of several words, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for w in words:
        first, *rest = w.split(" ")
        if rest:
            out.setdefault(first, []).append(tuple(rest))
    return {k: sorted(v, key=len, reverse=True) for k, v in out.items()}


def trigger_tokens(tokens: Tokens, words: frozenset[str]) -> list[int]:
    """Indices, in order, of the tokens that start a trigger in ``words`` (normalised
    forms; a trigger of several words has single spaces between them)."""
    phrases = _phrases(words)
    forms = tokens.normalized_words()
    found = []
    resume = 0
    for i in [i for i, form in enumerate(forms) if form in words or form in phrases]:
        if i < resume:
            continue
        rest = next((r for r in phrases.get(forms[i], ()) if _follows(tokens, forms, i, r)), None)
        if rest is not None:
            found.append(i)
            resume = i + 1 + len(rest)
        elif forms[i] in words:
            found.append(i)
    return found


def _follows(tokens: Tokens, forms: list[str], i: int, rest: tuple[str, ...]) -> bool:
    """Whether the words ``rest`` follow token ``i``, one space apart."""
    text, starts, ends = tokens.text, tokens.starts, tokens.ends
    for n, word in enumerate(rest, 1):
        j = i + n
        if j >= len(forms) or forms[j] != word or starts[j] != ends[j - 1] + 1 or text[ends[j - 1]] != " ":
            return False
    return True
