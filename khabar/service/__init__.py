"""The queries that the command line and the web app share, as plain functions.

Each takes a ``Store`` (or analysed documents) and returns typed results; neither the CLI
nor the web app touches SQL or shapes JSON itself. ``serialize`` turns every result into
the documented JSON (docs/output.md), so one query gives the same JSON everywhere.
"""

from khabar.service.documents import AmbiguousIdError, get_document, list_documents
from khabar.service.entities import entity_profile, find_entities
from khabar.service.events import article_events, stored_events
from khabar.service.quotes import article_quotes, said_by, stored_quotes
from khabar.service.search import SearchPage, search
from khabar.service.stories import largest_stories, regroup_stories

__all__ = [
    "AmbiguousIdError",
    "SearchPage",
    "article_events",
    "article_quotes",
    "entity_profile",
    "find_entities",
    "get_document",
    "largest_stories",
    "list_documents",
    "regroup_stories",
    "said_by",
    "search",
    "stored_events",
    "stored_quotes",
]
