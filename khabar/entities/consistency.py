"""One sense per article for whole names: a name the tagger found once ("بنفيكا",
"دينامو كييف", "الليكود") and missed elsewhere in the same article is the same name
there too. Person name *parts* are ``article.propagate_names``' job; this pass repeats
whole mentions of every type, with a leading و/ف/ب/ل/ك allowed ("وبنفيكا").

A one-word name that is a frequent word in the news ("الجزيرة", "الوحدة") is not
repeated: the word may be the common noun elsewhere. Names are matched by their surface
words (a repeat in one article is spelt the same), so the scan is a set lookup per token.
"""

from __future__ import annotations

from khabar import arabic
from khabar.document import Document
from khabar.entities import knowledge
from khabar.entities.article import COMMON_LOG_FREQ
from khabar.entities.mentions import Mention
from khabar.segment import Tokens

PROCLITICS = "".join(knowledge.affixes("conjunction") + knowledge.affixes("preposition"))


def repeat_names(
    doc: Document, found: list[Mention], sentence_of: list[range], ranges: list[range]
) -> tuple[list[Mention], list[range]]:
    """``found`` (and each mention's sentence) with the untagged repeats of its names."""
    tokens, text = doc.tokens, doc.text
    names: dict[tuple[str, ...], str] = {}
    for m in found:
        words = (text[m.start : tokens.ends[m.first]],) + tuple(tokens.surface(j) for j in range(m.first + 1, m.last))
        if len(words) > 1 or _rare(words[0]):
            names.setdefault(words, m.type)
    if not names:
        return found, sentence_of
    firsts = {words[0] for words in names}
    longest = max(map(len, names))
    surfaces = tokens.words()
    taken = {i for m in found for i in range(m.first, m.last)}
    extra = []
    for r in ranges:
        resume = r.start  # after a repeat is read, the search goes on behind it
        # a cheap first test over the sentence: the word, or the word after one letter, begins a name
        for i in [i for i in r if surfaces[i] in firsts or surfaces[i][1:] in firsts]:
            word = surfaces[i]
            skip = 0 if word in firsts else 1 if word[:1] in PROCLITICS else -1
            hit = (
                None
                if skip < 0 or i < resume or i in taken
                else _match(tokens, surfaces, i, skip, r.stop, names, longest, taken)
            )
            if hit:
                extra.append((hit, r))
                resume = hit.last
    if not extra:
        return found, sentence_of
    pairs = sorted(list(zip(found, sentence_of)) + extra, key=lambda p: p[0].start)
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _rare(word: str) -> bool:
    norm = arabic.normalize(word)
    known = knowledge.clusters().get(norm)
    return len(norm) >= 3 and (known is None or known.log_freq <= COMMON_LOG_FREQ) and not knowledge.word_kinds(word)


def _match(
    tokens: Tokens,
    surfaces: list[str],
    i: int,
    skip: int,
    stop: int,
    names: dict[tuple[str, ...], str],
    longest: int,
    taken: set[int],
) -> Mention | None:
    """The longest known name starting at token ``i`` (its first ``skip`` letters a
    proclitic); none that touches a tagged token."""
    head = surfaces[i][skip:]
    for n in range(min(longest, stop - i), 0, -1):
        if any(j in taken for j in range(i - 1, i + n + 1)):
            continue  # next to a name, the words are part of that name
        kind = names.get((head, *surfaces[i + 1 : i + n]))
        if kind:
            return Mention(i, i + n, tokens.starts[i] + skip, tokens.ends[i + n - 1], kind)
    return None
