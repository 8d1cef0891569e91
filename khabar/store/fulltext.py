"""Text for the full-text index and queries against it, in one matching form.

Both sides go through ``arabic.match_key`` word by word, so diacritics, hamza seats,
ة/ه and ى/ي never matter, and a leading و/ف, a preposition or the article is dropped:
"والصين" and "للصين" both index and query as "صين".
"""

from __future__ import annotations

import re

from khabar import arabic

_WORD = re.compile(r"\w+")


def index_form(text: str) -> str:
    """The words of ``text`` as match keys, space-separated (what FTS5 indexes)."""
    keys: dict[str, str] = {}
    out = []
    for word in _WORD.findall(text):
        key = keys.get(word)
        if key is None:
            key = keys[word] = arabic.match_key(word.lower())
        out.append(key)
    return " ".join(out)


class EmptyQueryError(ValueError):
    pass


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression: every word of ``query`` must occur (as its match key);
    a quoted part of the query must occur as a phrase. Operators are not passed through,
    so no user input can break the MATCH syntax."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        keys = index_form(phrase or word).split()
        if keys:
            parts.append('"' + " ".join(keys) + '"')
    if not parts:
        raise EmptyQueryError(f"the query {query!r} has no word to search for")
    return " AND ".join(parts)
