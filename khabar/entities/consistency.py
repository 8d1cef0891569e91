"""One sense per article for whole names: a name the tagger found once ("بنفيكا",
"دينامو كييف", "الليكود") and missed elsewhere in the same article is the same name
there too. Person name *parts* are ``article.propagate_names``' job; this pass repeats
whole mentions of every type, with a leading و/ف/ب/ل/ك allowed ("وبنفيكا").

A one-word name that is a frequent word in the news ("الجزيرة", "الوحدة") is not
repeated: the word may be the common noun elsewhere.
"""

from __future__ import annotations

from khabar import arabic
from khabar.entities import knowledge, mentions
from khabar.entities.article import COMMON_LOG_FREQ
from khabar.entities.mentions import Mention


def repeat_names(doc, found, sentence_of, ranges):
    """``found`` (and each mention's sentence) with the untagged repeats of its names."""
    tokens, text = doc.tokens, doc.text
    names: dict[tuple[str, ...], str] = {}
    for m in found:
        words = m.keys(tokens)
        if len(words) > 1 or _rare(words[0]):
            names.setdefault(words, m.type)
    if not names:
        return found, sentence_of
    firsts = {words[0] for words in names}
    longest = max(map(len, names))
    taken = {i for m in found for i in range(m.first, m.last)}
    extra = []
    for r in ranges:
        i = r.start
        while i < r.stop:
            hit = None if i in taken else _match(tokens, i, r.stop, names, firsts, longest, taken)
            if hit:
                extra.append((hit, r))
                i = hit.last
            else:
                i += 1
    if not extra:
        return found, sentence_of
    pairs = sorted(list(zip(found, sentence_of)) + extra, key=lambda p: p[0].start)
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _rare(word: str) -> bool:
    known = knowledge.clusters().get(word)
    return len(word) >= 3 and (known is None or known.log_freq <= COMMON_LOG_FREQ) and not knowledge.word_kinds(word)


def _match(tokens, i, stop, names, firsts, longest, taken) -> Mention | None:
    """The longest known name starting at token ``i``, its first word with or without
    one proclitic letter; none that touches a tagged token."""
    first = arabic.normalize(tokens.surface(i))
    for skip in (0, 1):
        head = first[skip:]
        if head not in firsts or (skip and first[0] not in "وفبلك"):
            continue
        for n in range(min(longest, stop - i), 0, -1):
            span = range(i, i + n)
            if any(j in taken for j in range(i - 1, i + n + 1)):
                continue  # next to a name, the words are part of that name
            words = (head,) + tuple(arabic.normalize(tokens.surface(j)) for j in span[1:])
            kind = names.get(words)
            if kind:
                m = Mention(i, i + n, tokens.starts[i] + skip, tokens.ends[i + n - 1], kind)
                return mentions.trim_proclitics(tokens, m) if not skip else m
    return None
