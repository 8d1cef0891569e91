"""Whether an event is negated (لم يزر، لن تفرض، عدم التوصل، نفت أن …) or hypothetical
(إذا، لو، في حال، ربما، قد before a present verb). Both are marked, never dropped.
"""

from __future__ import annotations

from khabar.events.lexicon import EventLexicon
from khabar.tokens import PUNCT, Tokens

# A negator stands right before its verb, or before قد / the future (لم يكن قد، لن).
MAX_NEGATOR_GAP = 2
# A condition opens its clause at most this many tokens before the event.
MAX_CONDITION_REACH = 16


def negated(toks: Tokens, forms: list[str], lex: EventLexicon, i: int, first: int) -> bool:
    """A negator right before token ``i`` (one word may stand between: لم يعد يزور)."""
    for j in range(i - 1, max(first, i - MAX_NEGATOR_GAP) - 1, -1):
        if toks.kind(j) == PUNCT:
            return False
        if lex.has("negator", forms[j]):
            return True
    return False


def hypothetical(toks: Tokens, forms: list[str], lex: EventLexicon, i: int, first: int, present: bool) -> bool:
    """ "قد" before a present verb, or a condition opening the clause the trigger is in."""
    if present and i > first and lex.has("may", forms[i - 1]):
        return True
    j = i - 1
    first = max(first, i - MAX_CONDITION_REACH)
    while j >= first:
        if toks.kind(j) == PUNCT and toks.surface(j) in ".؟?!؛;":
            break
        form = forms[j]
        if lex.has("condition", form):
            return True
        if form == "في" and j + 1 < i and forms[j + 1] in ("حال", "حاله"):
            return True
        j -= 1
    return False
