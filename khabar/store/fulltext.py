"""Text for the full-text index and queries against it, in one matching form.

Both sides go through ``arabic.match_key`` word by word, so diacritics, hamza seats,
ة/ه and ى/ي never matter, and a leading و/ف (unless it is the word's own: وزير), a
preposition or the article is dropped: "والصين" and "للصين" both index and query as
"صين". A document is indexed in three columns: its title, its text, and the Latin names
of its entities (``Entity.latin``), so that "Lavrov" finds سيرغي لافروف.
"""

from __future__ import annotations

import re
from functools import lru_cache

from khabar import arabic
from khabar.document import Document

# a word: letters and digits, with the diacritics and tatweel inside it (not word
# characters to ``re``, so without them "الصِّين" would split in two)
WORD = re.compile(rf"[\w{arabic.DIACRITICS}{arabic.TATWEEL}]+")


@lru_cache(maxsize=1 << 18)  # news vocabulary repeats: most words are hits after a few hundred articles
def _key(word: str) -> str:
    return arabic.match_key(word.lower())


def index_form(text: str) -> str:
    """The words of ``text`` as match keys, space-separated (what FTS5 indexes)."""
    return " ".join(map(_key, WORD.findall(text)))


def search_form(title: str | None, text: str, names: str = "") -> tuple[str, str, str]:
    """(title, body, names) as indexed."""
    return index_form(title or ""), index_form(text), index_form(names)


def latin_text(doc: Document) -> str:
    """The Latin names of a document's entities, one after another: its ``names`` column."""
    return " ".join(e.latin for e in doc.entities if e.latin)


def document_search_form(doc: Document) -> tuple[str, str, str]:
    return search_form(doc.title, doc.text, latin_text(doc))


SNIPPET = 90  # characters of context either side of the first match


class EmptyQueryError(ValueError):
    pass


def query_phrases(query: str) -> list[str]:
    """The phrases of ``query``, each as space-separated match keys: every word alone, a
    quoted part as one phrase. Raises ``EmptyQueryError`` when there is none."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        keys = index_form(phrase or word).split()
        if keys:
            parts.append(" ".join(keys))
    if not parts:
        raise EmptyQueryError(f"the query {query!r} has no word to search for")
    return parts


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression: every word of ``query`` must occur (as its match key);
    a quoted part of the query must occur as a phrase. Operators are not passed through,
    so no user input can break the MATCH syntax."""
    return " AND ".join('"' + phrase + '"' for phrase in query_phrases(query))


def match_keys(match: str) -> set[str]:
    """The words of an ``fts_query`` expression, for finding where a text matched."""
    return set(match.replace('"', " ").replace(" AND ", " ").split())


# --- FTS5's own tokens, for a backend that indexes them itself -------------------------

# FTS5's unicode61 tokenizer keeps letters and digits of Unicode 6.1, as Python's
# str.isalnum does, except these, which later Unicode versions made letters (New Tai Lue
# vowel signs, Vedic ardhavisarga): unicode61 splits words there.
_FTS5_SEPARATORS = frozenset(map(chr, [*range(0x19B0, 0x19C1), 0x19C8, 0x19C9, 0x1CF2, 0x1CF3]))
# ... and folds these lowercase letters further than str.lower (µ -> μ, ſ -> s, ς -> σ ...)
_FTS5_FOLD = str.maketrans(
    {
        "\u00b5": "\u03bc",
        "\u017f": "s",
        "\u03c2": "\u03c3",
        "\u03d0": "\u03b2",
        "\u03d1": "\u03b8",
        "\u03d5": "\u03c6",
        "\u03d6": "\u03c0",
        "\u03f0": "\u03ba",
        "\u03f1": "\u03c1",
        "\u03f5": "\u03b5",
        "\u1e9b": "\u1e61",
        "\u1fbe": "\u03b9",
    }
)
_FTS5_TOKEN = re.compile(r"[^\W_]+")


def fts5_tokens(form: str) -> list[str]:
    """The tokens SQLite's ``unicode61 remove_diacritics 0`` tokenizer makes of an index
    form (``index_form`` output): what FTS5 counts, positions and matches. A second
    backend indexes these, so that its matches and BM25 figures are SQLite's."""
    tokens = _FTS5_TOKEN.findall(form.translate(_FTS5_FOLD))
    if not _FTS5_SEPARATORS.isdisjoint(form):
        tokens = [t for token in tokens for t in re.split(f"[{''.join(_FTS5_SEPARATORS)}]+", token) if t]
    return tokens


def snippet(text: str, keys: set[str]) -> str:
    """About two lines of ``text`` around the first word that matched the query."""
    at = 0
    for m in WORD.finditer(text):
        if _key(m.group()) in keys:
            at = m.start()
            break
    start, end = max(0, at - SNIPPET), min(len(text), at + SNIPPET)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")
