"""Full-text search of a store, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from khabar.service.paging import encode_cursor
from khabar.store.base import SearchFacets, SearchFilters, SearchHit, SearchOrder, Store


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    filters: SearchFilters
    hits: list[SearchHit]
    offset: int
    limit: int
    order: SearchOrder

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, or None when this one was the last."""
        return self.offset + self.limit if len(self.hits) == self.limit else None

    @property
    def next_cursor(self) -> str | None:
        """The next page's cursor (the API's way of saying ``next_offset``)."""
        after = self.next_offset
        return encode_cursor(after) if after is not None else None


def search(
    store: Store,
    query: str,
    filters: SearchFilters = SearchFilters(),
    *,
    limit: int = 20,
    offset: int = 0,
    order: SearchOrder = "relevance",
) -> SearchPage:
    """Documents matching every word of ``query`` (quoted parts as phrases), best first
    or newest first. Raises ``EmptyQueryError`` for a query with no word in it."""
    if limit < 1 or offset < 0:
        raise ValueError("limit must be at least 1 and offset at least 0")
    hits = store.search(query, filters, limit=limit, offset=offset, order=order)
    return SearchPage(query, filters, hits, offset, limit, order)


def search_facets(store: Store, query: str, filters: SearchFilters = SearchFilters(), limit: int = 10) -> SearchFacets:
    """How many documents match, and their outlets, days, entities and speakers with counts."""
    return store.search_facets(query, filters, limit)
