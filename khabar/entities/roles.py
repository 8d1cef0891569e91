"""Roles and descriptions of people.

A role is the title phrase right before a person's name ("وزير الخارجية الروسي سيرغي
لافروف" -> وزير الخارجية الروسي). A description is such a phrase standing alone, in
place of the name ("نظيره الصيني", "كبير الدبلوماسيين الصينيين", "الزعيم الروسي"); it is
resolved to a person only when the article leaves one candidate (see ``resolve``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from khabar import arabic
from khabar.entities import knowledge
from khabar.segment import Tokens

ROLE_REACH = 6  # words a title phrase may span before the name
# nisba endings of nationality adjectives: الروسي، الروسية، الصينيين، الأمريكيون
_NISBA = re.compile("(" + "|".join(sorted(knowledge.affixes("nationality_ending"), key=len, reverse=True)) + ")$")
_CONJUNCTIONS = "".join(knowledge.affixes("conjunction"))
_ARTICLE = knowledge.affixes("article")
_DEFINITE = knowledge.affixes("definite")
_COUNTRY_ENDINGS = ("", *knowledge.affixes("country_ending"))
_COUNTERPART = knowledge.affixes("counterpart")


def _kinds(tokens: Tokens, i: int) -> frozenset[str]:
    return knowledge.word_kinds(tokens.surface(i))


def _without_conjunction(tokens: Tokens, i: int) -> int:
    """Start offset of token ``i`` without a leading و/ف when the rest is a title."""
    word = arabic.normalize(tokens.surface(i))
    rest = word[1:]
    if word[:1] and word[:1] in _CONJUNCTIONS and (rest.startswith(_DEFINITE) or rest in knowledge.trigger_forms()):
        return tokens.starts[i] + 1
    return tokens.starts[i]


def role_before(tokens: Tokens, first: int, sentence_start: int, taken: set[int]) -> tuple[int, int] | None:
    """Character span of the title phrase ending right before token ``first``: the
    leftmost title word among the Arabic words before it, stopping at punctuation, stop
    words, reporting verbs and other names."""
    title = None
    i = first - 1
    while i >= sentence_start and first - i <= ROLE_REACH and i not in taken:
        if not knowledge.is_arabic_word(tokens.surface(i)):
            break
        kinds = _kinds(tokens, i)
        if "stop" in kinds or "cue" in kinds:
            break
        if "title" in kinds:
            title = i
        i -= 1
    if title is None:
        return None
    return _without_conjunction(tokens, title), tokens.ends[first - 1]


@lru_cache(maxsize=32768)
def nationality(word: str) -> str | None:
    """The nationality stem of an adjective with the article ("الصينيين" -> "صين")."""
    norm = arabic.normalize(word)
    if norm[:1] in _CONJUNCTIONS and norm[1:].startswith(_ARTICLE):
        norm = norm[1:]
    article = next((a for a in _ARTICLE if norm.startswith(a)), None)
    if article is None:
        return None
    stem, n = _NISBA.subn("", norm[len(article) :])
    return stem if n and len(stem) >= 3 and _is_country_stem(stem) else None


@lru_cache(maxsize=4096)
def _is_country_stem(stem: str) -> bool:
    """Whether a one-word country or region in the gazetteer is ``stem`` plus at most
    ا or يا (صين -> الصين, روس -> روسيا, امريك -> أمريكا; not دبلوماس, not خارج)."""
    words = knowledge.place_words()
    i = bisect_left(words, stem)
    while i < len(words) and words[i].startswith(stem):
        if words[i][len(stem) :] in _COUNTRY_ENDINGS:  # صين, روسيا, امريكا; not خارجه
            return True
        i += 1
    return False


def role_kinds(words: list[str]) -> frozenset[str]:
    """leader / minister / diplomat, from any word of a role or description."""
    out: set[str] = set()
    table = knowledge.triggers()
    for w in words:
        out |= table.get(arabic.match_key(w), frozenset()) & {"leader", "minister", "diplomat"}
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Description:
    """A stand-alone description: character span, its nationality, its kinds of role,
    and whether it points back to another person ("نظيره": not that person)."""

    start: int
    end: int
    nationality: str
    kinds: frozenset[str]
    counterpart: bool


def _may_be_name(tokens: Tokens, i: int, sentence: range) -> bool:
    """Whether token ``i``, right after a description, may be a name the tagger missed
    ("وزيرة الخزانة الأمريكية جانيت يلين": a role, not a description): an Arabic word
    without the article that is no stop word or reporting verb."""
    if i >= sentence.stop or not knowledge.is_arabic_word(tokens.surface(i)):
        return False
    kinds = _kinds(tokens, i)
    return not ("stop" in kinds or "cue" in kinds or arabic.clitics(tokens.surface(i)).has_article)


def find_descriptions(tokens: Tokens, sentence: range, taken: set[int]) -> list[Description]:
    """Description head + (article word)* + nationality adjective, not followed by a name
    or what may be one (then it is a role) and not overlapping a mention."""
    out = []
    surfaces, forms, kinds_of = tokens.words(), tokens.normalized_words(), knowledge.word_kinds
    head_keys = knowledge.trigger_keys("describe")
    heads = [i for i in sentence if forms[i].endswith(head_keys) and "describe" in kinds_of(surfaces[i])]
    resume = sentence.start  # after a description is read, the search goes on behind it
    for i in heads:
        if i < resume or i in taken:
            continue
        head = tokens.surface(i)
        counterpart = arabic.clitics(head).suffix != "" and arabic.match_key(head).startswith(_COUNTERPART)
        j = i + 1
        nat = None
        while j < sentence.stop and j - i <= 3 and j not in taken and knowledge.is_arabic_word(tokens.surface(j)):
            nat = nationality(tokens.surface(j))
            if nat:
                break
            if not arabic.clitics(tokens.surface(j)).has_article:
                break
            j += 1
        if nat and j + 1 not in taken and not _may_be_name(tokens, j + 1, sentence):
            words = [tokens.surface(k) for k in range(i, j + 1)]
            out.append(
                Description(_without_conjunction(tokens, i), tokens.ends[j], nat, role_kinds(words), counterpart)
            )
            resume = j + 1
    return out
