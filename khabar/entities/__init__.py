"""The entities stage: who and what an article names, each entity with all its mentions.

Flow: the CRF tagger (``tagger``) tags every sentence, ``mentions`` turns tags into
repaired spans, ``titles`` takes quoted titles of works whole, ``clubs`` retypes the
places and "persons" that name a sports club, ``article`` adds what only the whole
article tells (name parts found again, names run together, nationality groups) and
``consistency`` finds whole names again where the tagger missed them, ``roles`` reads
the title before each person and finds descriptions that stand in for a name,
``grouping`` joins mentions of one entity, ``descriptions`` resolves descriptions to
people. A resolved description is added to that entity's ``mentions`` (so quote
attribution sees it like a name) and listed again in its ``descriptions``. ``latin``
spells each name in Latin script (``Entity.latin``).
"""

from __future__ import annotations

from khabar.document import Document, Entity, Span
from khabar.entities import article, clubs, consistency, descriptions, grouping, latin, mentions, roles, titles
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
    words = tokens.words()
    tag_lists = tagger.tag_many([words[r.start : r.stop] for r in ranges])
    found: list[Mention] = []
    sentence_of: list[range] = []
    for r, tags in zip(ranges, tag_lists):
        ms = mentions.repair(tokens, mentions.from_tags(tokens, r, tags), r)
        ms = clubs.clubs(tokens, r, titles.quoted_titles(tokens, r, ms))
        taken = {i for m in ms for i in range(m.first, m.last)}
        ms = sorted(ms + mentions.names_after_titles(tokens, r, taken), key=lambda m: m.start)
        found += ms
        sentence_of += [r] * len(ms)
    found, sentence_of = article.split_joined_names(doc, found, sentence_of)
    found, sentence_of = article.propagate_names(doc, found, sentence_of, ranges)
    found, sentence_of = consistency.repeat_names(doc, found, sentence_of, ranges)
    found, sentence_of = article.add_nationality_groups(doc, found, sentence_of, ranges)
    taken = {i for m in found for i in range(m.first, m.last)}
    text = doc.text
    surfaces = [text[m.start : m.end] for m in found]
    role_spans = [
        roles.role_before(tokens, m.first, r.start, taken) if m.type == "PERSON" else None
        for m, r in zip(found, sentence_of)
    ]
    groups = grouping.group(surfaces, [m.type for m in found])
    entities = [
        _entity(f"e{n}", kind, members, found, surfaces, role_spans, text)
        for n, (kind, members) in enumerate(groups, 1)
    ]
    standing_in = [d for r in ranges for d in roles.find_descriptions(tokens, r, taken)]
    entities = descriptions.attach_descriptions(entities, standing_in, found, groups, sentence_of, doc)
    return doc.replace(entities=tuple(latin.add_latin(entities)))


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
