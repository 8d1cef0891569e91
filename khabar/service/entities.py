"""What the corpus knows about an entity: aliases, roles, articles, quotes, company."""

from __future__ import annotations

from dataclasses import dataclass

from khabar.store.base import (
    EntityCount,
    EntityProfile,
    NotFoundError,
    QuoteFilters,
    QuoteRecord,
    RoleSeen,
    Store,
)


def find_entities(store: Store, name: str) -> list[EntityProfile]:
    """Every corpus entity called ``name`` or with it as an alias; a single word also
    finds each person whose name ends with it (two people who share a surname stay two)."""
    profiles = [store.entity(eid) for eid in store.entity_ids(name)]
    return [p for p in profiles if p is not None]


def entity_profile(store: Store, entity_id: int) -> EntityProfile:
    profile = store.entity(entity_id)
    if profile is None:
        raise NotFoundError(f"no entity #{entity_id} in {store.location}")
    return profile


@dataclass(frozen=True, slots=True)
class EntityView:
    """An entity's page: its profile, when and where it appears, its own words, who speaks of it."""

    profile: EntityProfile
    timeline: list[tuple[str, int]]  # (day, articles)
    roles: list[RoleSeen]
    outlets: list[tuple[str, int]]
    quoted_by: list[EntityCount]
    quotes: list[QuoteRecord]  # what it said, newest first


def entity_view(store: Store, entity_id: int, quotes: int = 20) -> EntityView:
    profile = entity_profile(store, entity_id)
    return EntityView(
        profile,
        store.entity_timeline(entity_id),
        store.entity_roles(entity_id),
        store.entity_outlets(entity_id),
        store.entity_quoted_by(entity_id),
        store.quotes(QuoteFilters(speaker_entity=entity_id), limit=quotes),
    )


def top_entities(
    store: Store, date_from: str | None = None, date_to: str | None = None, limit: int = 10, type: str | None = None
) -> list[EntityCount]:
    """The entities mentioned in most articles of the period."""
    return store.top_entities(date_from, date_to, limit, type)


def top_speakers(
    store: Store, date_from: str | None = None, date_to: str | None = None, limit: int = 10
) -> list[EntityCount]:
    """The entities quoted most often in the period."""
    return store.top_speakers(date_from, date_to, limit)
