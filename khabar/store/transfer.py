"""A whole store copied to another backend, row for row: ``khabar db copy``.

Both backends have the same tables and columns (``postgres_schema`` mirrors ``schema``),
so a copy moves every row with its ids: documents keep their order and numbers,
entities their ids, quotes and events theirs, and the copy exports exactly what the
original does (documents, entities, quotes, times, events), whichever way it goes. The
full-text index is not copied but rebuilt from the titles and texts, as ingest builds
it; the counts both backends keep beside the rows (articles per entity per day, quotes
per speaker per day, roles per article) are copied as they are. A document stored
before layers were kept whole (SQLite schema 3) gets its layers on the way, as the
source store rebuilds it. The copy is one transaction on the target: all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from khabar.store.base import Store, StoreError
from khabar.store.codec import encode_layers, latin_names
from khabar.store.fulltext import search_form
from khabar.store.sqlite import SQLiteStore

TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("id", "name")),
    ("stories", ("id", "size", "first_published", "last_published")),
    ("documents", ("n", "id", "source", "published", "duplicate_of", "story", "title", "url", "author", "language")),
    ("contents", ("n", "text", "layout", "signature", "layers")),
    ("inputs", ("key", "doc", "origin", "source", "url", "published")),
    ("entities", ("id", "type", "name", "key", "articles")),
    ("aliases", ("entity", "key", "alias", "count")),
    ("latins", ("entity", "key", "latin", "count")),
    ("roles", ("entity", "role", "count")),
    ("mentions", ("doc", "entity", "start", "end")),
    (
        "quotes",
        (
            "id",
            "doc",
            "start",
            "end",
            "kind",
            "cue_start",
            "cue_end",
            "speaker",
            "speaker_name",
            "speaker_key",
            "addressee",
            "addressee_name",
            "via",
            "via_name",
            "time_value",
            "time_start",
            "time_end",
            "idx",
            "data",
        ),
    ),
    ("times", ("doc", "start", "end", "type", "value", "relative", "mod")),
    (
        "events",
        (
            "id",
            "doc",
            "idx",
            "start",
            "end",
            "type",
            "cameo",
            "actor",
            "actor_name",
            "actor_key",
            "actor_code",
            "target",
            "target_name",
            "target_key",
            "target_code",
            "negated",
            "hypothetical",
            "time_value",
            "data",
        ),
    ),
    ("embeddings", ("n", "vector")),
    # what both backends keep up to date on write beside the rows (the web app reads them)
    ("role_mentions", ("entity", "role", "doc")),
    ("entity_days", ("day", "entity", "articles")),
    ("speaker_days", ("day", "entity", "quotes")),
)
# the order rows are read in: the order they were written (SQLite's rowid), so that ties
# in any later ORDER BY fall the same way in the copy
_SQLITE_ORDER = {
    "inputs": "key",
    "aliases": "entity, key",
    "latins": "entity, key",
    "roles": "entity, role",
    "role_mentions": "entity, role, doc",
    "entity_days": "day, entity",
    "speaker_days": "day, entity",
}
_POSTGRES_ORDER = {**_SQLITE_ORDER, "mentions": "doc, start, entity", "times": "seq"}
_KEYS = {"sources": "id", "stories": "id", "documents": "n", "contents": "n", "entities": "id", "quotes": "id"}
_KEYS["events"] = "id"
_KEYS["embeddings"] = "n"
CHUNK = 2000

Progress = Callable[[str, int], None]


def copy_store(source: Store, target: Store, progress: Progress | None = None) -> dict[str, int]:
    """Copy every row of ``source`` into ``target``, which must be empty; returns the
    rows copied per table."""
    tell = progress or (lambda table, rows: None)
    if any(target.counts()[t] for t in ("documents", "inputs", "entities")):
        raise StoreError(f"{target.location} is not empty; copy into a new store")
    copied: dict[str, int] = {}
    with _writer(target) as write:
        for table, columns in TABLES:
            rows = _rows(source, table, columns)
            if table == "contents":
                rows = _with_layers(source, rows)
            copied[table] = write(table, columns, rows)
            tell(table, copied[table])
        write("search", (), _search_rows(source))
        tell("search", copied["documents"])
    return copied


def _quoted(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _order(store: Store, table: str) -> str:
    if isinstance(store, SQLiteStore):
        return _SQLITE_ORDER.get(table, _KEYS.get(table, "rowid"))
    return _POSTGRES_ORDER.get(table, _KEYS.get(table, ""))


def _rows(store: Store, table: str, columns: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    sql = f"SELECT {_quoted(columns)} FROM {table} ORDER BY {_order(store, table)}"
    if isinstance(store, SQLiteStore):
        yield from store.db.execute(sql)
        return
    from khabar.store.postgres import PostgresStore

    assert isinstance(store, PostgresStore)
    with store.pool.connection() as conn, conn.transaction(), conn.cursor(name=f"khabar_copy_{table}") as cur:
        cur.execute(sql)
        for row in cur:
            yield tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)


def _with_layers(source: Store, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Contents rows with layers filled in where a legacy store has none."""
    ids: dict[int, str] | None = None
    for n, text, layout, signature, layers in rows:
        if layers is None:
            if ids is None:
                ids = {r[0]: r[1] for r in _rows(source, "documents", ("n", "id"))}
            doc = source.get(ids[n])
            assert doc is not None
            layers = encode_layers(doc)
        yield n, text, layout, signature, layers


