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
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from khabar import arabic
from khabar.corpus.entities import EntityLinker, Link, latin_key, name_key
from khabar.document import Agent, Document, Entity, Paragraph, Quote, Sentence, Span, TimeExpr
from khabar.store.base import (
    EXPORTS,
    DocumentInfo,
    EntityCount,
    EntityProfile,
    EventFilters,
    EventRecord,
    Incoming,
    OutletDay,
    QuoteFilters,
    QuoteRecord,
    RoleSeen,
    SearchFacets,
    SearchFilters,
    SearchHit,
    SearchOrder,
    StoreError,
    StoryInput,
    StoryOrder,
    StorySummary,
    WriteCounts,
)
from khabar.store.codec import decode_document, encode_layers
from khabar.store.fulltext import document_search_form, fts_query, index_form, match_keys, snippet
from khabar.store.rows import event_row, layout_json, legacy_quote, quote_row
from khabar.store.schema import MIGRATIONS, REINDEX

COUNTS_MIGRATION = 5  # the migration that adds the tables rebuild_counts fills
READ_MMAP = 256 * 2**20  # bytes of the file a read-only connection maps
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
        else:
            # readers share the file's pages through the OS instead of each copying them into its own cache
            self.db.execute(f"PRAGMA mmap_size = {READ_MMAP}")
        if readonly and self.version() != len(MIGRATIONS):
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
                    if number == COUNTS_MIGRATION:
                        self.rebuild_counts()
                    self.db.execute(f"PRAGMA user_version = {number}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def rebuild_counts(self) -> None:
        """Recompute what the store keeps up to date on write beside the rows — articles
        per entity per day and in all, quotes per speaker per day, roles per article —
        from the rows themselves: for a store made before they existed (migration 5) or
        filled row by row (``khabar db copy``). Runs inside the caller's transaction."""
        q = self.db.execute
        for table in ("entity_days", "speaker_days", "role_mentions"):
            q(f"DELETE FROM {table}")
        q(
            "INSERT INTO entity_days (day, entity, articles) SELECT COALESCE(d.published, ''), m.entity,"
            " COUNT(DISTINCT m.doc) FROM mentions m JOIN documents d ON d.n = m.doc"
            " GROUP BY COALESCE(d.published, ''), m.entity"
        )
        q(
            "UPDATE entities SET articles = (SELECT COALESCE(SUM(articles), 0) FROM entity_days WHERE entity = entities.id)"
        )
        q(
            "INSERT INTO speaker_days (day, entity, quotes) SELECT COALESCE(d.published, ''), q.speaker, COUNT(*)"
            " FROM quotes q JOIN documents d ON d.n = q.doc WHERE q.speaker IS NOT NULL"
            " GROUP BY COALESCE(d.published, ''), q.speaker"
        )
        self._backfill_roles()

    def _backfill_roles(self) -> None:
        """Rows of ``role_mentions`` from the kept layers: each article entity's roles,
        under the corpus entity its first mention was linked to."""
        rows = self.db.execute("SELECT n, layers FROM contents WHERE layers IS NOT NULL").fetchall()
        for n, blob in rows:
            layers = json.loads(zlib.decompress(blob).decode("utf-8"))
            with_roles = [e for e in layers.get("entities", ()) if e.get("roles") and e.get("mentions")]
            if not with_roles:
                continue
            linked = {
                (start, end): entity
                for entity, start, end in self.db.execute(
                    'SELECT entity, start, "end" FROM mentions WHERE doc = ?', (n,)
                )
            }
            for e in with_roles:
                first = e["mentions"][0]
                eid = linked.get((first["start"], first["end"]))
                if eid is not None:
                    self.db.executemany(
                        "INSERT OR IGNORE INTO role_mentions (entity, role, doc) VALUES (?, ?, ?)",
                        [(eid, role, n) for role in e["roles"]],
                    )

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
        entities (linked here) with their names and counts, mentions, times, quotes, events."""
        self.db.execute(
            "INSERT INTO search (rowid, title, body, names) VALUES (?, ?, ?, ?)",
            (n, *(indexed or document_search_form(doc))),
        )
        if not self._linker.loaded:
            self._load_linker()
        links = {e.id: self._linker.link(e, self._new_entity) for e in doc.entities}
        local = {ref: link.entity for ref, link in links.items()}
        self._linker.counted(local.values())
        for entity in doc.entities:
            self._count_names(links[entity.id], entity, n)
        self.db.executemany(
            'INSERT INTO mentions (doc, entity, start, "end") VALUES (?, ?, ?, ?)',
            [(n, local[e.id], m.start, m.end) for e in doc.entities for m in e.mentions],
        )
        self.db.executemany(
            'INSERT INTO times (doc, start, "end", type, value, relative, mod) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [(n, t.start, t.end, t.type, t.value, t.relative, t.mod) for t in doc.times],
        )
        self._count_days(
            doc.published,
            set(local.values()),
            [local.get(q.speaker.entity) for q in doc.quotes if q.speaker and q.speaker.entity],
        )
        self.db.executemany(
            'INSERT INTO quotes (doc, start, "end", kind, cue_start, cue_end, speaker, speaker_name, speaker_key,'
            " addressee, addressee_name, via, via_name, time_value, time_start, time_end, idx, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [quote_row(n, k, q, local, doc.text) for k, q in enumerate(doc.quotes)],
        )
        self.db.executemany(
            'INSERT INTO events (doc, idx, start, "end", type, cameo, actor, actor_name, actor_key, actor_code,'
            " target, target_name, target_key, target_code, negated, hypothetical, time_value, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [event_row(n, k, e, local, doc) for k, e in enumerate(doc.layer("events"))],
        )

    def reindex(self) -> None:
        """Rebuild every row derived from the stored documents, in the order they were
        stored: full-text rows, corpus entities (linked afresh) with their names and
        counts, mentions, times, quotes, events, the per-day counts. A store then answers
        as one ingested anew from the same documents does. Run by the REINDEX migration
        (match keys and linking changed) inside the caller's transaction. Documents stored
        without Latin names get them (``entities.latin``)."""
        from khabar.entities.latin import add_latin

        q = self.db.execute
        legacy = q("SELECT d.id FROM documents d JOIN contents c ON c.n = d.n WHERE c.layers IS NULL").fetchall()
        for (doc_id,) in legacy:  # kept whole first: their layers are read from the tables cleared below
            doc = self.get(doc_id)
            assert doc is not None
            q(
                "UPDATE contents SET layers = ? WHERE n = (SELECT n FROM documents WHERE id = ?)",
                (encode_layers(doc), doc_id),
            )
        derived = ("search", "mentions", "times", "quotes", "events", "aliases", "roles", "latins", "role_mentions")
        for table in (*derived, "entity_days", "speaker_days", "entities"):
            q(f"DELETE FROM {table}")
        self._linker.reset()
        self._linker.load((), ())
        for doc_id, n in q("SELECT id, n FROM documents ORDER BY n").fetchall():
            doc = self.get(doc_id)
            assert doc is not None
            if any(e.latin is None for e in doc.entities):
                named = doc.replace(entities=tuple(add_latin(list(doc.entities))))
                if named != doc:
                    doc = named
                    q("UPDATE contents SET layers = ? WHERE n = ?", (encode_layers(doc), n))
            self._index(n, doc)

    def _count_days(self, published: str | None, entities: set[int], speakers: list[int | None]) -> None:
        """One more article for each entity on the document's day, one more quote per speaker's quote."""
        day = published or ""
        self.db.executemany(
            "INSERT INTO entity_days (day, entity, articles) VALUES (?, ?, 1)"
            " ON CONFLICT (day, entity) DO UPDATE SET articles = articles + 1",
            [(day, e) for e in sorted(entities)],
        )
        self.db.executemany(
            "UPDATE entities SET articles = articles + 1 WHERE id = ?", [(e,) for e in sorted(entities)]
        )
        self.db.executemany(
            "INSERT INTO speaker_days (day, entity, quotes) VALUES (?, ?, 1)"
            " ON CONFLICT (day, entity) DO UPDATE SET quotes = quotes + 1",
            [(day, e) for e in speakers if e is not None],
        )

    def _load_linker(self) -> None:
        self._linker.load(
            self.db.execute("SELECT id, type, key, articles FROM entities ORDER BY id"),
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

    def _count_names(self, link: Link, entity: Entity, n: int) -> None:
        eid = link.entity
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
            self.db.execute("INSERT OR IGNORE INTO role_mentions (entity, role, doc) VALUES (?, ?, ?)", (eid, role, n))

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

    def document_outlets(self, doc_ids: Sequence[str]) -> dict[str, list[str]]:
        out: dict[str, set[str]] = {}
        for start in range(0, len(doc_ids), 500):
            part = list(doc_ids[start : start + 500])
            rows = self.db.execute(
                "SELECT d.id, s.name FROM documents d LEFT JOIN inputs i ON i.doc = d.n"
                f" LEFT JOIN sources s ON s.id = i.source WHERE d.id IN ({','.join('?' * len(part))})",
                part,
            )
            for doc, name in rows:
                names = out.setdefault(doc, set())
                if name is not None:
                    names.add(name)
        return {doc: sorted(names) for doc, names in out.items()}

    def near_duplicates(self, doc_id: str) -> list[DocumentInfo]:
        row = self.db.execute("SELECT COALESCE(duplicate_of, id) FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return []
        rows = self.db.execute(
            f"SELECT {_INFO} FROM documents d LEFT JOIN sources s ON s.id = d.source"
            " WHERE d.n IN (SELECT n FROM documents WHERE id = ?1 UNION SELECT n FROM documents WHERE duplicate_of = ?1)"
            " AND d.id != ?2 ORDER BY d.published IS NULL, d.published, d.n",
            (row[0], doc_id),
        )
        return [DocumentInfo(*r) for r in rows]

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

    def stories(
        self, limit: int = 10, min_size: int = 2, offset: int = 0, order: StoryOrder = "size"
    ) -> list[StorySummary]:
        ranking = "size DESC, id" if order == "size" else "last_published IS NULL, last_published DESC, size DESC, id"
        rows = self.db.execute(
            "SELECT id, size, first_published, last_published FROM stories WHERE size >= ?"
            f" ORDER BY {ranking} LIMIT ? OFFSET ?",
            (min_size, limit, offset),
        ).fetchall()
        return [self._story_summary(*row) for row in rows]

    def story(self, story_id: int) -> StorySummary | None:
        row = self.db.execute(
            "SELECT id, size, first_published, last_published FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return self._story_summary(*row) if row else None

    def _story_summary(self, sid: int, size: int, first: str | None, last: str | None) -> StorySummary:
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
        return StorySummary(sid, size, first, last, outlets, title[0] if title else None)

    def story_documents(self, story_id: int, limit: int = 500) -> list[DocumentInfo]:
        rows = self.db.execute(
            f"SELECT {_INFO} FROM documents d LEFT JOIN sources s ON s.id = d.source WHERE d.story = ?"
            " ORDER BY d.published IS NULL, d.published, d.n LIMIT ?",
            (story_id, limit),
        )
        return [DocumentInfo(*r) for r in rows]

    # --- corpus entities and quotes -----------------------------------------------------

    def entity_ids(self, name: str) -> list[int]:
        """Entities whose name or one of whose aliases is ``name`` in matching form; a
        single word also finds every person whose name ends with it (all of them: a
        query may list two people who share a surname, a merge may not)."""
        if not arabic.is_arabic(name):  # a Latin name: Lavrov, Sergey Lavrov
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
        articles, first, last = q(  # from the per-day counts: a few rows, not every mention
            "SELECT COALESCE(SUM(articles), 0), MIN(NULLIF(day, '')), MAX(NULLIF(day, '')) FROM entity_days"
            " WHERE entity = ?",
            (entity_id,),
        ).fetchone()
        quotes = q("SELECT COUNT(*) FROM quotes WHERE speaker = ?", (entity_id,)).fetchone()[0]
        co = q(  # each article's mentions counted once per entity, not once per pair of mentions
            "SELECT e.name, e.type, x.c FROM (SELECT o.entity, COUNT(DISTINCT o.doc) AS c FROM mentions o"
            " WHERE o.doc IN (SELECT doc FROM mentions WHERE entity = ?1) AND o.entity != ?1 GROUP BY o.entity) x"
            " JOIN entities e ON e.id = x.entity ORDER BY x.c DESC, e.name LIMIT 10",
            (entity_id,),
        ).fetchall()
        latin = q(
            "SELECT latin FROM latins WHERE entity = ? ORDER BY count DESC, latin LIMIT 1", (entity_id,)
        ).fetchone()
        return EntityProfile(
            entity_id, etype, name, aliases, roles, articles, quotes, first, last, co, latin[0] if latin else None
        )

    def quotes(self, filters: QuoteFilters = QuoteFilters(), limit: int = 100, offset: int = 0) -> list[QuoteRecord]:
        """Quotes, newest first; with a speaker, those of the entities of that name (or,
        when the speaker was never resolved to an entity, of that name as written)."""
        where: list[str] = []
        params: list[Any] = []
        if filters.speaker:
            ids = self.entity_ids(filters.speaker)
            where.append(f"(q.speaker IN ({','.join('?' * len(ids)) or 'NULL'}) OR q.speaker_key = ?)")
            params += [*ids, name_key(filters.speaker)]
        if filters.speaker_entity is not None:
            where.append("q.speaker = ?")
            params.append(filters.speaker_entity)
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
        phrases: list[str] = []
        if filters.words:  # the article must match; the quote's own words are checked below
            match = fts_query(filters.words)
            where.append("q.doc IN (SELECT rowid FROM search WHERE search MATCH ?)")
            params.append(match)
            phrases = [" " + p.strip('"') + " " for p in match.split(" AND ")]
        sql = (
            f'SELECT {_INFO}, q.data, q.speaker, q.start, q."end", q.kind, q.cue_start, q.cue_end,'
            " q.speaker_name, q.addressee_name, q.via_name, q.time_value, c.text"
            " FROM quotes q JOIN documents d ON d.n = q.doc JOIN contents c ON c.n = q.doc"
            f" LEFT JOIN sources s ON s.id = d.source {'WHERE ' + ' AND '.join(where) if where else ''}"
            " ORDER BY d.published IS NULL, d.published DESC, q.doc, q.start"
        )
        if not phrases:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        out: list[QuoteRecord] = []
        skip = offset if phrases else 0
        for row in self.db.execute(sql, params):
            if phrases:
                keys = " " + index_form(row[-1][row[9] : row[10]]) + " "
                if not all(p in keys for p in phrases):
                    continue
                if skip:
                    skip -= 1
                    continue
            info = DocumentInfo(*row[:7])
            data, speaker = row[7], row[8]
            quote = json.loads(data) if data is not None else legacy_quote(*row[9:])
            out.append(QuoteRecord(info, quote, (speaker,) if speaker is not None else ()))
            if len(out) >= limit:
                break
        return out

    def entity_links(self, doc_id: str) -> dict[str, int]:
        row = self.db.execute(
            "SELECT d.n, c.layers FROM documents d JOIN contents c ON c.n = d.n WHERE d.id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return {}
        n, blob = row
        spans = self.db.execute(
            'SELECT entity, start, "end" FROM mentions WHERE doc = ? ORDER BY start', (n,)
        ).fetchall()
        if blob is None:  # a legacy document numbers its entities by first mention (_legacy_document)
            local: dict[int, str] = {}
            for eid, _, _ in spans:
                local.setdefault(eid, f"e{len(local) + 1}")
            return {ref: eid for eid, ref in local.items()}
        linked = {(start, end): eid for eid, start, end in spans}
        out = {}
        for e in json.loads(zlib.decompress(blob).decode("utf-8")).get("entities", ()):
            for m in e.get("mentions", ())[:1]:
                eid = linked.get((m["start"], m["end"]))
                if eid is not None:
                    out[e["id"]] = eid
        return out

    def entity_timeline(self, entity_id: int) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT day, articles FROM entity_days WHERE entity = ? AND day != '' ORDER BY day", (entity_id,)
        )
        return [(day, count) for day, count in rows]

    def entity_roles(self, entity_id: int) -> list[RoleSeen]:
        rows = self.db.execute(
            "SELECT r.role, COUNT(*) AS c, MIN(d.published), MAX(d.published) FROM role_mentions r"
            " JOIN documents d ON d.n = r.doc WHERE r.entity = ? GROUP BY r.role ORDER BY c DESC, r.role",
            (entity_id,),
        )
        return [RoleSeen(*r) for r in rows]

    def entity_outlets(self, entity_id: int, limit: int = 20) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT s.name, COUNT(DISTINCT i.doc) AS c FROM inputs i JOIN sources s ON s.id = i.source"
            " WHERE i.doc IN (SELECT doc FROM mentions WHERE entity = ?) GROUP BY s.name ORDER BY c DESC, s.name LIMIT ?",
            (entity_id, limit),
        )
        return [(name, count) for name, count in rows]

    def entity_quoted_by(self, entity_id: int, limit: int = 10) -> list[EntityCount]:
        rows = self.db.execute(
            "SELECT e.id, e.name, e.type, x.c FROM (SELECT q.speaker, COUNT(DISTINCT q.id) AS c FROM mentions m"
            ' JOIN quotes q ON q.doc = m.doc AND m.start >= q.start AND m."end" <= q."end"'
            " WHERE m.entity = ?1 AND q.speaker IS NOT NULL AND q.speaker != ?1 GROUP BY q.speaker) x"
            " JOIN entities e ON e.id = x.speaker ORDER BY x.c DESC, e.name LIMIT ?2",
            (entity_id, limit),
        )
        return [EntityCount(*r) for r in rows]

    def top_entities(
        self, date_from: str | None = None, date_to: str | None = None, limit: int = 10, type: str | None = None
    ) -> list[EntityCount]:
        """Entities are visited from the most mentioned of all time down; an entity's
        count in a period is at most its all-time count, so the visit stops as soon as
        the next all-time count is below the period's ``limit``-th best (exact, and a
        few hundred entities read instead of every mention of the period)."""
        chosen = _where(["articles > 0", *(["type = ?"] if type else [])])
        kind = (type,) if type else ()
        if not (date_from or date_to):  # every day: the all-time counts are the answer
            rows = self.db.execute(
                f"SELECT id, name, type, articles FROM entities {chosen} ORDER BY articles DESC, name LIMIT ?",
                (*kind, limit),
            )
            return [EntityCount(*r) for r in rows]
        everyone = self.db.execute(
            f"SELECT id, name, type, articles FROM entities {chosen} ORDER BY articles DESC", kind
        )
        where, params = _period("day", date_from, date_to)
        where.append("day != ''")
        found: list[EntityCount] = []
        while batch := everyone.fetchmany(256):
            if len(found) >= limit:
                found.sort(key=lambda e: (-e.count, e.name))
                del found[limit:]
                if batch[0][3] < found[-1].count:
                    break
            names = {eid: (name, etype) for eid, name, etype, _ in batch}
            counts = self.db.execute(
                f"SELECT entity, SUM(articles) FROM entity_days WHERE entity IN ({','.join('?' * len(batch))})"
                f" AND {' AND '.join(where)} GROUP BY entity",
                (*names, *params),
            )
            found += [EntityCount(eid, *names[eid], count) for eid, count in counts if count]
        return sorted(found, key=lambda e: (-e.count, e.name))[:limit]

    def top_speakers(
        self, date_from: str | None = None, date_to: str | None = None, limit: int = 10
    ) -> list[EntityCount]:
        where, params = _period("x.day", date_from, date_to)
        if date_from or date_to:
            where.append("x.day != ''")
        rows = self.db.execute(
            "SELECT e.id, e.name, e.type, SUM(x.quotes) AS c FROM speaker_days x JOIN entities e ON e.id = x.entity"
            f" {_where(where)} GROUP BY x.entity ORDER BY c DESC, e.name LIMIT ?",
            (*params, limit),
        )
        return [EntityCount(*r) for r in rows]

    def daily_counts(self, date_from: str | None = None, date_to: str | None = None) -> list[OutletDay]:
        where, params = _period("i.published", date_from, date_to)
        where.append("i.published IS NOT NULL")
        rows = self.db.execute(
            "SELECT i.published, s.name, COUNT(*) FROM inputs i LEFT JOIN sources s ON s.id = i.source"
            f" {_where(where)} GROUP BY i.published, s.name ORDER BY i.published, s.name IS NULL, s.name",
            params,
        )
        return [OutletDay(*r) for r in rows]

    def events(self, filters: EventFilters = EventFilters(), limit: int = 100) -> list[EventRecord]:
        """Events, newest article first; an actor or target names the entities of that
        name (or, when never resolved to an entity, the name as written)."""
        where: list[str] = []
        params: list[Any] = []
        for column, name in (("actor", filters.actor), ("target", filters.target)):
            if name:
                ids = self.entity_ids(name)
                where.append(f"(v.{column} IN ({','.join('?' * len(ids)) or 'NULL'}) OR v.{column}_key = ?)")
                params += [*ids, name_key(name)]
        if filters.type:
            where.append("v.type = ?")
            params.append(filters.type.upper())
        if filters.date_from:
            where.append("d.published >= ?")
            params.append(filters.date_from)
        if filters.date_to:
            where.append("d.published <= ?")
            params.append(filters.date_to)
        sql = (
            f"SELECT {_INFO}, v.data, v.actor, v.target FROM events v JOIN documents d ON d.n = v.doc"
            f" LEFT JOIN sources s ON s.id = d.source {'WHERE ' + ' AND '.join(where) if where else ''}"
            " ORDER BY d.published IS NULL, d.published DESC, v.doc, v.start LIMIT ?"
        )
        out = []
        for row in self.db.execute(sql, (*params, limit)):
            actor, target = row[8], row[9]
            out.append(
                EventRecord(
                    DocumentInfo(*row[:7]),
                    json.loads(row[7]),
                    (actor,) if actor is not None else (),
                    (target,) if target is not None else (),
                )
            )
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
        match, where, params = self._matching(query, filters)
        ranking = "score" if order == "relevance" else "d.published IS NULL, d.published DESC, d.n DESC"
        # rank on the index and the small columns only; fetch texts for the top hits alone
        sql = (
            "SELECT d.id, d.title, d.published, s.name, d.url, top.score, c.text, d.duplicate_of FROM ("
            " SELECT search.rowid AS n, bm25(search, 2.0, 1.0, 1.0) AS score FROM search"
            f"{' JOIN documents d ON d.n = search.rowid' if len(where) > 1 or order != 'relevance' else ''}"
            f" WHERE {' AND '.join(where)} ORDER BY {ranking} LIMIT ? OFFSET ?) AS top"
            " JOIN documents d ON d.n = top.n JOIN contents c ON c.n = top.n LEFT JOIN sources s ON s.id = d.source"
            f" ORDER BY {'top.score' if order == 'relevance' else ranking}"
        )
        keys = match_keys(match)
        return [
            SearchHit(i, t, p, s, u, -score, snippet(text, keys), dup)
            for i, t, p, s, u, score, text, dup in self.db.execute(sql, (*params, limit, offset))
        ]

    def search_facets(
        self, query: str, filters: SearchFilters = SearchFilters(), limit: int = 10, scope: int = 1000
    ) -> SearchFacets:
        _, where, params = self._matching(query, filters)
        joined = " JOIN documents d ON d.n = search.rowid" if len(where) > 1 else ""  # only filters read documents
        found = sorted(
            r[0]
            for r in self.db.execute(f"SELECT search.rowid FROM search{joined} WHERE {' AND '.join(where)}", params)
        )
        hits = json.dumps(found)
        recent = json.dumps(found[-scope:] if scope else [])
        q = self.db.execute
        sources = q(
            "SELECT s.name, COUNT(DISTINCT i.doc) AS c FROM json_each(?) h JOIN inputs i ON i.doc = h.value"
            " JOIN sources s ON s.id = i.source GROUP BY s.name ORDER BY c DESC, s.name LIMIT ?",
            (hits, limit),
        ).fetchall()
        days = q(
            "SELECT d.published, COUNT(*) FROM json_each(?) h JOIN documents d ON d.n = h.value"
            " WHERE d.published IS NOT NULL GROUP BY d.published ORDER BY d.published",
            (hits,),
        ).fetchall()
        entities = q(
            "SELECT e.id, e.name, e.type, x.c FROM (SELECT m.entity, COUNT(DISTINCT m.doc) AS c FROM json_each(?) h"
            " JOIN mentions m ON m.doc = h.value GROUP BY m.entity) x JOIN entities e ON e.id = x.entity"
            " ORDER BY x.c DESC, e.name LIMIT ?",
            (recent, limit),
        ).fetchall()
        speakers = q(
            "SELECT e.id, e.name, e.type, COUNT(DISTINCT q.doc) AS c FROM json_each(?) h"
            " JOIN quotes q ON q.doc = h.value JOIN entities e ON e.id = q.speaker"
            " GROUP BY q.speaker ORDER BY c DESC, e.name LIMIT ?",
            (recent, limit),
        ).fetchall()
        return SearchFacets(
            len(found),
            [(n, c) for n, c in sources],
            [(d, c) for d, c in days],
            [EntityCount(*r) for r in entities],
            [EntityCount(*r) for r in speakers],
            min(scope, len(found)),
        )

    def _matching(self, query: str, filters: SearchFilters) -> tuple[str, list[str], list[Any]]:
        """The MATCH expression, and the conditions and parameters that pick the
        documents ``search`` returns for ``query`` and ``filters``."""
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
        return match, where, params

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
        elif table == "events":
            sql = (
                "SELECT d.id AS document, d.published, s.name AS source, v.type, v.cameo,"
                " COALESCE(ae.name, v.actor_name) AS actor, v.actor AS actor_entity, v.actor_code,"
                " COALESCE(te.name, v.target_name) AS target, v.target AS target_entity, v.target_code,"
                " v.negated, v.hypothetical, v.time_value AS time,"
                " json_extract(v.data, '$.trigger.text') AS trigger, json_extract(v.data, '$.location.name') AS location,"
                ' v.start, v."end", substr(c.text, v.start + 1, v."end" - v.start) AS text'
                " FROM events v JOIN documents d ON d.n = v.doc JOIN contents c ON c.n = v.doc"
                " LEFT JOIN sources s ON s.id = d.source LEFT JOIN entities ae ON ae.id = v.actor"
                " LEFT JOIN entities te ON te.id = v.target ORDER BY v.id"
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
        tables = ("documents", "inputs", "sources", "entities", "mentions", "quotes", "times", "events", "stories")
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


def _period(column: str, date_from: str | None, date_to: str | None) -> tuple[list[str], list[Any]]:
    """Conditions (and their parameters) that keep ``column`` within the period's ISO days."""
    where: list[str] = []
    params: list[Any] = []
    if date_from:
        where.append(f"{column} >= ?")
        params.append(date_from)
    if date_to:
        where.append(f"{column} <= ?")
        params.append(date_to)
    return where, params


def _where(conditions: list[str]) -> str:
    return "WHERE " + " AND ".join(conditions) if conditions else ""


def _like(text: str) -> str:
    """``text`` as a LIKE pattern that matches itself only (ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _statements(script: str) -> list[str]:
    """Split a migration into statements (none of ours holds a ';' inside a literal)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
