"""Resolving descriptions ("نظيره الصيني", "الزعيم الروسي") to the person they stand
for, when the article leaves one candidate; see ``roles.find_descriptions``."""

from __future__ import annotations

from bisect import bisect_right

from khabar.document import Document, Entity, Span
from khabar.entities import roles


def attach_descriptions(entities, descriptions, found, groups, sentence_of, doc) -> list[Entity]:
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
                e.id,
                e.type,
                e.name,
                e.aliases,
                e.roles,
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
    stated: list[Entity] = []
    open_: list[Entity] = []
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
    near = [(abs(m.start - d.start), e) for e in open_ for m in e.mentions if paragraph(m.start) == here]
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
