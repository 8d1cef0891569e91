"""The PostgreSQL store's full-text search: its index rows and its one query.

The rows hold FTS5's own tokens (``fulltext.fts5_tokens``) as a tsvector, so the GIN
index matches what FTS5 matches; the query ranks with FTS5's BM25 formula, operation for
operation, so scores are SQLite's to the bit and ties fall the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from khabar import arabic
from khabar.corpus.entities import latin_key, name_key
from khabar.store.base import SearchFilters, SearchOrder
from khabar.store.fulltext import fts5_tokens, query_phrases

# BM25 as FTS5 computes it (fts5_aux.c); title counts double, as SQLiteStore asks
K1 = 1.2
B = 0.75
TITLE_WEIGHT, BODY_WEIGHT, NAMES_WEIGHT = 2, 1, 1

# tsvector limits (PostgreSQL's): positions run 1..16383, 256 per lexeme, lexemes < 2 KiB
MAX_POSITION = 16383
MAX_POSITIONS = 256
MAX_LEXEME_BYTES = 2046

# A name nobody wrote exactly finds the names at least this similar (pg_trgm trigrams):
# "سيرجي لافروف" for "سيرغي لافروف", never "بوتين" for "أوباما"
NAME_SIMILARITY = 0.5


def lexeme(token: str) -> str:
    """``token`` as a tsvector lexeme: itself, or a digest of it when too long for one."""
    if len(token.encode("utf-8")) <= MAX_LEXEME_BYTES:
        return token
    return token[:200] + "#" + hashlib.sha1(token.encode("utf-8")).hexdigest()


def quote_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class SearchRow:
    """A document's row in the ``search`` table."""

    words: str  # tsvector literal
    freq: str  # JSON: weighted frequency of each lexeme whose frequency is not 1
    title_tokens: int
    tokens: int

    @classmethod
    def of(cls, title_form: str, body_form: str, names_form: str = "") -> SearchRow:
        title = [lexeme(t) for t in fts5_tokens(title_form)]
        body = [lexeme(t) for t in fts5_tokens(body_form)]
        names = [lexeme(t) for t in fts5_tokens(names_form)]
        positions: dict[str, list[int]] = {}
        freq: Counter[str] = Counter()
        for i, word in enumerate(title, 1):
            positions.setdefault(word, []).append(i)
            freq[word] += TITLE_WEIGHT
        first = len(title) + 2  # a gap: no phrase runs from the title into the body
        for i, word in enumerate(body, first):
            positions.setdefault(word, []).append(i)
            freq[word] += BODY_WEIGHT
        first += len(body) + 1  # and another before the Latin names
        for i, word in enumerate(names, first):
            positions.setdefault(word, []).append(i)
            freq[word] += NAMES_WEIGHT
        parts = []
        for word, at in positions.items():
            kept = [p for p in at if p <= MAX_POSITION][:MAX_POSITIONS] or [MAX_POSITION]
            parts.append(f"{quote_lexeme(word)}:{','.join(map(str, kept))}")
        weights = {w: f for w, f in freq.items() if f != 1}
        tokens = len(title) + len(body) + len(names)
        return cls(" ".join(parts), json.dumps(weights, ensure_ascii=False), len(title), tokens)


def query_lexemes(query: str) -> list[list[str]] | None:
    """The lexemes of each phrase of ``query`` (``fulltext.query_phrases``); None when a
    phrase has no token (FTS5 matches nothing then)."""
    phrases = [[lexeme(t) for t in fts5_tokens(p)] for p in query_phrases(query)]
    return phrases if all(phrases) else None


def tsquery(phrases: list[list[str]]) -> str:
    """Every phrase must occur, its words one after another."""
    return " & ".join(_phrase_tsquery(p) for p in phrases)


def _phrase_tsquery(phrase: list[str]) -> str:
    return "(" + " <-> ".join(map(quote_lexeme, phrase)) + ")"


