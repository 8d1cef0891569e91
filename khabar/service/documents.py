"""Documents by id: whole, as analysed, or listed in the order they were stored."""

from __future__ import annotations

from khabar.document import Document
from khabar.service.paging import Listing
from khabar.store.base import DocumentInfo, NotFoundError, Store, StoreError

MIN_PREFIX = 6  # characters of an id that listings print at least (they show 12)


class AmbiguousIdError(StoreError):
    """A shortened id that several documents start with."""


def resolve_id(store: Store, ref: str) -> str:
    """The full id of the document ``ref`` names: its id or a prefix of it that only one has."""
    ref = ref.strip().lower()
    if len(ref) < MIN_PREFIX:
        raise NotFoundError(f"{ref!r} is too short for a document id: give at least {MIN_PREFIX} characters")
    found = store.find_ids(ref, limit=5)
    if not found:
        raise NotFoundError(f"no document {ref} in {store.location}")
    if len(found) > 1 and ref not in found:
        raise AmbiguousIdError(f"{ref} starts the ids of several documents ({', '.join(f[:16] for f in found)} …)")
    return ref if ref in found else found[0]


def get_document(store: Store, ref: str) -> Document:
    """The stored document ``ref`` names, equal to the one that was analysed."""
    doc_id = resolve_id(store, ref)
    doc = store.get(doc_id)
    if doc is None:  # removed between the two reads
        raise NotFoundError(f"no document {ref} in {store.location}")
    return doc


def list_documents(store: Store, after: str | None = None, limit: int = 100) -> list[DocumentInfo]:
    """``limit`` documents in the order they were stored, after the document ``after`` (a cursor)."""
    return store.documents(after=resolve_id(store, after) if after else None, limit=limit)


def document_page(store: Store, cursor: str | None = None, limit: int = 100) -> Listing[DocumentInfo]:
    """A page of documents in the order they were stored; the cursor is the last id of
    the previous page (stable while documents are added)."""
    found = list_documents(store, after=cursor, limit=limit + 1)
    more = len(found) > limit
    return Listing(found[:limit], found[limit - 1].id if more else None)
