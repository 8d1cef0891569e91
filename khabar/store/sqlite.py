"""The embedded store: one SQLite file in WAL mode, one writer, batched transactions.

Each ``write`` call is one transaction, so a run killed at any moment leaves every
earlier batch whole and the current one absent; WAL keeps readers (search) working
while an ingest writes. ``synchronous=NORMAL`` survives a killed process (the
crash test); a power cut may lose the last batches, never the file's consistency.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from khabar import arabic
from khabar.corpus.entities import EntityIndex, name_key
from khabar.document import Document, Entity, Quote
from khabar.store.base import EntityProfile, Hit, Incoming, QuoteRow, SearchFilters, StorySummary, WriteCounts
from khabar.store.fulltext import WORD, fts_query, search_form
from khabar.store.schema import MIGRATIONS

EXPORTS = ("documents", "entities", "quotes")
SNIPPET = 90  # characters of context either side of the first match


class StoreError(RuntimeError):
    pass


class SQLiteStore:
    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise StoreError(f"no store at {self.path}; create one with 'khabar ingest PATH --db {self.path}'")
        uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
        self.db = sqlite3.connect(uri, uri=readonly, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.readonly = readonly
        self._lock = None
        if not readonly:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA cache_size = -65536")  # 64 MiB: FTS5 merges its segments in memory
            self._migrate()
        elif self.version() != len(MIGRATIONS):
            raise StoreError(
                f"{self.path} has schema version {self.version()}, this khabar reads {len(MIGRATIONS)}; "
                "open it once for writing (khabar ingest) to upgrade it"
            )
        self.db.execute("PRAGMA foreign_keys = ON")
        self._sources: dict[str, int] = {}
        self._index: EntityIndex | None = None

    # --- schema ---------------------------------------------------------------------

    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        for number, script in enumerate(MIGRATIONS, 1):
            if self.version() >= number:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.version() < number:  # another process may have just done it
                    for statement in _statements(script):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {number}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def lock_for_writing(self) -> None:
        """Claim the store for one writer; a second ingest into the same file fails fast
        instead of racing on the in-memory entity index."""
        self._lock = open(self.path.with_name(self.path.name + ".lock"), "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another process is writing to {self.path}; wait for it to finish") from None

    # --- writing ----------------------------------------------------------------------

    def known_inputs(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            rows = self.db.execute(f"SELECT key FROM inputs WHERE key IN ({','.join('?' * len(part))})", part)
            found.update(r[0] for r in rows)
        return found

    def write(self, items: Iterable[Incoming]) -> WriteCounts:
        """Store a batch in one transaction: all of it, or (on any error) none of it."""
        stored = duplicates = already = 0
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for item in items:
                if self.db.execute("SELECT 1 FROM inputs WHERE key = ?", (item.key,)).fetchone():
                    already += 1
                    continue
                doc = item.document
                source = self._source_id(doc.source)
                row = self.db.execute("SELECT n FROM documents WHERE id = ?", (doc.id,)).fetchone()
                if row:
                    n = row[0]
                    duplicates += 1
                else:
                    n = self._insert_document(doc, source, item.signature, item.search_form)
                    stored += 1
                self.db.execute(
                    "INSERT INTO inputs (key, doc, origin, source, url, published) VALUES (?, ?, ?, ?, ?, ?)",
                    (item.key, n, item.origin, source, doc.url, doc.published),
                )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            self._index = None  # it may hold entities of the rolled-back batch
            self._sources.clear()
            raise
        return WriteCounts(stored, duplicates, already)

    def _source_id(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self._sources:
            self.db.execute("INSERT OR IGNORE INTO sources (name) VALUES (?)", (name,))
            self._sources[name] = self.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()[0]
        return self._sources[name]

    def _insert_document(
        self, doc: Document, source: int | None, signature: bytes | None, indexed: tuple[str, str] | None
    ) -> int:
        layout = json.dumps(
            {
                "paragraphs": [[p.start, p.end, p.kind] for p in doc.paragraphs],
                "sentences": [[s.start, s.end] for s in doc.sentences],
            },
            separators=(",", ":"),
        )
        n = self.db.execute(
            "INSERT INTO documents (id, source, title, published, url, author, language) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc.id, source, doc.title, doc.published, doc.url, doc.author, doc.language),
        ).lastrowid
        self.db.execute(
            "INSERT INTO contents (n, text, layout, signature) VALUES (?, ?, ?, ?)", (n, doc.text, layout, signature)
        )
        self.db.execute(
            "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)",
            (n, *(indexed or search_form(doc.title, doc.text))),
        )
        local = {e.id: self._entity_id(e) for e in doc.entities}
        self.db.executemany(
            'INSERT INTO mentions (doc, entity, start, "end") VALUES (?, ?, ?, ?)',
            [(n, local[e.id], m.start, m.end) for e in doc.entities for m in e.mentions],
        )
        self.db.executemany(
            'INSERT INTO times (doc, start, "end", type, value, relative) VALUES (?, ?, ?, ?, ?, ?)',
            [(n, t.start, t.end, t.type, t.value, t.relative) for t in doc.times],
        )
        self.db.executemany(
            'INSERT INTO quotes (doc, start, "end", kind, cue_start, cue_end, speaker, speaker_name, speaker_key,'
            " addressee, addressee_name, via, via_name, time_value, time_start, time_end)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_quote_row(n, q, local) for q in doc.quotes],
        )
        return n

    def _entity_index(self) -> EntityIndex:
        if self._index is None:
            index = EntityIndex()
            for eid, etype, key in self.db.execute("SELECT id, type, key FROM entities"):
                index.add(eid, etype, key)
            for eid, etype, key in self.db.execute(
                "SELECT a.entity, e.type, a.key FROM aliases a JOIN entities e ON e.id = a.entity"
            ):
                index.add_alias(eid, etype, key)
            self._index = index
        return self._index

    def _entity_id(self, entity: Entity) -> int:
        index = self._entity_index()
        eid = index.resolve(entity.type, entity.name, entity.aliases)
        if eid is None:
            key = name_key(entity.name)
            eid = self.db.execute(
                "INSERT INTO entities (type, name, key) VALUES (?, ?, ?)", (entity.type, entity.name, key)
            ).lastrowid
            index.add(eid, entity.type, key)
        for alias in (entity.name, *entity.aliases):
            key = name_key(alias)
            self.db.execute(
                "INSERT INTO aliases (entity, key, alias, count) VALUES (?, ?, ?, 1)"
                " ON CONFLICT (entity, key) DO UPDATE SET count = count + 1",
                (eid, key, alias),
            )
            index.add_alias(eid, entity.type, key)
        for role in entity.roles:
            self.db.execute(
                "INSERT INTO roles (entity, role, count) VALUES (?, ?, 1)"
                " ON CONFLICT (entity, role) DO UPDATE SET count = count + 1",
                (eid, role),
            )
        return eid

    # --- near-duplicates ----------------------------------------------------------------

    def signatures(self) -> tuple[list[int], list[str], np.ndarray]:
        """Every document with a signature, earliest first (by date, then arrival):
        row numbers, ids, and the signatures as one (n, num_perm) array."""
        ns, ids, blobs = [], [], []
        for n, doc_id, blob in self.db.execute(
            "SELECT d.n, d.id, c.signature FROM documents d JOIN contents c ON c.n = d.n WHERE c.signature IS NOT NULL"
            " ORDER BY d.published IS NULL, d.published, d.n"
        ):
            ns.append(n)
            ids.append(doc_id)
            blobs.append(blob)
        if not blobs:
            return ns, ids, np.empty((0, 0), dtype=np.uint32)
        return ns, ids, np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(blobs), -1)

    def text(self, n: int) -> str:
        return self.db.execute("SELECT text FROM contents WHERE n = ?", (n,)).fetchone()[0]

    def set_duplicates(self, duplicate_of: dict[int, str | None]) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
            self.db.executemany(
                "UPDATE documents SET duplicate_of = ? WHERE n = ?",
                [(dup, n) for n, dup in duplicate_of.items() if dup is not None],
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # --- stories ------------------------------------------------------------------------

    def story_inputs(self) -> list[tuple[int, str | None, str | None, str, str | None, list[int]]]:
        """Per document: n, published, title, first 200 characters, the n of the
        document it near-copies (or None), and the corpus entities it mentions."""
        ents: dict[int, list[int]] = {}
        for doc, entity in self.db.execute("SELECT DISTINCT doc, entity FROM mentions"):
            ents.setdefault(doc, []).append(entity)
        rows = self.db.execute(
            "SELECT d.n, d.published, d.title, substr(c.text, 1, 200),"
            " (SELECT o.n FROM documents o WHERE o.id = d.duplicate_of)"
            " FROM documents d JOIN contents c ON c.n = d.n ORDER BY d.n"
        )
        return [(n, p, t, lead, dup, ents.get(n, [])) for n, p, t, lead, dup in rows]

    def embeddings(self) -> dict[int, np.ndarray]:
        return {
            n: np.frombuffer(v, dtype="<f2").astype(np.float32)
            for n, v in self.db.execute("SELECT n, vector FROM embeddings")
        }

    def put_embeddings(self, rows: list[tuple[int, np.ndarray]]) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT OR REPLACE INTO embeddings (n, vector) VALUES (?, ?)",
                [(n, np.asarray(v, dtype="<f2").tobytes()) for n, v in rows],
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def set_stories(self, story_of: dict[int, int]) -> None:
        """Replace every story: ``story_of`` maps document n to a story number."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("UPDATE documents SET story = NULL")
            self.db.execute("DELETE FROM stories")
            self.db.executemany(
                "INSERT INTO stories (id, size) VALUES (?, 0)", [(k + 1,) for k in set(story_of.values())]
            )
            self.db.executemany("UPDATE documents SET story = ? WHERE n = ?", [(k + 1, n) for n, k in story_of.items()])
            self.db.execute(
                "UPDATE stories SET (size, first_published, last_published) ="
                " (SELECT COUNT(*), MIN(published), MAX(published) FROM documents WHERE story = stories.id)"
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def largest_stories(self, limit: int = 10, min_size: int = 2) -> list[StorySummary]:
        out = []
        for sid, size, first, last in self.db.execute(
            "SELECT id, size, first_published, last_published FROM stories WHERE size >= ?"
            " ORDER BY size DESC, id LIMIT ?",
            (min_size, limit),
        ).fetchall():
            outlets = self.db.execute(
                "SELECT COALESCE(s.name, '?'), COUNT(*) AS c FROM documents d"
                " LEFT JOIN sources s ON s.id = d.source WHERE d.story = ?"
                " GROUP BY s.name ORDER BY c DESC, s.name",
                (sid,),
            ).fetchall()
            title = self.db.execute(
                "SELECT title FROM documents WHERE story = ? AND title IS NOT NULL ORDER BY published, n LIMIT 1",
                (sid,),
            ).fetchone()
            out.append(StorySummary(sid, size, first, last, outlets, title[0] if title else None))
        return out

    # --- reading ------------------------------------------------------------------------

    def entity_ids(self, name: str) -> list[int]:
        """Entities whose name or one of whose aliases is ``name`` in matching form; a
        single word also finds every person whose name ends with it (all of them: a
        query may list two people who share a surname, a merge may not)."""
        key = name_key(name)
        sql = "SELECT id FROM entities WHERE key = ? UNION SELECT entity FROM aliases WHERE key = ?"
        params = [key, key]
        if key and " " not in key:
            sql += " UNION SELECT id FROM entities WHERE type = 'PERSON' AND key LIKE ? ESCAPE '\\'"
            params.append("% " + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))
        return sorted(r[0] for r in self.db.execute(sql, params))

    def search(self, query: str, filters: SearchFilters = SearchFilters(), limit: int = 20) -> list[Hit]:
        """Documents matching every word of ``query``, best first (BM25, title x2)."""
        match = fts_query(query)
        where, params = ["search MATCH ?"], [match]
        if filters.source:  # any outlet that ran the text, not only the first one stored
            where.append("d.n IN (SELECT doc FROM inputs WHERE source = (SELECT id FROM sources WHERE name = ?))")
            params.append(filters.source)
        if filters.date_from:
            where.append("d.published >= ?")
            params.append(filters.date_from)
        if filters.date_to:
            where.append("d.published <= ?")
            params.append(filters.date_to)
        if filters.entity:
            ids = self.entity_ids(filters.entity)
            where.append(f"d.n IN (SELECT doc FROM mentions WHERE entity IN ({','.join('?' * len(ids)) or 'NULL'}))")
            params.extend(ids)
        if filters.speaker:
            ids = self.entity_ids(filters.speaker)
            where.append(
                f"d.n IN (SELECT doc FROM quotes WHERE speaker IN ({','.join('?' * len(ids)) or 'NULL'})"
                " OR speaker_key = ?)"
            )
            params.extend([*ids, name_key(filters.speaker)])
        # rank on the index and the small columns only; fetch texts for the top hits alone
        sql = (
            "SELECT d.id, d.title, d.published, s.name, d.url, top.score, c.text, d.duplicate_of FROM ("
            " SELECT search.rowid AS n, bm25(search, 2.0, 1.0) AS score FROM search JOIN documents d ON d.n = search.rowid"
            f" WHERE {' AND '.join(where)} ORDER BY score LIMIT ?) AS top"
            " JOIN documents d ON d.n = top.n JOIN contents c ON c.n = top.n LEFT JOIN sources s ON s.id = d.source"
            " ORDER BY top.score"
        )
        keys = set(match.replace('"', " ").replace(" AND ", " ").split())
        return [
            Hit(i, t, p, s, u, -score, _snippet(text, keys), dup)
            for i, t, p, s, u, score, text, dup in self.db.execute(sql, (*params, limit))
        ]

    def entities(self, name: str) -> list[EntityProfile]:
        return [self._profile(eid) for eid in self.entity_ids(name)]

    def _profile(self, eid: int) -> EntityProfile:
        q = self.db.execute
        etype, name = q("SELECT type, name FROM entities WHERE id = ?", (eid,)).fetchone()
        aliases = q("SELECT alias, count FROM aliases WHERE entity = ? ORDER BY count DESC, alias", (eid,)).fetchall()
        roles = q("SELECT role, count FROM roles WHERE entity = ? ORDER BY count DESC, role", (eid,)).fetchall()
        articles, first, last = q(
            "SELECT COUNT(DISTINCT m.doc), MIN(d.published), MAX(d.published)"
            " FROM mentions m JOIN documents d ON d.n = m.doc WHERE m.entity = ?",
            (eid,),
        ).fetchone()
        quotes = q("SELECT COUNT(*) FROM quotes WHERE speaker = ?", (eid,)).fetchone()[0]
        co = q(
            "SELECT e.name, e.type, COUNT(DISTINCT o.doc) AS c FROM mentions m"
            " JOIN mentions o ON o.doc = m.doc AND o.entity != m.entity JOIN entities e ON e.id = o.entity"
            " WHERE m.entity = ? GROUP BY o.entity ORDER BY c DESC, e.name LIMIT 10",
            (eid,),
        ).fetchall()
        return EntityProfile(eid, etype, name, aliases, roles, articles, quotes, first, last, co)

    def quotes(self, speaker: str | None = None, limit: int = 100) -> list[QuoteRow]:
        """Quotes, newest first; with ``speaker``, those of the entities of that name
        (or, when the speaker was never resolved to an entity, of that name as written)."""
        where, params = "", []
        if speaker:
            ids = self.entity_ids(speaker)
            where = f"WHERE q.speaker IN ({','.join('?' * len(ids)) or 'NULL'}) OR q.speaker_key = ?"
            params = [*ids, name_key(speaker)]
        sql = (
            'SELECT d.id, d.published, s.name, substr(c.text, q.start + 1, q."end" - q.start), q.kind,'
            " COALESCE(se.name, q.speaker_name), COALESCE(ae.name, q.addressee_name), COALESCE(ve.name, q.via_name),"
            " q.time_value FROM quotes q JOIN documents d ON d.n = q.doc JOIN contents c ON c.n = q.doc"
            " LEFT JOIN sources s ON s.id = d.source"
            " LEFT JOIN entities se ON se.id = q.speaker LEFT JOIN entities ae ON ae.id = q.addressee"
            f" LEFT JOIN entities ve ON ve.id = q.via {where}"
            " ORDER BY d.published IS NULL, d.published DESC, q.doc, q.start LIMIT ?"
        )
        return [QuoteRow(*row) for row in self.db.execute(sql, (*params, limit))]

    def export(self, table: str) -> tuple[list[str], Iterator[dict[str, Any]]]:
        """The column names and the rows (flat dicts, streamed) of ``documents``,
        ``entities`` or ``quotes``."""
        if table == "documents":
            sql = (
                "SELECT d.id, d.title, d.published, s.name AS source, d.url, d.author, d.language, d.duplicate_of,"
                " d.story, c.text FROM documents d JOIN contents c ON c.n = d.n LEFT JOIN sources s ON s.id = d.source"
                " ORDER BY d.n"
            )
        elif table == "entities":
            sql = (
                "SELECT e.id, e.type, e.name, (SELECT group_concat(alias, ' | ') FROM aliases WHERE entity = e.id) AS aliases,"
                " (SELECT COUNT(DISTINCT doc) FROM mentions WHERE entity = e.id) AS articles,"
                " (SELECT COUNT(*) FROM quotes WHERE speaker = e.id) AS quotes FROM entities e ORDER BY e.id"
            )
        elif table == "quotes":
            sql = (
                "SELECT d.id AS document, d.published, s.name AS source, q.kind,"
                " COALESCE(se.name, q.speaker_name) AS speaker, q.speaker AS speaker_entity,"
                " q.addressee_name AS addressee, q.via_name AS via, q.time_value AS time,"
                ' q.start, q."end", substr(c.text, q.start + 1, q."end" - q.start) AS text'
                " FROM quotes q JOIN documents d ON d.n = q.doc JOIN contents c ON c.n = q.doc"
                " LEFT JOIN sources s ON s.id = d.source"
                " LEFT JOIN entities se ON se.id = q.speaker ORDER BY q.id"
            )
        else:
            raise ValueError(f"unknown table {table!r}; choose from {', '.join(EXPORTS)}")
        cursor = self.db.execute(sql)
        names = [c[0] for c in cursor.description]
        return names, (dict(zip(names, row)) for row in cursor)

    def counts(self) -> dict[str, int]:
        tables = ("documents", "inputs", "sources", "entities", "mentions", "quotes", "times", "stories")
        out = {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
        out["near_duplicates"] = self.db.execute(
            "SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL"
        ).fetchone()[0]
        return out

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _statements(script: str) -> list[str]:
    """Split a migration into statements (none of ours holds a ';' inside a literal)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _quote_row(n: int, q: Quote, local: dict[str, int]) -> tuple:
    def agent(a):
        if a is None:
            return None, None
        return local.get(a.entity) if a.entity else None, a.name

    speaker, speaker_name = agent(q.speaker)
    addressee, addressee_name = agent(q.addressee)
    via, via_name = agent(q.via)
    time = q.time
    return (
        n,
        q.start,
        q.end,
        q.kind,
        q.cue.start if q.cue else None,
        q.cue.end if q.cue else None,
        speaker,
        speaker_name,
        name_key(speaker_name) if speaker_name else None,
        addressee,
        addressee_name,
        via,
        via_name,
        time.value if time else None,
        time.start if time else None,
        time.end if time else None,
    )


def _snippet(text: str, keys: set[str]) -> str:
    """About two lines of ``text`` around the first word that matched the query."""
    at = 0
    for m in WORD.finditer(text):
        if arabic.match_key(m.group().lower()) in keys:
            at = m.start()
            break
    start, end = max(0, at - SNIPPET), min(len(text), at + SNIPPET)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")
