"""Who did what to whom: events from analysed articles or from a store, in one shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from khabar.document import Document
from khabar.events.model import Event, Participant
from khabar.service.quotes import names_match
from khabar.store.base import DocumentInfo, EntityProfile, EventFilters, EventRecord, Store

# An entity's page reads this many events of its name per side before keeping its own:
# the store finds events by name, and namesakes share a name.
_NAME_WINDOW = 5


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


@dataclass(frozen=True, slots=True)
class EntityEvent:
    """An event seen from one of its participants: whether that entity acted or was acted
    on, and who stood on the other side (the targets when it acted, the actors when it
    was acted on)."""

    record: EventRecord
    role: str  # "actor" | "target"
    counterparts: tuple[str, ...]

    @property
    def event(self) -> dict[str, Any]:
        return self.record.event


def entity_events(store: Store, profile: EntityProfile, limit: int = 20) -> tuple[list[EntityEvent], list[EntityEvent]]:
    """What a corpus entity did and what was done to it, each newest first: the events
    whose actor, or whose target, is that entity (not a namesake, not a name never
    resolved to it)."""
    return _side(store, profile, "actor", limit), _side(store, profile, "target", limit)


def _side(store: Store, profile: EntityProfile, role: str, limit: int) -> list[EntityEvent]:
    filters = EventFilters(actor=profile.name) if role == "actor" else EventFilters(target=profile.name)
    other = "targets" if role == "actor" else "actors"
    out = []
    for r in store.events(filters, limit * _NAME_WINDOW):
        ids = r.actor_entities if role == "actor" else r.target_entities
        if profile.id in ids:
            e = r.event
            names = tuple(p["name"] for p in e.get(other) or ()) or tuple(p["name"] for p in (e.get(other[:-1]),) if p)
            out.append(EntityEvent(r, role, names))
        if len(out) == limit:
            break
    return out
