"""Who said what: quotes from analysed articles or from a store, in one shape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from khabar.arabic import normalize
from khabar.document import Document, Quote
from khabar.service.paging import Listing
from khabar.store.base import DocumentInfo, QuoteFilters, QuoteRecord, Store
from khabar.store.fulltext import index_form


def stored_quotes(
    store: Store, filters: QuoteFilters = QuoteFilters(), limit: int = 100, offset: int = 0
) -> list[QuoteRecord]:
    """Quotes across the store, newest first, filtered by speaker, entity, words and dates."""
    return store.quotes(filters, limit, offset)


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


SCAN = 2000  # quotes read at most to group one speaker's statements: years of a busy speaker


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement as several articles carried it: the same words by the same speaker.

    ``records`` are its quotes, newest first; ``outlets`` every outlet that ran one of them."""

    records: list[QuoteRecord]
    outlets: list[str]

    @property
    def first(self) -> QuoteRecord:
        """The earliest article's quote (the original, as far as the store knows)."""
        dated = [r for r in self.records if r.document.published]
        return min(dated, key=lambda r: r.document.published or "") if dated else self.records[-1]


def statements(
    store: Store, filters: QuoteFilters = QuoteFilters(), limit: int = 20, offset: int = 0
) -> Listing[Statement]:
    """Quotes grouped into statements, newest first: a statement carried by several
    outlets (a wire story, a copy) is shown once, with its outlets."""
    groups: dict[tuple[str, str], list[QuoteRecord]] = {}
    for record in store.quotes(filters, limit=SCAN):
        groups.setdefault(_statement_key(record), []).append(record)
    keys = list(groups)[offset : offset + limit + 1]
    docs = [r.document.id for k in keys for r in groups[k]]
    outlets = store.document_outlets(docs)
    found = [Statement(groups[k], sorted({o for r in groups[k] for o in outlets.get(r.document.id, ())})) for k in keys]
    return Listing.cut(found, offset, limit)


def _statement_key(record: QuoteRecord) -> tuple[str, str]:
    """Who said it (the corpus entity, else the name as matched) and its words as matched."""
    q = record.quote
    speaker = q.get("speaker") or {}
    who = ",".join(map(str, record.speaker_entities)) or normalize(speaker.get("name") or "")
    return who, index_form(q.get("text") or "")
