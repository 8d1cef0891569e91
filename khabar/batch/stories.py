"""Stories over a whole batch output: ``corpus.stories``' rule, its links found in Ray.

The map (``ShardJob(stories=True)``) embeds each article's title, else its first line
(``corpus.stories.story_text``), with the same sentence encoder as ``khabar stories``,
and keeps the vector in ``documents.embedding`` (float16). Grouping then takes each
distinct document once, in arrival order (as the store lists them), links two articles
published within ``window`` days whose embeddings are very close, or fairly close when
they also name a common entity (type and name in matching form: the batch has no
corpus-level entity linking, so a surname alone does not join a full name as it does in
a store), joins near-copies to their original, and numbers the stories by their first
member. The links of each day (that day against itself and the next ``window`` days) are
one Ray task each with ``--engine ray``; the union-find that joins them runs here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from khabar.batch.duplicates import read_duplicates
from khabar.batch.output import Output
from khabar.corpus.disjoint import DisjointSets
from khabar.corpus.entities import name_key
from khabar.corpus.stories import THRESHOLD, WINDOW_DAYS, WITH_ENTITY

TABLE = "stories"


@dataclass(frozen=True)
class StorySummary:
    documents: int
    embedded: int
    stories: int  # with more than one article


@dataclass(frozen=True)
class Days:
    """Dated items sorted by day: what every day's task reads."""

    items: np.ndarray  # item indices, sorted by day (stable)
    days: np.ndarray  # their day ordinals
    vectors: np.ndarray  # (n, d) float32, L2-normalised, all items
    entities: list[frozenset[int]]


def _day(published: str | None) -> int:
    try:
        return dt.date.fromisoformat(published[:10]).toordinal() if published else -1
    except ValueError:
        return -1


def day_index(published: Sequence[str | None], vectors: np.ndarray, entities: list[frozenset[int]]) -> Days:
    days = np.array([_day(p) for p in published], dtype=np.int64)
    dated = np.flatnonzero(days >= 0)
    dated = dated[np.argsort(days[dated], kind="stable")]
    return Days(dated, days[dated], np.asarray(vectors, dtype=np.float32), entities)


def day_links(index: Days, day: int, window: int, threshold: float, with_entity: float) -> np.ndarray:
    """Pairs ``(a, b)`` linked by one day against itself and the ``window`` days after it."""
    here = index.items[index.days == day]
    near = index.items[(index.days >= day) & (index.days <= day + window)]
    sims = index.vectors[here] @ index.vectors[near].T
    rows, cols = np.nonzero(sims >= with_entity)
    out = [
        (int(here[r]), int(near[c]))
        for r, c in zip(rows.tolist(), cols.tolist())
        if here[r] != near[c]
        and (sims[r, c] >= threshold or index.entities[int(here[r])] & index.entities[int(near[c])])
    ]
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def link_stories(
    published: Sequence[str | None],
    vectors: np.ndarray,
    entities: list[frozenset[int]],
    duplicate_of: Sequence[int | None],
    engine: str = "local",
    window: int = WINDOW_DAYS,
    threshold: float = THRESHOLD,
    with_entity: float = WITH_ENTITY,
) -> list[int]:
    """A story number per item, as ``corpus.stories.group_stories`` numbers them."""
    n = len(published)
    index = day_index(published, vectors, entities)
    days = [int(d) for d in np.unique(index.days)]
    args = (window, threshold, with_entity)
    if engine == "ray" and days:
        links = _ray_links(index, days, *args)
    else:
        links = [day_links(index, d, *args) for d in days]
    groups = DisjointSets(n)
    for i, lead in enumerate(duplicate_of):
        if lead is not None:
            groups.union(i, lead)
    for pairs in links:
        for a, b in pairs.tolist():
            groups.union(a, b)
    roots: dict[int, int] = {}
    return [roots.setdefault(groups.find(i), len(roots)) for i in range(n)]


def _ray_links(index: Days, days: list[int], window: int, threshold: float, with_entity: float) -> list[np.ndarray]:
    from khabar.batch.ray_engine import import_ray

    ray = import_ray()
    shared = ray.put(index)

    def links(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        found = [day_links(ray.get(shared), int(d), window, threshold, with_entity) for d in batch["day"]]
        pairs = np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)
        return {"a": pairs[:, 0], "b": pairs[:, 1]}

    data: Any = ray.data.from_items([{"day": d} for d in days]).map_batches(links, batch_size=8)
    return [np.stack((b["a"], b["b"]), axis=1) for b in data.iter_batches(batch_format="numpy") if len(b["a"])]


def entity_keys(output: Output) -> dict[str, frozenset[int]]:
    """The entities each document names, numbered by (type, matching form of the name)."""
    keys: dict[str, set[int]] = {}
    numbers: dict[tuple[str, str], int] = {}
    for path in output.files("entities"):
        t = pq.read_table(path, columns=["doc", "type", "name"], filesystem=output.fs)
        for doc, kind, name in zip(t["doc"].to_pylist(), t["type"].to_pylist(), t["name"].to_pylist()):
            keys.setdefault(doc, set()).add(numbers.setdefault((kind, name_key(name)), len(numbers)))
    return {doc: frozenset(k) for doc, k in keys.items()}


def find_stories(output: Output, engine: str = "local") -> StorySummary:
    """Recompute the ``stories`` table over every embedded document of ``output``."""
    rank = {sid: k for k, sid in enumerate(output.order())}
    first: dict[str, tuple[tuple[int, int], str | None, bytes | None]] = {}
    for path in output.files("documents"):
        t = pq.read_table(path, columns=["id", "published", "shard", "record", "embedding"], filesystem=output.fs)
        for doc, pub, shard, record, vec in zip(*(t[c].to_pylist() for c in t.column_names)):
            arrival = (rank.get(shard, len(rank)), record)
            if doc not in first or arrival < first[doc][0]:
                first[doc] = (arrival, pub, vec)
    ordered = sorted((v[0], doc) for doc, v in first.items() if v[2] is not None)
    ids = [doc for _, doc in ordered]
    if not ids:
        _write(output, [], [])
        return StorySummary(len(first), 0, 0)
    position = {doc: i for i, doc in enumerate(ids)}
    vectors = np.stack([np.frombuffer(first[d][2] or b"", dtype="<f2").astype(np.float32) for d in ids])
    marks = read_duplicates(output)
    leaders = [position.get(marks[d]) if d in marks else None for d in ids]
    keys = entity_keys(output)
    numbers = link_stories(
        [first[d][1] for d in ids], vectors, [keys.get(d, frozenset()) for d in ids], leaders, engine
    )
    _write(output, ids, numbers)
    return StorySummary(len(first), len(ids), int((np.bincount(numbers) > 1).sum()))


def _write(output: Output, ids: list[str], numbers: list[int]) -> None:
    table = pa.table({"id": pa.array(ids, pa.string()), "story": pa.array(numbers, pa.int64())})
    target = output.path(TABLE, "part-0.parquet")
    output.fs.create_dir(output.path(TABLE), recursive=True)
    pq.write_table(table, target + ".partial", filesystem=output.fs)
    output.fs.move(target + ".partial", target)


def read_stories(output: Output) -> dict[str, int]:
    """document id -> story number, as the last run wrote them."""
    try:
        t = pq.read_table(output.path(TABLE, "part-0.parquet"), filesystem=output.fs)
    except (FileNotFoundError, OSError):
        return {}
    return dict(zip(t["id"].to_pylist(), t["story"].to_pylist()))