def filter_conditions(filters: SearchFilters, params: dict[str, Any]) -> list[str]:
    """The conditions that ``filters`` put on a matched document ``m.n`` (its row in
    ``documents`` is ``d``), adding their parameters to ``params``."""
    where = ["TRUE"]
    if filters.source:  # any outlet that ran the text, not only the first one stored
        where.append("m.n IN (SELECT doc FROM inputs WHERE source = (SELECT id FROM sources WHERE name = %(source)s))")
        params["source"] = filters.source
    if filters.date_from:
        where.append("d.published >= %(date_from)s")
        params["date_from"] = filters.date_from
    if filters.date_to:
        where.append("d.published <= %(date_to)s")
        params["date_to"] = filters.date_to
    if filters.entity:
        names, more = names_sql(filters.entity, "e")
        # ARRAY(...): the ids are found once, then the index on them is used
        where.append(f"m.n IN (SELECT doc FROM mentions WHERE entity = ANY (ARRAY({names})))")
        params.update(more)
    if filters.speaker:
        names, more = names_sql(filters.speaker, "sp")
        where.append(
            f"m.n IN (SELECT doc FROM quotes WHERE speaker = ANY (ARRAY({names})) OR speaker_key = %(sp_key)s)"
        )
        params.update(more)
    return where


def matching_sql(query: str, filters: SearchFilters) -> tuple[str, dict[str, Any]] | None:
    """The statement that lists the documents (``n``) ``search_sql`` would rank for the
    same query and filters, and its parameters; None when nothing can match."""
    phrases = query_lexemes(query)
    if phrases is None:
        return None
    params: dict[str, Any] = {"match": tsquery(phrases)}
    where = filter_conditions(filters, params)
    dated = filters.date_from or filters.date_to
    sql = (
        "WITH matched AS MATERIALIZED (SELECT n FROM search WHERE words @@ %(match)s::tsquery)"
        f" SELECT m.n FROM matched m {'JOIN documents d ON d.n = m.n' if dated else ''} WHERE {' AND '.join(where)}"
    )
    return sql, params


def search_sql(
    query: str, filters: SearchFilters, limit: int, offset: int, order: SearchOrder
) -> tuple[str, dict[str, Any]] | None:
    """The statement that answers a search, and its parameters; None when a phrase of the
    query has no token (FTS5 matches nothing then)."""
    phrases = query_lexemes(query)
    if phrases is None:
        return None
    tsqueries = [_phrase_tsquery(p) for p in phrases]
    params: dict[str, Any] = {"match": tsquery(phrases), "limit": limit, "offset": offset}
    params.update(k1p1=K1 + 1.0, k1=K1, omb=1 - B, b=B)
    where = filter_conditions(filters, params)
    counts, idfs, freqs, scores = [], [], [], []
    for k, (phrase, tsq) in enumerate(zip(phrases, tsqueries)):
        params[f"q{k}"] = tsq
        if len(phrases) == 1:  # the matches are this phrase's documents
            counts.append(f"(SELECT COUNT(*) FROM matched) AS h{k}")
        else:
            counts.append(f"(SELECT COUNT(*) FROM search WHERE words @@ %(q{k})s::tsquery) AS h{k}")
        # FTS5: log((N - hits + 0.5) / (hits + 0.5)), at least 1e-6
        idfs.append(
            f"CASE WHEN ln(((docs - h{k})::float8 + 0.5) / (h{k}::float8 + 0.5)) > 0"
            f" THEN ln(((docs - h{k})::float8 + 0.5) / (h{k}::float8 + 0.5)) ELSE 1e-6::float8 END AS i{k}"
        )
        if len(phrase) == 1:
            params[f"t{k}"] = phrase[0]
            freqs.append(f"COALESCE((s.freq ->> %(t{k})s)::float8, 1.0::float8) AS f{k}")
        else:
            params[f"t{k}"] = phrase
            freqs.append(f"khabar_phrase_freq(s.words, %(t{k})s::text[], s.title_tokens) AS f{k}")
        # FTS5: idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl)), summed in phrase order
        scores.append(
            f"st.i{k} * ((fr.f{k} * %(k1p1)s::float8) / (fr.f{k} + %(k1)s::float8 *"
            " (%(omb)s::float8 + %(b)s::float8 * s.tokens::float8 / st.avgdl)))"
        )
    if order == "relevance":  # ties: in the order stored, as FTS5 returns them
        inner, outer = "score DESC, s.n", "top.score DESC, top.n"
    else:
        inner, outer = "d.published DESC NULLS LAST, s.n DESC", "top.published DESC NULLS LAST, top.n DESC"
    dated = order == "date" or filters.date_from or filters.date_to
    # the GIN index finds the matches first (no tsvector read for a word query); the
    # filters, then the frequencies, then the ranking run on those rows only
    sql = (
        "WITH matched AS MATERIALIZED (SELECT n FROM search WHERE words @@ %(match)s::tsquery),"
        " totals AS MATERIALIZED ("
        f" SELECT docs, tokens::float8 / docs::float8 AS avgdl, {', '.join(counts)} FROM search_totals WHERE docs > 0),"
        f" st AS MATERIALIZED (SELECT avgdl, {', '.join(idfs)} FROM totals)"
        " SELECT d.id, d.title, d.published, src.name, d.url, top.score, c.text, d.duplicate_of FROM ("
        f" SELECT s.n, {'d.published' if dated else 'NULL'} AS published, {' + '.join(scores)} AS score"
        f" FROM st, matched m JOIN search s ON s.n = m.n {'JOIN documents d ON d.n = m.n' if dated else ''}"
        # OFFSET 0: each frequency computed once a row, not once per use in the score
        f" CROSS JOIN LATERAL (SELECT {', '.join(freqs)} OFFSET 0) AS fr"
        f" WHERE {' AND '.join(where)} ORDER BY {inner} LIMIT %(limit)s OFFSET %(offset)s) AS top"
        " JOIN documents d ON d.n = top.n JOIN contents c ON c.n = top.n"
        f" LEFT JOIN sources src ON src.id = d.source ORDER BY {outer}"
    )
    return sql, params


