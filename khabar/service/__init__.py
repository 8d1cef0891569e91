"""The queries that the command line and the web app share, as plain functions.

Each takes a ``Store`` (or analysed documents) and returns typed results; neither the CLI
nor the web app touches SQL or shapes JSON itself. ``serialize`` turns every result into
the documented JSON (docs/output.md), so one query gives the same JSON everywhere.
"""

from khabar.service.articles import ArticleView, article_view
from khabar.service.documents import AmbiguousIdError, document_page, get_document, list_documents
from khabar.service.entities import EntityView, entity_profile, entity_view, find_entities, top_entities, top_speakers
from khabar.service.events import EntityEvent, article_events, entity_events, stored_events
from khabar.service.ingest import StoredBatch, store_analysed
from khabar.service.overview import Overview, overview
from khabar.service.paging import BadCursorError, Listing, decode_cursor, encode_cursor
from khabar.service.quotes import Statement, article_quotes, said_by, statements, stored_quotes
from khabar.service.search import SearchPage, search, search_facets
from khabar.service.stories import StoryView, largest_stories, list_stories, regroup_stories, story_view

__all__ = [
    "AmbiguousIdError",
    "ArticleView",
    "BadCursorError",
    "EntityEvent",
    "EntityView",
    "Listing",
    "Overview",
    "SearchPage",
    "Statement",
    "StoredBatch",
    "StoryView",
    "article_events",
    "article_quotes",
    "article_view",
    "decode_cursor",
    "document_page",
    "encode_cursor",
    "entity_events",
    "entity_profile",
    "entity_view",
    "find_entities",
    "get_document",
    "largest_stories",
    "list_documents",
    "list_stories",
    "overview",
    "regroup_stories",
    "said_by",
    "search",
    "search_facets",
    "statements",
    "stored_events",
    "stored_quotes",
    "store_analysed",
    "story_view",
    "top_entities",
    "top_speakers",
]
