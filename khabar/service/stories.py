"""Stories: several outlets' write-ups of one event, grouped across the store."""

from __future__ import annotations

from collections.abc import Callable

from khabar.corpus.stories import THRESHOLD, WINDOW_DAYS, WITH_ENTITY, update_stories
from khabar.store.base import Store, StorySummary


def regroup_stories(
    store: Store,
    *,
    window: int = WINDOW_DAYS,
    threshold: float = THRESHOLD,
    with_entity: float = WITH_ENTITY,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed what is new and regroup the whole store; returns how many stories have more
    than one article. Raises ``EncoderMissingError`` without the stories extra."""
    return update_stories(store, progress=progress, window=window, threshold=threshold, with_entity=with_entity)


def largest_stories(store: Store, top: int = 10, min_size: int = 2) -> list[StorySummary]:
    """The ``top`` largest stories as last grouped, largest first."""
    return store.stories(limit=top, min_size=min_size)
