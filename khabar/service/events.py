"""Who did what to whom: events from analysed articles or from a store, in one shape."""

from __future__ import annotations

from khabar.document import Document
from khabar.events.model import Event, Participant
from khabar.service.quotes import names_match
from khabar.store.base import DocumentInfo, EventFilters, EventRecord, Store


def stored_events(store: Store, filters: EventFilters = EventFilters(), limit: int = 100) -> list[EventRecord]:
    """Events across the store, newest first, by actor, target, type and dates."""
    return store.events(filters, limit)


def article_events(
    doc: Document, origin: str | None = None, filters: EventFilters = EventFilters()
) -> list[EventRecord]:
    """The events of one analysed article, by actor, target and type when given (dates
    filter a store)."""
    info = DocumentInfo(doc.id, doc.title, doc.published, doc.source, doc.url)
    return [
        EventRecord(info, e.to_dict(doc.text), origin=origin)
        for e in doc.layer("events")
        if isinstance(e, Event) and _kept(e, doc, filters)
    ]


def _kept(e: Event, doc: Document, f: EventFilters) -> bool:
    if f.type and e.type != f.type.upper():
        return False
    if f.actor and not _named(e.actors or ((e.actor,) if e.actor else ()), doc, f.actor):
        return False
    if f.target and not _named(e.targets or ((e.target,) if e.target else ()), doc, f.target):
        return False
    return True


def _named(people: tuple[Participant, ...], doc: Document, name: str) -> bool:
    entities = {x.id: x for x in doc.entities}
    for p in people:
        entity = entities.get(p.entity) if p.entity else None
        if names_match([p.name, *(entity.aliases if entity else ())], name):
            return True
    return False
