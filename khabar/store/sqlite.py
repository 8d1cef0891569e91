"""The embedded store: one SQLite file in WAL mode, one writer, batched transactions.

Each ``write`` call is one transaction, so a run killed at any moment leaves every
earlier batch whole and the current one absent; WAL keeps readers (search) working
while an ingest writes. ``synchronous=NORMAL`` survives a killed process (the
crash test); a power cut may lose the last batches, never the file's consistency.

Documents are kept whole (``store.codec``); the tables of mentions, quotes and times
are the indexes that queries read. Which corpus entity a document's entity is, is
decided by ``corpus.entities.EntityLinker``; this module only keeps the rows.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from khabar import arabic
from khabar.corpus.entities import EntityLinker, Link, latin_key, name_key
from khabar.document import Agent, Document, Entity, Paragraph, Quote, Sentence, Span, TimeExpr
from khabar.store.base import (
    EXPORTS,
    DocumentInfo,
    EntityProfile,
    Incoming,
    QuoteFilters,
    QuoteRecord,
    SearchFilters,
    SearchHit,
    SearchOrder,
    StoreError,
    StoryInput,
    StorySummary,
    WriteCounts,
)
from khabar.store.codec import decode_document, encode_layers
from khabar.store.fulltext import document_search_form, fts_query, match_keys, snippet
from khabar.store.rows import layout_json, legacy_quote, quote_row
from khabar.store.schema import MIGRATIONS, REINDEX

LEAD = 200  # characters of text that story grouping reads when a title is missing

__all__ = ["EXPORTS", "SQLiteStore", "StoreError"]

_INFO = "d.id, d.title, d.published, s.name, d.url, d.duplicate_of, d.story"


class SQLiteStore:
    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = Path(path)
        self.location = str(self.path)
        if readonly and not self.path.exists():
            raise StoreError(f"no store at {self.path}; create one with 'khabar ingest PATH --db {self.path}'")
        uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
        self.db = sqlite3.connect(uri, uri=readonly, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.readonly = readonly
        self._lock: IO[str] | None = None
        self._sources: dict[str, int] = {}
        self._linker = EntityLinker()
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

    # --- schema ---------------------------------------------------------------------

    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        for number, script in enumerate(MIGRATIONS, 1):
            if self.version() >= number:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.version() < number:  # another process may have just done it
                    if script == REINDEX:
                        self.reindex()
                    else:
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

    def known_inputs(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            part = list(keys[start : start + 500])
            rows = self.db.execute(f"SELECT key FROM inputs WHERE key IN ({','.join('?' * len(part))})", part)
            found.update(r[0] for r in rows)
        return found

    def write(self, batch: Sequence[Incoming]) -> WriteCounts:
        """Store a batch in one transaction: all of it, or (on any error) none of it."""
        stored = duplicates = already = 0
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for item in batch:
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
            self._linker.reset()  # it may hold entities of the rolled-back batch
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
        self, doc: Document, source: int | None, signature: bytes | None, indexed: tuple[str, str, str] | None
    ) -> int:
        layout = layout_json(doc)
        n = self.db.execute(
            "INSERT INTO documents (id, source, title, published, url, author, language) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc.id, source, doc.title, doc.published, doc.url, doc.author, doc.language),
        ).lastrowid
        assert n is not None
        self.db.execute(
            "INSERT INTO contents (n, text, layout, signature, layers) VALUES (?, ?, ?, ?, ?)",
            (n, doc.text, layout, signature, encode_layers(doc)),
        )
        self._index(n, doc, indexed)
        return n

    def _index(self, n: int, doc: Document, indexed: tuple[str, str, str] | None = None) -> None:
        """The rows queries read for one stored document: its full-text row, its corpus
        entities (linked here), mentions, times and quotes."""
        self.db.execute(
            "INSERT INTO search (rowid, title, body, names) VALUES (?, ?, ?, ?)",
            (n, *(indexed or document_search_form(doc))),
        )
        if not self._linker.loaded:
            self._load_linker()
        links = {e.id: self._linker.link(e, self._new_entity) for e in doc.entities}
        local = {ref: link.entity for ref, link in links.items()}
        for entity in doc.entities:
            self._count_names(links[entity.id], entity)
        self.db.executemany(
            'INSERT INTO mentions (doc, entity, start, "end") VALUES (?, ?, ?, ?)',
            [(n, local[e.id], m.start, m.end) for e in doc.entities for m in e.mentions],
        )
        self.db.executemany(
            'INSERT INTO times (doc, start, "end", type, value, relative, mod) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [(n, t.start, t.end, t.type, t.value, t.relative, t.mod) for t in doc.times],
        )
        self.db.executemany(
            'INSERT INTO quotes (doc, start, "end", kind, cue_start, cue_end, speaker, speaker_name, speaker_key,'
            " addressee, addressee_name, via, via_name, time_value, time_start, time_end, idx, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [quote_row(n, k, q, local, doc.text) for k, q in enumerate(doc.quotes)],
        )

    def reindex(self) -> None:
        """Rebuild every index row from the stored documents, in the order they were
        stored: full-text rows, corpus entities (linked afresh), mentions, times, quotes.
        A store then answers as one ingested anew from the same documents does. Run by
        migration 6 (match keys and linking changed); the caller holds the transaction.
        Documents stored without Latin names get them (``entities.latin``)."""
        from khabar.entities.latin import add_latin

        q = self.db.execute
        legacy = q("SELECT d.id FROM documents d JOIN contents c ON c.n = d.n WHERE c.layers IS NULL").fetchall()
        for (doc_id,) in legacy:  # kept whole first: their layers were read from the tables cleared below
            doc = self.get(doc_id)
            assert doc is not None
            q(
                "UPDATE contents SET layers = ? WHERE n = (SELECT n FROM documents WHERE id = ?)",
                (encode_layers(doc), doc_id),
            )
        for table in ("search", "mentions", "times", "quotes", "aliases", "roles", "latins", "entities"):
            q(f"DELETE FROM {table}")
        self._linker.reset()
        self._linker.load((), ())
        rows = q("SELECT d.id, d.n FROM documents d ORDER BY d.n").fetchall()
        for doc_id, n in rows:
            doc = self.get(doc_id)
            assert doc is not None
            if any(e.latin is None for e in doc.entities):
                named = doc.replace(entities=tuple(add_latin(list(doc.entities))))
                if named != doc:
                    doc = named
                    q("UPDATE contents SET layers = ? WHERE n = ?", (encode_layers(doc), n))
            self._index(n, doc)

    def _load_linker(self) -> None:
        self._linker.load(
            self.db.execute("SELECT id, type, key, docs FROM entities ORDER BY id"),
            self.db.execute(
                "SELECT a.entity, e.type, a.key FROM aliases a JOIN entities e ON e.id = a.entity ORDER BY a.entity, a.key"
            ),
            self.db.execute("SELECT l.entity, e.type, l.latin FROM latins l JOIN entities e ON e.id = l.entity"),
        )

    def _new_entity(self, entity: Entity, key: str) -> int:
        eid = self.db.execute(
            "INSERT INTO entities (type, name, key) VALUES (?, ?, ?)", (entity.type, entity.name, key)
        ).lastrowid
        assert eid is not None
        return eid

    def _count_names(self, link: Link, entity: Entity) -> None:
        eid = link.entity
        self.db.execute("UPDATE entities SET docs = docs + 1 WHERE id = ?", (eid,))
        for alias in link.aliases:
            self.db.execute(
                "INSERT INTO aliases (entity, key, alias, count) VALUES (?, ?, ?, 1)"
                " ON CONFLICT (entity, key) DO UPDATE SET count = count + 1",
                (eid, name_key(alias), alias),
            )
        if entity.latin:
            self.db.execute(
                "INSERT INTO latins (entity, key, latin, count) VALUES (?, ?, ?, 1)"
                " ON CONFLICT (entity, key) DO UPDATE SET count = count + 1",
                (eid, latin_key(entity.latin), entity.latin),
            )
        for role in entity.roles:
            self.db.execute(
                "INSERT INTO roles (entity, role, count) VALUES (?, ?, 1)"
                " ON CONFLICT (entity, role) DO UPDATE SET count = count + 1",
                (eid, role),
            )

    # --- documents --------------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        row = self.db.execute(
            "SELECT d.n, d.title, d.published, d.url, s.name, d.author, d.language, c.text, c.layers, c.layout"
            " FROM documents d JOIN contents c ON c.n = d.n LEFT JOIN sources s ON s.id = d.source WHERE d.id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        n, title, published, url, source, author, language, text, blob, layout = row
        meta = {"title": title, "published": published, "url": url, "source": source, "author": author}
        meta["language"] = language
        if blob is not None:
            return decode_document(blob, text, meta)
        return self._legacy_document(n, text, meta, layout)

    def _legacy_document(self, n: int, text: str, meta: dict[str, Any], layout: str) -> Document:
        """A document stored before layers were kept whole (schema 3): rebuilt from the
        index tables. Aliases and roles per article, descriptions, a quote's addressee,
        relay entity, place and joint speakers were not kept then; re-ingest to get them."""
        shape = json.loads(layout)
        local: dict[int, str] = {}
        spans: dict[int, list[Span]] = {}
        for eid, start, end in self.db.execute(
            'SELECT entity, start, "end" FROM mentions WHERE doc = ? ORDER BY start', (n,)
        ):
            local.setdefault(eid, f"e{len(local) + 1}")
            spans.setdefault(eid, []).append(Span(start, end))
        entities = []
        for eid, ref in local.items():
            etype, name = self.db.execute("SELECT type, name FROM entities WHERE id = ?", (eid,)).fetchone()
            entities.append(Entity(ref, etype, name, mentions=tuple(spans[eid])))
        times = tuple(
            TimeExpr(start, end, kind, value, relative)
            for start, end, kind, value, relative in self.db.execute(
                'SELECT start, "end", type, value, relative FROM times WHERE doc = ? ORDER BY start', (n,)
            )
        )
        quotes = []
        for start, end, kind, cue_start, cue_end, speaker, speaker_name, addressee_name, via_name in self.db.execute(
            'SELECT start, "end", kind, cue_start, cue_end, speaker, speaker_name, addressee_name, via_name'
            " FROM quotes WHERE doc = ? ORDER BY id",
            (n,),
        ):
            quotes.append(
                Quote(
                    start,
                    end,
                    kind,
                    Span(cue_start, cue_end) if cue_start is not None else None,
                    Agent(speaker_name, local.get(speaker)) if speaker_name else None,
                    Agent(addressee_name) if addressee_name else None,
                    Agent(via_name) if via_name else None,
                )
            )
        return Document(
            text=text,
            paragraphs=tuple(Paragraph(a, b, kind) for a, b, kind in shape["paragraphs"]),
            sentences=tuple(Sentence(a, b) for a, b in shape["sentences"]),
            entities=tuple(entities),
            times=times,
            quotes=tuple(quotes),
            **meta,
        )

    def find_ids(self, prefix: str, limit: int = 10) -> list[str]:
        """Ids that start with ``prefix`` (a shortened id, as the listings print them)."""
        prefix = prefix.strip().lower()
        if not prefix:
            return []
        rows = self.db.execute(
            "SELECT id FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT ?", (prefix, prefix + "g", limit)
        )
        return [r[0] for r in rows]

    def documents(self, after: str | None = None, limit: int = 100) -> list[DocumentInfo]:
        start = 0
        if after is not None:
            row = self.db.execute("SELECT n FROM documents WHERE id = ?", (after,)).fetchone()
            if row is None:
                raise StoreError(f"no document {after[:12]} to list after")
            start = row[0]
        rows = self.db.execute(
            f"SELECT {_INFO} FROM documents d LEFT JOIN sources s ON s.id = d.source WHERE d.n > ? ORDER BY d.n"
            " LIMIT ?",
            (start, limit),
        )
        return [DocumentInfo(*r) for r in rows]

    def info(self, doc_id: str) -> DocumentInfo | None:
        row = self.db.execute(
            f"SELECT {_INFO} FROM documents d LEFT JOIN sources s ON s.id = d.source WHERE d.id = ?", (doc_id,)
        ).fetchone()
        return DocumentInfo(*row) if row else None

    def text(self, doc_id: str) -> str:
        row = self.db.execute(
            "SELECT c.text FROM documents d JOIN contents c ON c.n = d.n WHERE d.id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no document {doc_id[:12]}")
        return str(row[0])

    # --- near-duplicates ----------------------------------------------------------------

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        yield from self.db.execute(
            "SELECT d.id, c.signature FROM documents d JOIN contents c ON c.n = d.n WHERE c.signature IS NOT NULL"
            " ORDER BY d.published IS NULL, d.published, d.n"
        )

    def set_duplicates(self, duplicate_of: Mapping[str, str]) -> None:
        with self._transaction():
            self.db.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
            self.db.executemany(
                "UPDATE documents SET duplicate_of = ? WHERE id = ?",
                [(original, doc) for doc, original in duplicate_of.items()],
            )

    # --- stories ------------------------------------------------------------------------

    def story_inputs(self) -> list[StoryInput]:
        ents: dict[int, list[int]] = {}
        for doc, entity in self.db.execute("SELECT DISTINCT doc, entity FROM mentions"):
            ents.setdefault(doc, []).append(entity)
        rows = self.db.execute(
            f"SELECT d.n, d.id, d.published, d.title, substr(c.text, 1, {LEAD}), d.duplicate_of"
            " FROM documents d JOIN contents c ON c.n = d.n ORDER BY d.n"
        )
        return [StoryInput(i, p, t, lead, dup, tuple(ents.get(n, ()))) for n, i, p, t, lead, dup in rows]

    def embeddings(self) -> dict[str, bytes]:
        return dict(self.db.execute("SELECT d.id, e.vector FROM embeddings e JOIN documents d ON d.n = e.n"))

    def put_embeddings(self, vectors: Mapping[str, bytes]) -> None:
        with self._transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO embeddings (n, vector) SELECT n, ? FROM documents WHERE id = ?",
                [(vector, doc) for doc, vector in vectors.items()],
            )

    def set_stories(self, story_of: Mapping[str, int]) -> None:
        """Replace every story: ``story_of`` maps document id to a story number."""
        with self._transaction():
            self.db.execute("UPDATE documents SET story = NULL")
            self.db.execute("DELETE FROM stories")
            self.db.executemany(
                "INSERT INTO stories (id, size) VALUES (?, 0)", [(k + 1,) for k in set(story_of.values())]
            )
            self.db.executemany(
                "UPDATE documents SET story = ? WHERE id = ?", [(k + 1, doc) for doc, k in story_of.items()]
            )
            self.db.execute(
                "UPDATE stories SET (size, first_published, last_published) ="
                " (SELECT COUNT(*), MIN(published), MAX(published) FROM documents WHERE story = stories.id)"
            )

    def stories(self, limit: int = 10, min_size: int = 2) -> list[StorySummary]:
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

    # --- corpus entities and quotes -----------------------------------------------------

    def entity_ids(self, name: str) -> list[int]:
        """Entities whose name or one of whose aliases is ``name`` in matching form; a
        single word also finds every person whose name ends with it (all of them: a
        query may list two people who share a surname, a merge may not)."""
        if not arabic.is_arabic(name):
            key = latin_key(name)
            rows = self.db.execute(
                "SELECT entity FROM latins WHERE key = ? UNION SELECT entity FROM latins WHERE key LIKE ? ESCAPE '\\'",
                (key, "% " + _like(key)),
            )
            return sorted(r[0] for r in rows) if key else []
        key = name_key(name)
        sql = "SELECT id FROM entities WHERE key = ? UNION SELECT entity FROM aliases WHERE key = ?"
        params = [key, key]
        if key and " " not in key:
            sql += " UNION SELECT id FROM entities WHERE type = 'PERSON' AND key LIKE ? ESCAPE '\\'"
            params.append("% " + _like(key))
        return sorted(r[0] for r in self.db.execute(sql, params))

    def entity(self, entity_id: int) -> EntityProfile | None:
        q = self.db.execute
        row = q("SELECT type, name FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            return None
        etype, name = row
        aliases = q(
            "SELECT alias, count FROM aliases WHERE entity = ? ORDER BY count DESC, alias", (entity_id,)
        ).fetchall()
        roles = q("SELECT role, count FROM roles WHERE entity = ? ORDER BY count DESC, role", (entity_id,)).fetchall()
        articles, first, last = q(
            "SELECT COUNT(DISTINCT m.doc), MIN(d.published), MAX(d.published)"
            " FROM mentions m JOIN documents d ON d.n = m.doc WHERE m.entity = ?",
            (entity_id,),
        ).fetchone()
        quotes = q("SELECT COUNT(*) FROM quotes WHERE speaker = ?", (entity_id,)).fetchone()[0]
        co = q(
            "SELECT e.name, e.type, COUNT(DISTINCT o.doc) AS c FROM mentions m"
            " JOIN mentions o ON o.doc = m.doc AND o.entity != m.entity JOIN entities e ON e.id = o.entity"
            " WHERE m.entity = ? GROUP BY o.entity ORDER BY c DESC, e.name LIMIT 10",
            (entity_id,),
        ).fetchall()
        latin = q(
            "SELECT latin FROM latins WHERE entity = ? ORDER BY count DESC, latin LIMIT 1", (entity_id,)
        ).fetchone()
        return EntityProfile(
            entity_id, etype, name, aliases, roles, articles, quotes, first, last, co, latin[0] if latin else None
        )

    def quotes(self, filters: QuoteFilters = QuoteFilters(), limit: int = 100) -> list[QuoteRecord]:
        """Quotes, newest first; with a speaker, those of the entities of that name (or,
        when the speaker was never resolved to an entity, of that name as written)."""
        where: list[str] = []
        params: list[Any] = []
        if filters.speaker:
            ids = self.entity_ids(filters.speaker)
            where.append(f"(q.speaker IN ({','.join('?' * len(ids)) or 'NULL'}) OR q.speaker_key = ?)")
            params += [*ids, name_key(filters.speaker)]
        if filters.entity:
            ids = self.entity_ids(filters.entity)
            where.append(f"q.doc IN (SELECT doc FROM mentions WHERE entity IN ({','.join('?' * len(ids)) or 'NULL'}))")
            params += ids
        if filters.date_from:
            where.append("d.published >= ?")
            params.append(filters.date_from)
        if filters.date_to:
            where.append("d.published <= ?")
            params.append(filters.date_to)
        sql = (
            f'SELECT {_INFO}, q.data, q.speaker, q.start, q."end", q.kind, q.cue_start, q.cue_end,'
            " q.speaker_name, q.addressee_name, q.via_name, q.time_value, c.text"
            " FROM quotes q JOIN documents d ON d.n = q.doc JOIN contents c ON c.n = q.doc"
            f" LEFT JOIN sources s ON s.id = d.source {'WHERE ' + ' AND '.join(where) if where else ''}"
            " ORDER BY d.published IS NULL, d.published DESC, q.doc, q.start LIMIT ?"
        )
        out = []
        for row in self.db.execute(sql, (*params, limit)):
            info = DocumentInfo(*row[:7])
            data, speaker = row[7], row[8]
            quote = json.loads(data) if data is not None else legacy_quote(*row[9:])
            out.append(QuoteRecord(info, quote, (speaker,) if speaker is not None else ()))
        return out

    # --- search -------------------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: SearchFilters = SearchFilters(),
        limit: int = 20,
        offset: int = 0,
        order: SearchOrder = "relevance",
    ) -> list[SearchHit]:
        """Documents matching every word of ``query``, best first (BM25, title x2) or newest first."""
        match = fts_query(query)
        where: list[str] = ["search MATCH ?"]
        params: list[Any] = [match]
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
        ranking = "score" if order == "relevance" else "d.published IS NULL, d.published DESC, d.n DESC"
        # rank on the index and the small columns only; fetch texts for the top hits alone
        sql = (
            "SELECT d.id, d.title, d.published, s.name, d.url, top.score, c.text, d.duplicate_of FROM ("
            " SELECT search.rowid AS n, bm25(search, 2.0, 1.0, 1.0) AS score FROM search JOIN documents d ON d.n = search.rowid"
            f" WHERE {' AND '.join(where)} ORDER BY {ranking} LIMIT ? OFFSET ?) AS top"
            " JOIN documents d ON d.n = top.n JOIN contents c ON c.n = top.n LEFT JOIN sources s ON s.id = d.source"
            f" ORDER BY {'top.score' if order == 'relevance' else ranking}"
        )
        keys = match_keys(match)
        return [
            SearchHit(i, t, p, s, u, -score, snippet(text, keys), dup)
            for i, t, p, s, u, score, text, dup in self.db.execute(sql, (*params, limit, offset))
        ]

    # --- export and housekeeping --------------------------------------------------------

    def export(self, table: str) -> tuple[list[str], Iterator[dict[str, Any]]]:
        """The column names and the rows (flat dicts, streamed) of one of ``EXPORTS``."""
        if table == "documents":
            sql = (
                "SELECT d.id, d.title, d.published, s.name AS source, d.url, d.author, d.language, d.duplicate_of,"
                " d.story, c.text FROM documents d JOIN contents c ON c.n = d.n"
                " LEFT JOIN sources s ON s.id = d.source ORDER BY d.n"
            )
        elif table == "entities":
            sql = (
                "SELECT e.id, e.type, e.name,"
                " (SELECT group_concat(alias, ' | ') FROM aliases WHERE entity = e.id) AS aliases,"
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
        elif table == "times":
            sql = (
                'SELECT d.id AS document, d.published, t.start, t."end",'
                ' substr(c.text, t.start + 1, t."end" - t.start) AS text, t.type, t.value, t.mod'
                " FROM times t JOIN documents d ON d.n = t.doc JOIN contents c ON c.n = t.doc ORDER BY t.doc, t.start"
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

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any error."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _like(text: str) -> str:
    """``text`` as a LIKE pattern that matches itself only (ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _statements(script: str) -> list[str]:
    """Split a migration into statements (none of ours holds a ';' inside a literal)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
