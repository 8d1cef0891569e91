"""Quoted names after a head: words in quotation marks right after a head of a work
(برنامج، فيلم، مسلسل، كتاب، بعنوان — ``work`` in ``ner_triggers.tsv``) are one MISC
name, and right after an organisation head (صحيفة، شركة، مجلة، وكالة — ``org``) one ORG
name, whatever their words are ("برنامج « حكايات المدينة »", "صحيفة « النهار »"; the
head stays out, as in ANERcorp). The tagger sees only two words either side, so it
cannot know that the third word of a quoted title still belongs to it; a title is also
made of ordinary words, which it rightly leaves untagged elsewhere."""

from __future__ import annotations

import re
from bisect import bisect_left

from khabar import arabic
from khabar.entities import knowledge
from khabar.entities.mentions import Mention
from khabar.segment import Tokens

# opening mark -> closing mark; ASCII quotes close themselves
QUOTES = {"«": "»", "“": "”", '"': '"'}
_OPENING = re.compile("|".join(map(re.escape, QUOTES)))
MAX_TITLE_WORDS = 6
# words that may sit between the head and the quote ("برنامجا جديدا بعنوان «")
HEAD_REACH = 2


def quoted_titles(tokens: Tokens, sentence: range, found: list[Mention]) -> list[Mention]:
    """``found`` with every quoted name after a head as one mention; mentions inside the
    quotes give way to it."""
    if not len(sentence):
        return found
    base = tokens.starts[sentence.start]
    text = tokens.text[base : tokens.ends[sentence.stop - 1]]
    titles: list[Mention] = []
    after = sentence.start  # a title's closing mark opens nothing
    for hit in _OPENING.finditer(text):  # most sentences have no quotation mark at all
        i = bisect_left(tokens.starts, base + hit.start(), sentence.start, sentence.stop)
        if i < after or tokens.surface(i) != hit.group():
            continue
        kind = _head_kind(tokens, i, sentence.start)
        if not kind:
            continue
        close = QUOTES[hit.group()]
        end = next(
            (j for j in range(i + 1, min(i + 2 + MAX_TITLE_WORDS, sentence.stop)) if tokens.surface(j) == close), None
        )
        if end is not None and end > i + 1:
            titles.append(Mention(i + 1, end, tokens.starts[i + 1], tokens.ends[end - 1], kind))
            after = end + 1
    if not titles:
        return found
    kept = [m for m in found if not any(t.first <= m.first and m.last <= t.last for t in titles)]
    return sorted(kept + titles, key=lambda m: m.start)


def _head_kind(tokens: Tokens, quote: int, first: int) -> str | None:
    """MISC after a work head within ``HEAD_REACH`` words, ORG right after an
    organisation head ("صحيفة « النهار »"), else None."""
    if quote > first and _is_head(tokens.surface(quote - 1), "org"):
        return "ORG"
    if any(_is_head(tokens.surface(j), "work") for j in range(max(first, quote - HEAD_REACH), quote)):
        return "MISC"
    return None


def _is_head(word: str, kind: str) -> bool:
    """An indefinite head of that trigger kind, clitics aside ("برنامج", "ببرنامج",
    "برنامجها"); a definite one points back at a thing already named ("البرنامج قضية
    « ... »")."""
    cl = arabic.clitics(word)
    if cl.has_article:
        return False
    # the clitic reader may also take a first letter that belongs to the word (برنامجها)
    forms = (word, cl.stem, word[: cl.stem_end])
    return any(kind in knowledge.word_kinds(form) for form in forms)
