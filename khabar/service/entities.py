"""What the corpus knows about an entity: aliases, roles, articles, quotes, company."""

from __future__ import annotations

from khabar.store.base import EntityProfile, NotFoundError, Store


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
