"""Stories: several outlets' write-ups of one event, grouped across the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from khabar.corpus.stories import THRESHOLD, WINDOW_DAYS, WITH_ENTITY, update_stories
from khabar.service.paging import Listing
from khabar.store.base import DocumentInfo, NotFoundError, Store, StoryOrder, StorySummary


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


@dataclass(frozen=True, slots=True)
class StoryView:
    summary: StorySummary
    documents: list[DocumentInfo]  # earliest first: the story's timeline
    outlets: dict[str, list[str]]  # document id -> every outlet that ran it


def story_view(store: Store, story_id: int) -> StoryView:
    summary = store.story(story_id)
    if summary is None:
        raise NotFoundError(f"no story #{story_id} in {store.location}")
    documents = store.story_documents(story_id)
    return StoryView(summary, documents, store.document_outlets([d.id for d in documents]))


def list_stories(
    store: Store, limit: int = 20, offset: int = 0, order: StoryOrder = "size", min_size: int = 2
) -> Listing[StorySummary]:
    """A page of stories, largest or most recent first."""
    return Listing.cut(store.stories(limit + 1, min_size, offset, order), offset, limit)
