"""Text for the full-text index and queries against it, in one matching form.

Both sides go through ``arabic.match_key`` word by word, so diacritics, hamza seats,
ة/ه and ى/ي never matter, and a leading و/ف, a preposition or the article is dropped:
"والصين" and "للصين" both index and query as "صين".
"""

from __future__ import annotations

import re
from functools import lru_cache

from khabar import arabic

# a word: letters and digits, with the diacritics and tatweel inside it (not word
# characters to ``re``, so without them "الصِّين" would split in two)
WORD = re.compile(rf"[\w{arabic.DIACRITICS}{arabic.TATWEEL}]+")


@lru_cache(maxsize=1 << 18)  # news vocabulary repeats: most words are hits after a few hundred articles
def _key(word: str) -> str:
    return arabic.match_key(word.lower())


def index_form(text: str) -> str:
    """The words of ``text`` as match keys, space-separated (what FTS5 indexes)."""
    return " ".join(map(_key, WORD.findall(text)))


def search_form(title: str | None, text: str) -> tuple[str, str]:
    return index_form(title or ""), index_form(text)


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
