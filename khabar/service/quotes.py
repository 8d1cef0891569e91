"""Who said what: quotes from analysed articles or from a store, in one shape."""

from __future__ import annotations

from collections.abc import Iterable

from khabar.arabic import normalize
from khabar.document import Document, Quote
from khabar.store.base import DocumentInfo, QuoteFilters, QuoteRecord, Store


def stored_quotes(store: Store, filters: QuoteFilters = QuoteFilters(), limit: int = 100) -> list[QuoteRecord]:
    """Quotes across the store, newest first, filtered by speaker, entity and dates."""
    return store.quotes(filters, limit)


def article_quotes(doc: Document, origin: str | None = None, speaker: str | None = None) -> list[QuoteRecord]:
    """The quotes of one analysed article (by ``speaker`` only, when given)."""
    info = DocumentInfo(doc.id, doc.title, doc.published, doc.source, doc.url)
    return [
        QuoteRecord(info, q.to_dict(doc.text), origin=origin)
        for q in doc.quotes
        if speaker is None or said_by(q, doc, speaker)
    ]


def said_by(quote: Quote, doc: Document, name: str) -> bool:
    """Whether ``name`` is one of the quote's speakers: its name, an alias, or words of one."""
    entities = {e.id: e for e in doc.entities}
    agents = quote.speakers or ((quote.speaker,) if quote.speaker else ())
    for agent in agents:
        entity = entities.get(agent.entity) if agent.entity else None
        if names_match([agent.name, *(entity.aliases if entity else ())], name):
            return True
    return False


def names_match(names: Iterable[str], name: str) -> bool:
    """Whether every word of ``name`` is a word of one of ``names`` (a surname finds the full name)."""
    wanted = normalize(name).split()
    for n in names:
        words = normalize(n).split()
        if words and all(w in words for w in wanted):
            return True
    return False
