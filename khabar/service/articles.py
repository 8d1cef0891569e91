"""One stored article with what the corpus knows around it: who ran it, its
near-copies, its story, and the corpus entity behind each of its entities."""

from __future__ import annotations

from dataclasses import dataclass

from khabar.document import Document
from khabar.service.documents import get_document
from khabar.store.base import DocumentInfo, Store, StorySummary


@dataclass(frozen=True, slots=True)
class ArticleView:
    document: Document
    info: DocumentInfo
    outlets: list[str]  # every outlet that ran this very text
    duplicates: list[DocumentInfo]  # its near-copies (and their original)
    story: StorySummary | None
    entity_links: dict[str, int]  # the article's entity ids -> corpus entity ids


def article_view(store: Store, ref: str) -> ArticleView:
    """The article ``ref`` names (an id or a unique prefix of one), with its context."""
    doc = get_document(store, ref)
    info = store.info(doc.id) or DocumentInfo(doc.id, doc.title, doc.published, doc.source, doc.url)
    return ArticleView(
        doc,
        info,
        store.document_outlets([doc.id]).get(doc.id, []),
        store.near_duplicates(doc.id),
        store.story(info.story) if info.story is not None else None,
        store.entity_links(doc.id),
    )
