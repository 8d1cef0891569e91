"""Article-level passes over the tagged mentions: what one sentence cannot tell.

One sense per article: a part of a person's full name found untagged elsewhere is that
person; two names the tagger ran together are split when the article names both apart;
plural nationality nouns (NORP), which the ANERcorp tagger has no type for.
"""

from __future__ import annotations

from dataclasses import replace

from khabar import arabic
from khabar.entities import grouping, knowledge, mentions
from khabar.entities.mentions import Mention

# a name part this frequent in the news (log2 count) is too common a word to propagate
# a name part this frequent in the news (log2 count) is too common a word to propagate
COMMON_LOG_FREQ = 10


def propagate_names(doc, found, sentence_of, ranges):
    """One sense per article: the first or last word of a person's full name, where the
    tagger missed it elsewhere in the article ("لم يذكر وانغ"), is that person too."""
    tokens, text = doc.tokens, doc.text
    table = knowledge.clusters()
    parts: set[str] = set()
    for m in found:
        if m.type == "PERSON" and m.last - m.first >= 2:
            for i in (m.first, m.last - 1):
                word = text[max(m.start, tokens.starts[i]) : tokens.ends[i]]
                norm = arabic.normalize(word)
                known = table.get(norm)
                if (
                    len(norm) >= 3
                    and not arabic.clitics(word).has_article  # الثاني، الشاعر: common words too
                    and not knowledge.word_kinds(word)
                    and (known is None or known.log_freq <= COMMON_LOG_FREQ)
                ):
                    parts.add(norm)
    if not parts:
        return found, sentence_of
    taken = {i for m in found for i in range(m.first, m.last)}
    words = tokens.words()
    tails = {p[-3:] for p in parts}  # parts have three letters or more
    normalized = knowledge.normalized
    extra = []
    for r in ranges:
        # a cheap first test over the sentence: the word ends like a name part
        for i in [i for i in r if normalized(words[i])[-3:] in tails]:
            norm = normalized(words[i])
            if not (norm in parts or norm[1:] in parts or norm[2:] in parts):
                continue
            if i in taken or i - 1 in taken or i + 1 in taken or not knowledge.is_arabic_word(words[i]):
                continue  # next to a name, a word is part of that name, not another
            m = mentions.trim_proclitics(tokens, Mention(i, i + 1, tokens.starts[i], tokens.ends[i], "PERSON"))
            if arabic.normalize(text[m.start : m.end]) in parts:
                extra.append((m, r))
    if not extra:
        return found, sentence_of
    pairs = sorted(list(zip(found, sentence_of)) + extra, key=lambda p: p[0].start)
    return [p[0] for p in pairs], [p[1] for p in pairs]


def add_nationality_groups(doc, found, sentence_of, ranges):
    taken = {i for m in found for i in range(m.first, m.last)}
    extra = [(m, r) for r in ranges for m in mentions.nationality_groups(doc.tokens, r, taken)]
    if not extra:
        return found, sentence_of
    pairs = sorted(list(zip(found, sentence_of)) + extra, key=lambda p: p[0].start)
    return [p[0] for p in pairs], [p[1] for p in pairs]


def split_joined_names(doc, found, sentence_of):
    """Two adjacent names the tagger read as one ("وأبلغ وانغ لافروف"): split when both
    halves are names of two different people found elsewhere in the article and the
    whole is not."""
    tokens, text = doc.tokens, doc.text
    keys = [grouping.words_key(text[m.start : m.end]) for m in found]
    people = list(dict.fromkeys(k for k, m in zip(keys, found) if m.type == "PERSON"))  # each name once

    def named_elsewhere(part, whole):
        """Fuller names elsewhere that contain ``part`` (a bare part proves nothing)."""
        return [k for k in people if k != whole and len(k) > len(part) and grouping.is_part_of(part, k)]

    def cut_of(k):
        """Where name ``k`` splits into two people's names, or None."""
        if any(grouping.is_part_of(k, other) for other in people if other != k):
            return None
        for n in range(1, len(k)):
            left = named_elsewhere(k[:n], k)
            if left:
                right = named_elsewhere(k[n:], k)
                if right and not set(left) & set(right):
                    return n
        return None

    cuts: dict[tuple[str, ...], int | None] = {}  # a name repeated is judged once
    out, where = [], []
    for m, k, r in zip(found, keys, sentence_of):
        cut = None
        if m.type == "PERSON" and m.last - m.first >= 2 and len(k) == m.last - m.first:
            if k not in cuts:
                cuts[k] = cut_of(k)
            if cuts[k] is not None:
                cut = m.first + cuts[k]
        if cut is None:
            out.append(m)
            where.append(r)
        else:
            out += [replace(m, last=cut, end=tokens.ends[cut - 1]), replace(m, first=cut, start=tokens.starts[cut])]
            where += [r, r]
    return out, where