def _search_rows(source: Store) -> Iterator[tuple[int, str, str, str]]:
    """(n, title form, body form, names form) of every document: what the full-text index
    is built from (the names are its entities' Latin names, kept in its layers)."""
    sql_columns = ("n", "title")
    titles = _rows(source, "documents", sql_columns)
    texts = _with_layers(source, _rows(source, "contents", ("n", "text", "layout", "signature", "layers")))
    for (n, title), (m, text, _layout, _signature, layers) in zip(titles, texts):
        assert n == m
        yield (n, *search_form(title, text, latin_names(layers)))


class _writer:
    """A context that writes rows into the target in one transaction."""

    conn: Any  # the PostgreSQL connection of the copy's transaction, taken in __enter__

    def __init__(self, target: Store):
        self.target = target

    def __enter__(self) -> Callable[[str, tuple[str, ...], Iterator[tuple[Any, ...]]], int]:
        if isinstance(self.target, SQLiteStore):
            self.target.db.execute("BEGIN IMMEDIATE")
            return self._sqlite
        from khabar.store.postgres import PostgresStore

        assert isinstance(self.target, PostgresStore)
        self.conn = self.target.pool.getconn()
        self.conn.autocommit = False
        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_write_lock(),))
        return self._postgres

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if isinstance(self.target, SQLiteStore):
            self.target.db.execute("COMMIT" if kind is None else "ROLLBACK")
            return
        try:
            if kind is None:
                self.conn.commit()
            else:
                self.conn.rollback()
        finally:
            self.conn.autocommit = True
            self.target.pool.putconn(self.conn)  # type: ignore[attr-defined]

    def _sqlite(self, table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> int:
        db = self.target.db  # type: ignore[attr-defined]
        if table == "search":
            sql = "INSERT INTO search (rowid, title, body, names) VALUES (?, ?, ?, ?)"
        else:
            sql = f"INSERT INTO {table} ({_quoted(columns)}) VALUES ({', '.join('?' * len(columns))})"
        count = 0
        for chunk in _chunks(rows):
            db.executemany(sql, chunk)
            count += len(chunk)
        return count

    def _postgres(self, table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> int:
        from khabar.store.postgres_search import SearchRow

        count = tokens = 0
        with self.conn.cursor() as cur:
            if table == "search":
                with cur.copy("COPY search (n, words, freq, title_tokens, tokens) FROM STDIN") as copy:
                    for n, title_form, body_form, names_form in rows:
                        made = SearchRow.of(title_form, body_form, names_form)
                        copy.write_row((n, made.words, made.freq, made.title_tokens, made.tokens))
                        count += 1
                        tokens += made.tokens
                cur.execute("UPDATE search_totals SET docs = %s, tokens = %s", (count, tokens))
                cur.execute("ANALYZE")  # the last table: queries on the copy are planned from its rows at once
                return count
            with cur.copy(f"COPY {table} ({_quoted(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count


def _write_lock() -> int:
    from khabar.store.postgres import WRITE_LOCK

    return WRITE_LOCK


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