def names_sql(name: str, prefix: str) -> tuple[str, dict[str, Any]]:
    """SQL for the ids of the entities ``name`` names (see ``entity_ids``), and its
    parameters, named with ``prefix`` so that one statement can hold several."""
    if not arabic.is_arabic(name):  # a Latin name: Lavrov, Sergey Lavrov
        latin = latin_key(name)
        p: dict[str, Any] = {f"{prefix}_latin": latin, f"{prefix}_latin_like": "% " + _like(latin)}
        p[f"{prefix}_key"] = name_key(name)  # a speaker's name as written, for quotes never linked
        sql = (
            f"SELECT entity AS id FROM latins WHERE key = %({prefix}_latin)s AND key <> ''"
            f" UNION SELECT entity FROM latins WHERE key LIKE %({prefix}_latin_like)s ESCAPE '\\' AND key <> ''"
        )
        return sql, p
    key = name_key(name)
    p = {f"{prefix}_key": key, f"{prefix}_sim": NAME_SIMILARITY}
    k, sim = f"%({prefix}_key)s", f"%({prefix}_sim)s"
    exact = f"SELECT id FROM entities WHERE key = {k} UNION SELECT entity FROM aliases WHERE key = {k}"
    if key and " " not in key:
        p[f"{prefix}_like"] = "% " + _like(key)
        exact += f" UNION SELECT id FROM entities WHERE type = 'PERSON' AND key LIKE %({prefix}_like)s ESCAPE '\\'"
    # trigram candidates from the index (%% uses pg_trgm's own threshold, 0.3), kept when close enough
    near = (
        f"SELECT id FROM entities WHERE key %% {k} AND similarity(key, {k}) >= {sim}"
        f" UNION SELECT entity FROM aliases WHERE key %% {k} AND similarity(key, {k}) >= {sim}"
    )
    sql = (
        f"WITH exact AS ({exact}) SELECT id FROM exact"
        f" UNION ALL SELECT id FROM ({near}) AS near WHERE {k} <> '' AND NOT EXISTS (SELECT 1 FROM exact)"
    )
    return sql, p


def _like(text: str) -> str:
    """``text`` as a LIKE pattern that matches itself only (ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
