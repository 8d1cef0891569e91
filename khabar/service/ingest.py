"""Storing articles that were analysed elsewhere (a web request's worker), one batch at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from khabar.sources.base import Failure
from khabar.store.base import Incoming, Store


@dataclass(frozen=True, slots=True)
class StoredBatch:
    """What became of each article of a batch, in order: its document id, or why it failed."""

    stored: int  # new documents
    duplicates: int  # the same text as a stored document
    already: int  # this very input was stored before
    ids: list[str | None]
    failures: list[tuple[int, str]]  # (position in the batch, message)


def store_analysed(store: Store, items: Sequence[Incoming | Failure]) -> StoredBatch:
    """Write the analysed items in one transaction (all or nothing); failures are reported, not stored."""
    fresh = [item for item in items if isinstance(item, Incoming)]
    counts = store.write(fresh) if fresh else None
    return StoredBatch(
        counts.stored if counts else 0,
        counts.duplicates if counts else 0,
        counts.already if counts else 0,
        [item.document.id if isinstance(item, Incoming) else None for item in items],
        [(k, item.message) for k, item in enumerate(items) if isinstance(item, Failure)],
    )
