"""The entities stage: who and what an article names, each entity with all its mentions.

Flow: the CRF tagger (``tagger``) tags every sentence, ``mentions`` turns tags into
repaired spans, ``roles`` reads the title before each person and finds descriptions that
stand in for a name, ``grouping`` joins mentions of one entity. A description resolved to
a person is added to that entity's ``mentions`` (so quote attribution sees it like a
name) and listed again in its ``descriptions``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from khabar import arabic
from khabar.document import Document, Entity, Span
from khabar.entities import grouping, knowledge, mentions, roles
from khabar.entities.mentions import Mention
from khabar.entities.tagger import Tagger, default_tagger

REQUIRES = ("sentences",)
ASSIGNS = ("entities",)


def find_entities(doc: Document, tagger: Tagger | None = None) -> Document:
    """Add ``doc.entities`` (ids e1, e2 ... in order of first mention)."""
    tagger = tagger or default_tagger()
    tokens = doc.tokens
    ranges = [tokens.between(s.start, s.end) for s in doc.sentences]
    ranges = [r for r in ranges if len(r)]
    tag_lists = tagger.tag_many([[tokens.surface(i) for i in r] for r in ranges])
    found: list[Mention] = []
    sentence_of: list[range] = []
    for r, tags in zip(ranges, tag_lists):
        ms = mentions.repair(tokens, mentions.from_tags(tokens, r, tags), r)
        taken = {i for m in ms for i in range(m.first, m.last)}
        ms = sorted(ms + mentions.names_after_titles(tokens, r, taken), key=lambda m: m.start)
        found += ms
        sentence_of += [r] * len(ms)
    found, sentence_of = _split_joined_names(doc, found, sentence_of)
    found, sentence_of = _propagate_names(doc, found, sentence_of, ranges)
    found, sentence_of = _add_nationality_groups(doc, found, sentence_of, ranges)
    taken = {i for m in found for i in range(m.first, m.last)}
    text = doc.text
    surfaces = [text[m.start : m.end] for m in found]
    role_spans = [
        roles.role_before(tokens, m.first, r.start, taken) if m.type == "PERSON" else None
        for m, r in zip(found, sentence_of)
    ]
    groups = grouping.group(surfaces, [m.type for m in found])
    entities = [_entity(f"e{n}", kind, members, found, surfaces, role_spans, text) for n, (kind, members) in enumerate(groups, 1)]
    descriptions = [d for r in ranges for d in roles.find_descriptions(tokens, r, taken)]
    entities = _attach_descriptions(entities, descriptions, found, groups, sentence_of, doc)
    return doc.replace(entities=tuple(entities))


# a name part this frequent in the news (log2 count) is too common a word to propagate
COMMON_LOG_FREQ = 10


def _propagate_names(doc, found, sentence_of, ranges):
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
    extra = []
    for r in ranges:
        for i in r:
            if i in taken or i - 1 in taken or i + 1 in taken or not knowledge.is_arabic_word(tokens.surface(i)):
                continue  # next to a name, a word is part of that name, not another
            norm = arabic.normalize(tokens.surface(i))
            if not (norm in parts or norm[1:] in parts or norm[2:] in parts):
                continue
            m = mentions.trim_proclitics(tokens, Mention(i, i + 1, tokens.starts[i], tokens.ends[i], "PERSON"))
            if arabic.normalize(text[m.start : m.end]) in parts:
                extra.append((m, r))
    if not extra:
        return found, sentence_of
    pairs = sorted(list(zip(found, sentence_of)) + extra, key=lambda p: p[0].start)
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _add_nationality_groups(doc, found, sentence_of, ranges):
    taken = {i for m in found for i in range(m.first, m.last)}
    extra = [(m, r) for r in ranges for m in mentions.nationality_groups(doc.tokens, r, taken)]
    if not extra:
        return found, sentence_of
    pairs = sorted(list(zip(found, sentence_of)) + extra, key=lambda p: p[0].start)
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _split_joined_names(doc, found, sentence_of):
    """Two adjacent names the tagger read as one ("وأبلغ وانغ لافروف"): split when both
    halves are names of two different people found elsewhere in the article and the
    whole is not."""
    tokens, text = doc.tokens, doc.text
    keys = [grouping.words_key(text[m.start : m.end]) for m in found]
    people = [k for k, m in zip(keys, found) if m.type == "PERSON"]

    def named_elsewhere(part, whole):
        """Fuller names elsewhere that contain ``part`` (a bare part proves nothing)."""
        return [k for k in people if k != whole and len(k) > len(part) and grouping.is_part_of(part, k)]

    out, where = [], []
    for m, k, r in zip(found, keys, sentence_of):
        cut = None
        if m.type == "PERSON" and m.last - m.first >= 2 and len(k) == m.last - m.first:
            if not any(grouping.is_part_of(k, other) for other in people if other != k):
                for n in range(1, len(k)):
                    left, right = named_elsewhere(k[:n], k), named_elsewhere(k[n:], k)
                    if left and right and not set(left) & set(right):
                        cut = m.first + n
                        break
        if cut is None:
            out.append(m)
            where.append(r)
        else:
            out += [replace(m, last=cut, end=tokens.ends[cut - 1]), replace(m, first=cut, start=tokens.starts[cut])]
            where += [r, r]
    return out, where


def _entity(eid, kind, members, found, surfaces, role_spans, text) -> Entity:
    def rank(i: int):
        m = found[i]
        return (m.last - m.first, len(surfaces[i]), -i)

    name = surfaces[max(members, key=rank)]
    same_words = grouping.words_key(name)
    aliases, role_texts = [], []
    for i in members:
        # a form that differs only by a clitic ("للصين" of "الصين") is no alias
        if grouping.words_key(surfaces[i]) != same_words and surfaces[i] not in aliases:
            aliases.append(surfaces[i])
        if role_spans[i]:
            role = text[role_spans[i][0] : role_spans[i][1]]
            if role not in role_texts:
                role_texts.append(role)
    spans = tuple(Span(found[i].start, found[i].end) for i in members)
    return Entity(eid, kind, name, tuple(aliases), tuple(role_texts), spans)


def _attach_descriptions(entities, descriptions, found, groups, sentence_of, doc) -> list[Entity]:
    if not descriptions:
        return entities
    owner = {i: e for e, (_, members) in zip(entities, groups) for i in members}
    people = [e for e in entities if e.type == "PERSON"]
    if not people:
        return entities
    profile = {e.id: _profile(e) for e in people}
    paragraph = _paragraph_index(doc)
    extra: dict[str, list[Span]] = {}
    for d in descriptions:
        kinds = d.kinds
        exclude = set()
        if d.counterpart:
            subject = _subject_before(d.start, found, owner, sentence_of, doc)
            if subject is not None:
                exclude.add(subject.id)
                kinds = kinds or profile[subject.id][1]
        chosen = _choose(d, kinds, people, profile, exclude, paragraph)
        if chosen is not None:
            extra.setdefault(chosen.id, []).append(Span(d.start, d.end))
    out = []
    for e in entities:
        more = extra.get(e.id)
        if more:
            e = Entity(
                e.id, e.type, e.name, e.aliases, e.roles,
                tuple(sorted(e.mentions + tuple(more), key=lambda s: s.start)),
                tuple(more),
            )
        out.append(e)
    return out


def _profile(e: Entity) -> tuple[set[str], frozenset[str]]:
    """Nationalities and kinds of role an entity's roles state."""
    nats: set[str] = set()
    kinds: frozenset[str] = frozenset()
    for role in e.roles:
        words = role.split()
        kinds |= roles.role_kinds(words)
        nats |= {n for n in map(roles.nationality, words) if n}
    return nats, kinds


def _choose(d, kinds, people, profile, exclude, paragraph):
    """The one person the description fits: same nationality and kind of role when the
    article states them; else, among people it says nothing against, the one named
    nearest in the same paragraph, else the one named last before it."""
    stated, open_ = [], []
    for e in people:
        if e.id in exclude:
            continue
        nats, ekinds = profile[e.id]
        if nats and d.nationality not in nats:
            continue
        if kinds and ekinds and not (kinds & ekinds):
            continue
        (stated if nats else open_).append(e)
    if len(stated) == 1:
        return stated[0]
    if stated:
        return None
    here = paragraph(d.start)
    near = [
        (abs(m.start - d.start), e)
        for e in open_
        for m in e.mentions
        if paragraph(m.start) == here
    ]
    if near:
        return min(near, key=lambda x: x[0])[1]
    before = [(d.start - m.start, e) for e in open_ for m in e.mentions if m.start < d.start]
    return min(before, key=lambda x: x[0])[1] if before else None


def _subject_before(offset, found, owner, sentence_of, doc):
    """The person named last before ``offset`` in its sentence (whom "نظيره" refers to)."""
    best = None
    for i, m in enumerate(found):
        e = owner.get(i)
        if e is not None and e.type == "PERSON" and m.end <= offset and doc.tokens.at(offset) in sentence_of[i]:
            best = e
    return best


def _paragraph_index(doc: Document):
    starts = [p.start for p in doc.paragraphs] or [0]

    def which(offset: int) -> int:
        return bisect_right(starts, offset)

    return which

