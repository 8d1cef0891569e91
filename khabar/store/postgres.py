"""The shared store: PostgreSQL, for a newsroom's server that many ingests feed at once.

Same tables as the SQLite store (``postgres_schema``), same answers: search ranks with
FTS5's own BM25 formula over the same tokens (``fulltext.fts5_tokens``), so a query
returns the same ids in the same order from either backend.

Many writers. Each ``write`` is one transaction that takes one advisory lock
(``pg_advisory_xact_lock``) before it reads anything, and holds it to its commit:
batches from any number of processes are applied one after another, in commit order,
exactly as one SQLite writer would apply them. Inside the lock a writer first brings its
entity linker up to date with what the others committed (entities and aliases newer than
what it has seen), then links, allocates ids and writes. So linking is the one rule of
``corpus.entities``, never two writers' guesses; an exact copy is found whoever stored
the original; no row is written twice, and there is no deadlock (one lock, always taken
first). The costly part of a batch (analysis, encoding layers, index forms) happens
before the lock, so writers overlap everywhere but in the short write itself. A killed
writer's transaction is rolled back by the server: nothing of it stays.

Near-duplicates are recomputed from the whole store by each ingest at its end
(``corpus.dedup``); two ingests finishing together must not leave the older answer, so
``set_duplicates`` stores the document count its answer was computed from and keeps an
answer computed from more documents.

psycopg 3 (LGPL-3.0) and psycopg_pool: ``pip install 'khabar[postgres]'``; imported only
when a ``postgresql://`` store is opened.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from khabar.corpus.entities import EntityLinker, Link, latin_key, name_key
from khabar.document import Document, Entity
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
from khabar.store.postgres_schema import MIGRATIONS, REINDEX
from khabar.store.postgres_search import SearchRow, matching_sql, names_sql, query_lexemes, search_sql, tsquery
from khabar.store.rows import event_row, layout_json, legacy_quote, quote_row

try:
    import psycopg
    from psycopg.abc import Buffer
    from psycopg.types.string import StrBinaryDumper, StrDumperUnknown
    from psycopg_pool import ConnectionPool, PoolTimeout
except ImportError:  # pragma: no cover - the message is the point
    raise StoreError(
        "a postgresql:// store needs psycopg: pip install 'khabar[postgres]' (psycopg 3 and psycopg_pool, LGPL-3.0)"
    ) from None

LEAD = 200  # characters of text that story grouping reads when a title is missing
WRITE_LOCK = 0x6B686162  # "khab": one advisory lock per database, held by the batch being written
MIGRATE_LOCK = 0x6B686D67  # "khmg"
POOL_SIZE = 8  # connections: a threaded web server's readers, plus a writer
CONNECT_SECONDS = 10
COUNTS_MIGRATION = 3  # the migration that adds the tables rebuild_counts fills

_INFO = "d.id, d.title, d.published, s.name, d.url, d.duplicate_of, d.story"
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return _PASSWORD.sub(r"\1***@", url)


def _without_nul(text: str) -> str:
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


class _Text(StrDumperUnknown):
    """Strings as PostgreSQL text, which cannot hold NUL (SQLite's can): a NUL becomes
    U+FFFD, the replacement character, one code point for one, so offsets hold. A
    stored URL or outlet carrying one (the pipeline cleans text and titles, not those)
    is stored instead of failing its batch; a name or id with one looked up finds what
    SQLite finds: what was stored with it, else nothing."""

    def dump(self, obj: str) -> Buffer | None:
        return super().dump(_without_nul(obj))


class _BinaryText(StrBinaryDumper):
    def dump(self, obj: str) -> Buffer | None:
        return super().dump(_without_nul(obj))


def _adapt(conn: psycopg.Connection) -> None:
    conn.adapters.register_dumper(str, _Text)
    conn.adapters.register_dumper(str, _BinaryText)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What a batch item needs written, made before the write lock is taken."""

    item: Incoming
    layers: bytes
    layout: str
    search: SearchRow

    @classmethod
    def of(cls, item: Incoming) -> _Prepared:
        doc = item.document
        forms = item.search_form or document_search_form(doc)
        return cls(item, encode_layers(doc), layout_json(doc), SearchRow.of(*forms))


class PostgresStore:
    def __init__(self, url: str, *, readonly: bool = False):
        self.location = url
        self.readonly = readonly
        self._check_server(url, readonly)

        def configure(conn: psycopg.Connection) -> None:
            _adapt(conn)
            # psycopg prepares a statement run 5 times; the server then plans it once for any
            # parameters, and a search planned without knowing how common its words are ran
            # 5x slower (30 ms -> 160 ms for a rare word): plan each run for its own values
            conn.execute("SET plan_cache_mode = force_custom_plan")
            if readonly:
                conn.execute("SET default_transaction_read_only = on")

        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            kwargs={"autocommit": True},
            configure=configure,
            open=False,
            name="khabar",
        )
        try:
            self.pool.open(wait=True, timeout=CONNECT_SECONDS)
        except PoolTimeout:
            raise StoreError(f"cannot connect to {redact(url)} (timed out)") from None
        self._linker = EntityLinker()
        self._seen: dict[str, int] = {}  # the linker knows entities, aliases, Latin names up to these sequence numbers
        self._sources: dict[str, int] = {}
        self._dedup_basis: int | None = None

    # --- schema ---------------------------------------------------------------------

    def _check_server(self, url: str, readonly: bool) -> None:
        """Connect once, bring the schema up to date (or, read-only, insist that it is)."""
        try:
            conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_SECONDS)
            _adapt(conn)
        except psycopg.Error as e:
            reason = " ".join(str(e).split())
            raise StoreError(f"cannot connect to {redact(url)}: {reason}") from None
        with conn:
            encoding = conn.execute("SHOW server_encoding").fetchone()
            if encoding is None or encoding[0] != "UTF8":
                raise StoreError(f"{redact(url)} is not a UTF8 database; create one with ENCODING 'UTF8'")
            version = schema_version(conn)
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"{redact(url)} has schema version {version}, newer than this khabar's {len(MIGRATIONS)}; upgrade khabar"
                )
            if readonly and version == 0:
                raise StoreError(
                    f"no khabar store at {redact(url)}; create one with 'khabar db upgrade --db URL' or "
                    "'khabar ingest PATH --db URL'"
                )
            if readonly and version < len(MIGRATIONS):
                raise StoreError(
                    f"{redact(url)} has schema version {version}, this khabar reads {len(MIGRATIONS)}; "
                    "run 'khabar db upgrade --db URL'"
                )
            if not readonly:
                migrate(conn)

    def version(self) -> int:
        with self.pool.connection() as conn:
            return schema_version(conn)

    def lock_for_writing(self) -> None:
        """Nothing to claim: any number of processes may write (see the module's docstring)."""

    # --- writing ----------------------------------------------------------------------

    def known_inputs(self, keys: Sequence[str]) -> set[str]:
        with self.pool.connection() as conn:
            return {r[0] for r in conn.execute("SELECT key FROM inputs WHERE key = ANY(%s)", (list(keys),))}

    def write(self, batch: Sequence[Incoming]) -> WriteCounts:
        """Store a batch in one transaction: all of it, or (on any error) none of it."""
        prepared = [_Prepared.of(item) for item in batch]
        with self.pool.connection() as conn:
            try:
                with conn.transaction():
                    return _BatchWriter(self, conn.cursor()).write(prepared)
            except BaseException:
                self._linker.reset()  # it may hold entities of the rolled-back batch
                self._seen.clear()
                self._sources.clear()
                raise

    def _refresh_linker(self, cur: psycopg.Cursor) -> None:
        """Teach the linker what other writers committed since it last looked: new and
        counted-again entities, new aliases and Latin names (each row has a sequence
        number that a write renews)."""
        seen = self._seen
        names = cur.execute(
            "SELECT id, type, key, articles, seq FROM entities WHERE seq > %s ORDER BY seq", (seen.get("entities", 0),)
        ).fetchall()
        aliases = cur.execute(
            "SELECT a.entity, e.type, a.key, a.seq FROM aliases a JOIN entities e ON e.id = a.entity"
            " WHERE a.seq > %s ORDER BY a.seq",
            (seen.get("aliases", 0),),
        ).fetchall()
        latins = cur.execute(
            "SELECT l.entity, e.type, l.latin, l.seq FROM latins l JOIN entities e ON e.id = l.entity"
            " WHERE l.seq > %s ORDER BY l.seq",
            (seen.get("latins", 0),),
        ).fetchall()
        self._linker.load([r[:4] for r in names], [r[:3] for r in aliases], [r[:3] for r in latins])
        for table, rows in (("entities", names), ("aliases", aliases), ("latins", latins)):
            if rows:
                seen[table] = rows[-1][-1]

    def _source_id(self, cur: psycopg.Cursor, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self._sources:
            cur.execute(
                "INSERT INTO sources (id, name) SELECT COALESCE(MAX(id), 0) + 1, %s FROM sources"
                " ON CONFLICT (name) DO NOTHING",
                (name,),
            )
            row = cur.execute("SELECT id FROM sources WHERE name = %s", (name,)).fetchone()
            assert row is not None
            self._sources[name] = row[0]
        return self._sources[name]

    # --- documents --------------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT d.title, d.published, d.url, s.name, d.author, d.language, c.text, c.layers"
                " FROM documents d JOIN contents c ON c.n = d.n LEFT JOIN sources s ON s.id = d.source WHERE d.id = %s",
                (doc_id,),
            ).fetchone()
        if row is None:
            return None
        title, published, url, source, author, language, text, blob = row
        meta = {"title": title, "published": published, "url": url, "source": source, "author": author}
        meta["language"] = language
        if blob is None:  # db copy fills layers in; nothing else writes a row without them
            raise StoreError(f"document {doc_id[:12]} has no stored layers; copy the store again")
        return decode_document(bytes(blob), text, meta)

    def find_ids(self, prefix: str, limit: int = 10) -> list[str]:
        """Ids that start with ``prefix`` (a shortened id, as the listings print them)."""
        prefix = prefix.strip().lower()
        if not prefix:
            return []
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT id FROM documents WHERE id >= %s AND id < %s ORDER BY id LIMIT %s",
                (prefix, prefix + "g", limit),
            )
            return [r[0] for r in rows]

    def documents(self, after: str | None = None, limit: int = 100) -> list[DocumentInfo]:
        with self.pool.connection() as conn:
            start = 0
            if after is not None:
                row = conn.execute("SELECT n FROM documents WHERE id = %s", (after,)).fetchone()
                if row is None:
                    raise StoreError(f"no document {after[:12]} to list after")
                start = row[0]
            rows = conn.execute(
                f"SELECT {_INFO} FROM documents d LEFT JOIN sources s ON s.id = d.source WHERE d.n > %s"
                " ORDER BY d.n LIMIT %s",
                (start, limit),
            )
            return [DocumentInfo(*r) for r in rows]

    def info(self, doc_id: str) -> DocumentInfo | None:
        with self.pool.connection() as conn:
            row = conn.execute(
                f"SELECT {_INFO} FROM documents d LEFT JOIN sources s ON s.id = d.source WHERE d.id = %s", (doc_id,)
            ).fetchone()
        return DocumentInfo(*row) if row else None

    def text(self, doc_id: str) -> str:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT c.text FROM documents d JOIN contents c ON c.n = d.n WHERE d.id = %s", (doc_id,)
            ).fetchone()
        if row is None:
            raise StoreError(f"no document {doc_id[:12]}")
        return str(row[0])

    def document_outlets(self, doc_ids: Sequence[str]) -> dict[str, list[str]]:
        out: dict[str, set[str]] = {}
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT d.id, s.name FROM documents d LEFT JOIN inputs i ON i.doc = d.n"
                " LEFT JOIN sources s ON s.id = i.source WHERE d.id = ANY(%s)",
                (list(doc_ids),),
            )
            for doc, name in rows:
                names = out.setdefault(doc, set())
                if name is not None:
                    names.add(name)
        return {doc: sorted(names) for doc, names in out.items()}

    def near_duplicates(self, doc_id: str) -> list[DocumentInfo]:
        with self.pool.connection() as conn:
            row = conn.execute("SELECT COALESCE(duplicate_of, id) FROM documents WHERE id = %s", (doc_id,)).fetchone()
            if row is None:
                return []
            rows = conn.execute(
                f"SELECT {_INFO} FROM documents d LEFT JOIN sources s ON s.id = d.source"
                " WHERE (d.id = %(original)s OR d.duplicate_of = %(original)s) AND d.id <> %(me)s"
                " ORDER BY d.published NULLS LAST, d.n",
                {"original": row[0], "me": doc_id},
            )
            return [DocumentInfo(*r) for r in rows]

    # --- near-duplicates ----------------------------------------------------------------

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # the count and the rows agree
            count = conn.execute("SELECT COUNT(*) FROM documents").fetchone()
            self._dedup_basis = count[0] if count else None
            with conn.cursor(name="khabar_signatures") as cur:
                cur.execute(
                    "SELECT d.id, c.signature FROM documents d JOIN contents c ON c.n = d.n"
                    " WHERE c.signature IS NOT NULL ORDER BY d.published ASC NULLS LAST, d.n"
                )
                for doc_id, blob in cur:
                    yield doc_id, bytes(blob)

    def set_duplicates(self, duplicate_of: Mapping[str, str]) -> None:
        """Replace every near-duplicate link, unless the links stored were computed from
        more documents than these (by an ingest that finished later)."""
        basis, self._dedup_basis = self._dedup_basis, None
        with self.pool.connection() as conn, conn.transaction():
            row = conn.execute("SELECT documents FROM dedup_state FOR UPDATE").fetchone()
            stored = row[0] if row else None
            if basis is not None and stored is not None and stored > basis:
                return
            conn.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
            with conn.cursor() as cur:
                cur.executemany(
                    "UPDATE documents SET duplicate_of = %s WHERE id = %s",
                    [(original, doc) for doc, original in duplicate_of.items()],
                )
            conn.execute("UPDATE dedup_state SET documents = %s", (basis,))

    # --- stories ------------------------------------------------------------------------

    def story_inputs(self) -> list[StoryInput]:
        ents: dict[int, list[int]] = {}
        with self.pool.connection() as conn:
            for doc, entity in conn.execute("SELECT DISTINCT doc, entity FROM mentions ORDER BY doc, entity"):
                ents.setdefault(doc, []).append(entity)
            rows = conn.execute(
                f"SELECT d.n, d.id, d.published, d.title, substr(c.text, 1, {LEAD}), d.duplicate_of"
                " FROM documents d JOIN contents c ON c.n = d.n ORDER BY d.n"
            )
            return [StoryInput(i, p, t, lead, dup, tuple(ents.get(n, ()))) for n, i, p, t, lead, dup in rows]

    def embeddings(self) -> dict[str, bytes]:
        with self.pool.connection() as conn:
            rows = conn.execute("SELECT d.id, e.vector FROM embeddings e JOIN documents d ON d.n = e.n")
            return {doc: bytes(vector) for doc, vector in rows}

    def put_embeddings(self, vectors: Mapping[str, bytes]) -> None:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO embeddings (n, vector) SELECT n, %s FROM documents WHERE id = %s"
                " ON CONFLICT (n) DO UPDATE SET vector = EXCLUDED.vector",
                [(vector, doc) for doc, vector in vectors.items()],
            )

    def set_stories(self, story_of: Mapping[str, int]) -> None:
        """Replace every story: ``story_of`` maps document id to a story number."""
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute("UPDATE documents SET story = NULL WHERE story IS NOT NULL")
            cur.execute("DELETE FROM stories")
            cur.executemany("INSERT INTO stories (id, size) VALUES (%s, 0)", [(k + 1,) for k in set(story_of.values())])
            cur.executemany(
                "UPDATE documents SET story = %s WHERE id = %s", [(k + 1, doc) for doc, k in story_of.items()]
            )
            cur.execute(
                "UPDATE stories SET (size, first_published, last_published) ="
                " (SELECT COUNT(*), MIN(published), MAX(published) FROM documents WHERE story = stories.id)"
            )

    def stories(
        self, limit: int = 10, min_size: int = 2, offset: int = 0, order: StoryOrder = "size"
    ) -> list[StorySummary]:
        ranking = "size DESC, id" if order == "size" else "last_published DESC NULLS LAST, size DESC, id"
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT id, size, first_published, last_published FROM stories WHERE size >= %s"
                f" ORDER BY {ranking} LIMIT %s OFFSET %s",
                (min_size, limit, offset),
            ).fetchall()
            return [_story_summary(conn, *row) for row in rows]

    def story(self, story_id: int) -> StorySummary | None:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT id, size, first_published, last_published FROM stories WHERE id = %s", (story_id,)
            ).fetchone()
            return _story_summary(conn, *row) if row else None

    def story_documents(self, story_id: int, limit: int = 500) -> list[DocumentInfo]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                f"SELECT {_INFO} FROM documents d LEFT JOIN sources s ON s.id = d.source WHERE d.story = %s"
                " ORDER BY d.published NULLS LAST, d.n LIMIT %s",
                (story_id, limit),
            )
            return [DocumentInfo(*r) for r in rows]

    # --- corpus entities and quotes -----------------------------------------------------

    def entity_ids(self, name: str) -> list[int]:
        """Entities whose name or one of whose aliases is ``name`` in matching form; a
        single word also finds every person whose name ends with it. When nothing has
        that form, the names most like it (pg_trgm similarity >= ``NAME_SIMILARITY``):
        a spelling nobody used still finds its entity."""
        sql, params = names_sql(name, "n")
        with self.pool.connection() as conn:
            return sorted(r[0] for r in conn.execute(sql, params))

    def entity(self, entity_id: int) -> EntityProfile | None:
        with self.pool.connection() as conn, conn.transaction():
            q = conn.execute
            row = q("SELECT type, name FROM entities WHERE id = %s", (entity_id,)).fetchone()
            if row is None:
                return None
            etype, name = row
            aliases = q(
                "SELECT alias, count FROM aliases WHERE entity = %s ORDER BY count DESC, alias", (entity_id,)
            ).fetchall()
            roles = q(
                "SELECT role, count FROM roles WHERE entity = %s ORDER BY count DESC, role", (entity_id,)
            ).fetchall()
            counted = q(  # from the per-day counts: a few rows, not every mention
                "SELECT COALESCE(SUM(articles), 0), MIN(NULLIF(day, '')), MAX(NULLIF(day, '')) FROM entity_days"
                " WHERE entity = %s",
                (entity_id,),
            ).fetchone()
            assert counted is not None
            articles, first, last = counted
            quoted = q("SELECT COUNT(*) FROM quotes WHERE speaker = %s", (entity_id,)).fetchone()
            co = q(  # each article's mentions counted once per entity, not once per pair of mentions
                "SELECT e.name, e.type, x.c FROM (SELECT o.entity, COUNT(DISTINCT o.doc) AS c FROM mentions o"
                " WHERE o.doc IN (SELECT doc FROM mentions WHERE entity = %(e)s) AND o.entity <> %(e)s"
                " GROUP BY o.entity) x JOIN entities e ON e.id = x.entity ORDER BY x.c DESC, e.name, x.entity LIMIT 10",
                {"e": entity_id},
            ).fetchall()
            latin = q(
                "SELECT latin FROM latins WHERE entity = %s ORDER BY count DESC, latin LIMIT 1", (entity_id,)
            ).fetchone()
        return EntityProfile(
            entity_id,
            etype,
            name,
            [tuple(a) for a in aliases],
            [tuple(r) for r in roles],
            articles,
            quoted[0] if quoted else 0,
            first,
            last,
            [tuple(c) for c in co],
            latin[0] if latin else None,
        )

    def quotes(self, filters: QuoteFilters = QuoteFilters(), limit: int = 100, offset: int = 0) -> list[QuoteRecord]:
        """Quotes, newest first; with a speaker, those of the entities of that name (or,
        when the speaker was never resolved to an entity, of that name as written)."""
        where: list[str] = []
        params: list[Any] = []
        if filters.speaker:
            where.append("(q.speaker = ANY(%s) OR q.speaker_key = %s)")
            params += [self.entity_ids(filters.speaker), name_key(filters.speaker)]
        if filters.speaker_entity is not None:
            where.append("q.speaker = %s")
            params.append(filters.speaker_entity)
        if filters.entity:
            where.append("q.doc IN (SELECT doc FROM mentions WHERE entity = ANY(%s))")
            params.append(self.entity_ids(filters.entity))
        if filters.date_from:
            where.append("d.published >= %s")
            params.append(filters.date_from)
        if filters.date_to:
            where.append("d.published <= %s")
            params.append(filters.date_to)
        phrases: list[str] = []
        if filters.words:  # the article must match; the quote's own words are checked below
            match = fts_query(filters.words)
            lexemes = query_lexemes(filters.words)
            if lexemes is None:
                return []
            where.append("q.doc IN (SELECT n FROM search WHERE words @@ %s::tsquery)")
            params.append(tsquery(lexemes))
            phrases = [" " + p.strip('"') + " " for p in match.split(" AND ")]
        sql = (
            f'SELECT {_INFO}, q.data, q.speaker, q.start, q."end", q.kind, q.cue_start, q.cue_end,'
            " q.speaker_name, q.addressee_name, q.via_name, q.time_value, c.text"
            " FROM quotes q JOIN documents d ON d.n = q.doc JOIN contents c ON c.n = q.doc"
            f" LEFT JOIN sources s ON s.id = d.source {'WHERE ' + ' AND '.join(where) if where else ''}"
            " ORDER BY d.published DESC NULLS LAST, q.doc, q.start, q.id"
        )
        if not phrases:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        out: list[QuoteRecord] = []
        skip = offset if phrases else 0
        with self.pool.connection() as conn, conn.transaction():
            for row in _rows(conn, sql, params, stream=bool(phrases)):
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
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT d.n, c.layers FROM documents d JOIN contents c ON c.n = d.n WHERE d.id = %s", (doc_id,)
            ).fetchone()
            if row is None:
                return {}
            n, blob = row
            spans = conn.execute('SELECT entity, start, "end" FROM mentions WHERE doc = %s ORDER BY start', (n,))
            linked = {(start, end): eid for eid, start, end in spans}
        if blob is None:  # db copy fills layers in; nothing else writes a row without them
            raise StoreError(f"document {doc_id[:12]} has no stored layers; copy the store again")
        out = {}
        for e in json.loads(zlib.decompress(bytes(blob)).decode("utf-8")).get("entities", ()):
            for m in e.get("mentions", ())[:1]:
                eid = linked.get((m["start"], m["end"]))
                if eid is not None:
                    out[e["id"]] = eid
        return out

    def entity_timeline(self, entity_id: int) -> list[tuple[str, int]]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT day, articles FROM entity_days WHERE entity = %s AND day <> '' ORDER BY day", (entity_id,)
            )
            return [(day, count) for day, count in rows]

    def entity_roles(self, entity_id: int) -> list[RoleSeen]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT r.role, COUNT(*) AS c, MIN(d.published), MAX(d.published) FROM role_mentions r"
                " JOIN documents d ON d.n = r.doc WHERE r.entity = %s GROUP BY r.role ORDER BY c DESC, r.role",
                (entity_id,),
            )
            return [RoleSeen(*r) for r in rows]

    def entity_outlets(self, entity_id: int, limit: int = 20) -> list[tuple[str, int]]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT s.name, COUNT(DISTINCT i.doc) AS c FROM inputs i JOIN sources s ON s.id = i.source"
                " WHERE i.doc IN (SELECT doc FROM mentions WHERE entity = %s) GROUP BY s.name"
                " ORDER BY c DESC, s.name LIMIT %s",
                (entity_id, limit),
            )
            return [(name, count) for name, count in rows]

    def entity_quoted_by(self, entity_id: int, limit: int = 10) -> list[EntityCount]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT e.id, e.name, e.type, x.c FROM (SELECT q.speaker, COUNT(DISTINCT q.id) AS c FROM mentions m"
                ' JOIN quotes q ON q.doc = m.doc AND m.start >= q.start AND m."end" <= q."end"'
                " WHERE m.entity = %(e)s AND q.speaker IS NOT NULL AND q.speaker <> %(e)s GROUP BY q.speaker) x"
                " JOIN entities e ON e.id = x.speaker ORDER BY x.c DESC, e.name LIMIT %(limit)s",
                {"e": entity_id, "limit": limit},
            )
            return [EntityCount(*r) for r in rows]

    def top_entities(
        self, date_from: str | None = None, date_to: str | None = None, limit: int = 10, type: str | None = None
    ) -> list[EntityCount]:
        """Entities are visited from the most mentioned of all time down; an entity's
        count in a period is at most its all-time count, so the visit stops as soon as
        the next all-time count is below the period's ``limit``-th best (exact, and a
        few hundred entities read instead of every mention of the period)."""
        chosen = "WHERE articles > 0" + (" AND type = %s" if type else "")
        kind = (type,) if type else ()
        with self.pool.connection() as conn:
            if not (date_from or date_to):  # every day: the all-time counts are the answer
                rows = conn.execute(
                    f"SELECT id, name, type, articles FROM entities {chosen} ORDER BY articles DESC, name LIMIT %s",
                    (*kind, limit),
                )
                return [EntityCount(*r) for r in rows]
            where, params = _period("day", date_from, date_to)
            where.append("day <> ''")
            found: list[EntityCount] = []
            with conn.transaction(), conn.cursor(name="khabar_top_entities") as everyone:
                everyone.execute(f"SELECT id, name, type, articles FROM entities {chosen} ORDER BY articles DESC", kind)
                while batch := everyone.fetchmany(256):
                    if len(found) >= limit:
                        found.sort(key=lambda e: (-e.count, e.name))
                        del found[limit:]
                        if batch[0][3] < found[-1].count:
                            break
                    names = {eid: (name, etype) for eid, name, etype, _ in batch}
                    counts = conn.execute(
                        "SELECT entity, SUM(articles) FROM entity_days WHERE entity = ANY(%s)"
                        f" AND {' AND '.join(where)} GROUP BY entity",
                        (list(names), *params),
                    )
                    found += [EntityCount(eid, *names[eid], count) for eid, count in counts if count]
        return sorted(found, key=lambda e: (-e.count, e.name))[:limit]

    def top_speakers(
        self, date_from: str | None = None, date_to: str | None = None, limit: int = 10
    ) -> list[EntityCount]:
        where, params = _period("x.day", date_from, date_to)
        if date_from or date_to:
            where.append("x.day <> ''")
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT e.id, e.name, e.type, SUM(x.quotes) AS c FROM speaker_days x JOIN entities e ON e.id = x.entity"
                f" {_where(where)} GROUP BY e.id ORDER BY c DESC, e.name LIMIT %s",
                (*params, limit),
            )
            return [EntityCount(*r) for r in rows]

    def daily_counts(self, date_from: str | None = None, date_to: str | None = None) -> list[OutletDay]:
        where, params = _period("i.published", date_from, date_to)
        where.append("i.published IS NOT NULL")
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT i.published, s.name, COUNT(*) FROM inputs i LEFT JOIN sources s ON s.id = i.source"
                f" {_where(where)} GROUP BY i.published, s.name ORDER BY i.published, s.name NULLS LAST",
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
                where.append(f"(v.{column} = ANY(%s) OR v.{column}_key = %s)")
                params += [self.entity_ids(name), name_key(name)]
        if filters.type:
            where.append("v.type = %s")
            params.append(filters.type.upper())
        if filters.date_from:
            where.append("d.published >= %s")
            params.append(filters.date_from)
        if filters.date_to:
            where.append("d.published <= %s")
            params.append(filters.date_to)
        sql = (
            f"SELECT {_INFO}, v.data, v.actor, v.target FROM events v JOIN documents d ON d.n = v.doc"
            f" LEFT JOIN sources s ON s.id = d.source {'WHERE ' + ' AND '.join(where) if where else ''}"
            " ORDER BY d.published DESC NULLS LAST, v.doc, v.start LIMIT %s"
        )
        out = []
        with self.pool.connection() as conn:
            for row in conn.execute(sql, (*params, limit)):
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
        """Documents matching every word of ``query``, best first (BM25, title x2) or newest first.

        One statement, one round trip (``postgres_search.search_sql``)."""
        match = fts_query(query)  # the SQLite store's expression: its words make the snippets
        built = search_sql(query, filters, limit, offset, order)
        if built is None:
            return []
        sql, params = built
        with self.pool.connection() as conn, conn.pipeline(), conn.transaction():
            # the planner does not count the cost of reading each tsvector: without this it
            # scans the whole table for a common word instead of asking the GIN index; and
            # that penalty must not make it compile the query (JIT costs ~1 s, saves nothing)
            conn.execute("SET LOCAL enable_seqscan = off")
            conn.execute("SET LOCAL jit = off")
            cur = conn.execute(sql, params)
        rows = cur.fetchall()
        keys = match_keys(match)
        return [SearchHit(i, t, p, s, u, score, snippet(text, keys), dup) for i, t, p, s, u, score, text, dup in rows]

    def search_facets(
        self, query: str, filters: SearchFilters = SearchFilters(), limit: int = 10, scope: int = 1000
    ) -> SearchFacets:
        fts_query(query)  # a query without words is refused, as search refuses it
        built = matching_sql(query, filters)
        if built is None:
            return SearchFacets(0, [], [], [], [], 0)
        sql, params = built
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SET LOCAL enable_seqscan = off")  # the GIN index finds the matches (see search)
            conn.execute("SET LOCAL jit = off")
            found = sorted(r[0] for r in conn.execute(sql, params))
            conn.execute("SET LOCAL enable_seqscan = on")
            recent = found[-scope:] if scope else []
            q = conn.execute
            sources = q(
                "SELECT s.name, COUNT(DISTINCT i.doc) AS c FROM inputs i JOIN sources s ON s.id = i.source"
                " WHERE i.doc = ANY(%s) GROUP BY s.name ORDER BY c DESC, s.name LIMIT %s",
                (found, limit),
            ).fetchall()
            days = q(
                "SELECT published, COUNT(*) FROM documents WHERE n = ANY(%s) AND published IS NOT NULL"
                " GROUP BY published ORDER BY published",
                (found,),
            ).fetchall()
            entities = q(
                "SELECT e.id, e.name, e.type, x.c FROM (SELECT entity, COUNT(DISTINCT doc) AS c FROM mentions"
                " WHERE doc = ANY(%s) GROUP BY entity) x JOIN entities e ON e.id = x.entity"
                " ORDER BY x.c DESC, e.name LIMIT %s",
                (recent, limit),
            ).fetchall()
            speakers = q(
                "SELECT e.id, e.name, e.type, COUNT(DISTINCT q.doc) AS c FROM quotes q JOIN entities e ON e.id = q.speaker"
                " WHERE q.doc = ANY(%s) GROUP BY e.id ORDER BY c DESC, e.name LIMIT %s",
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
                " (SELECT string_agg(alias, ' | ' ORDER BY key) FROM aliases WHERE entity = e.id) AS aliases,"
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
                " (v.data::jsonb)->'trigger'->>'text' AS trigger, (v.data::jsonb)->'location'->>'name' AS location,"
                ' v.start, v."end", substr(c.text, v.start + 1, v."end" - v.start) AS text'
                " FROM events v JOIN documents d ON d.n = v.doc JOIN contents c ON c.n = v.doc"
                " LEFT JOIN sources s ON s.id = d.source LEFT JOIN entities ae ON ae.id = v.actor"
                " LEFT JOIN entities te ON te.id = v.target ORDER BY v.id"
            )
        elif table == "times":
            sql = (
                'SELECT d.id AS document, d.published, t.start, t."end",'
                ' substr(c.text, t.start + 1, t."end" - t.start) AS text, t.type, t.value, t.mod'
                " FROM times t JOIN documents d ON d.n = t.doc JOIN contents c ON c.n = t.doc"
                " ORDER BY t.doc, t.start, t.seq"
            )
        else:
            raise ValueError(f"unknown table {table!r}; choose from {', '.join(EXPORTS)}")
        names = _column_names(self, sql)
        return names, self._stream(sql, names)

    def _stream(self, sql: str, names: list[str]) -> Iterator[dict[str, Any]]:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor(name="khabar_export") as cur:
            cur.execute(sql)
            for row in cur:
                yield dict(zip(names, row))

    def counts(self) -> dict[str, int]:
        tables = ("documents", "inputs", "sources", "entities", "mentions", "quotes", "times", "events", "stories")
        with self.pool.connection() as conn:
            out = {t: _one(conn, f"SELECT COUNT(*) FROM {t}") for t in tables}
            out["near_duplicates"] = _one(conn, "SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL")
        return out

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _BatchWriter:
    """One batch, written under the write lock: the same rows, ids and links that the
    SQLite store's writer makes of the same batches in the same order."""

    def __init__(self, store: PostgresStore, cur: psycopg.Cursor):
        self.store = store
        self.cur = cur
        self.documents: list[tuple[Any, ...]] = []
        self.contents: list[tuple[Any, ...]] = []
        self.inputs: list[tuple[Any, ...]] = []

    def write(self, batch: list[_Prepared]) -> WriteCounts:
        cur, store = self.cur, self.store
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        known = {
            r[0] for r in cur.execute("SELECT key FROM inputs WHERE key = ANY(%s)", ([p.item.key for p in batch],))
        }
        stored_n: dict[str, int] = dict(
            cur.execute(
                "SELECT id, n FROM documents WHERE id = ANY(%s)", (list({p.item.document.id for p in batch}),)
            ).fetchall()
        )
        store._refresh_linker(cur)
        index = _IndexRows(store._linker, cur)
        n = _one(cur, "SELECT COALESCE(MAX(n), 0) FROM documents")
        stored = duplicates = already = 0
        for p in batch:
            item, doc = p.item, p.item.document
            if item.key in known:
                already += 1
                continue
            known.add(item.key)
            source = store._source_id(cur, doc.source)
            if doc.id in stored_n:
                duplicates += 1
            else:
                n += 1
                stored_n[doc.id] = n
                self.documents.append((n, doc.id, source, doc.published, doc.title, doc.url, doc.author, doc.language))
                self.contents.append((n, doc.text, p.layout, p.item.signature, p.layers))
                index.add(n, doc, p.search)
                stored += 1
            self.inputs.append((item.key, stored_n[doc.id], item.origin, source, doc.url, doc.published))
        _copy(cur, "documents", "n, id, source, published, title, url, author, language", self.documents)
        _copy(cur, "contents", "n, text, layout, signature, layers", self.contents)
        index.flush()
        _copy(cur, "inputs", "key, doc, origin, source, url, published", self.inputs)
        return WriteCounts(stored, duplicates, already)


class _IndexRows:
    """The rows queries read for stored documents — full-text row, corpus entities
    (linked by ``linker``) with their counts, aliases, roles and Latin names, mentions,
    times, quotes, events — gathered, then written at once (``flush``)."""

    def __init__(self, linker: EntityLinker, cur: psycopg.Cursor):
        self.linker = linker
        self.cur = cur
        self.next_entity = _one(cur, "SELECT COALESCE(MAX(id), 0) FROM entities") + 1
        self.next_quote = _one(cur, "SELECT COALESCE(MAX(id), 0) FROM quotes") + 1
        self.next_event = _one(cur, "SELECT COALESCE(MAX(id), 0) FROM events") + 1
        self.search: list[tuple[Any, ...]] = []
        self.tokens = 0
        self.entities: list[tuple[Any, ...]] = []
        self.aliases: dict[tuple[int, str], list[Any]] = {}
        self.latins: dict[tuple[int, str], list[Any]] = {}
        self.roles: Counter[tuple[int, str]] = Counter()
        self.mentions: list[tuple[Any, ...]] = []
        self.times: list[tuple[Any, ...]] = []
        self.quotes: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        # what the web app reads, counted as the SQLite writer counts it (SQLiteStore._count_days)
        self.entity_days: Counter[tuple[str, int]] = Counter()
        self.speaker_days: Counter[tuple[str, int]] = Counter()
        self.articles: Counter[int] = Counter()  # articles per entity, all days
        self.role_mentions: dict[tuple[int, str, int], None] = {}  # an ordered set

    def add(self, n: int, doc: Document, search: SearchRow) -> None:
        self.search.append((n, search.words, search.freq, search.title_tokens, search.tokens))
        self.tokens += search.tokens
        links: dict[str, Link] = {e.id: self.linker.link(e, self._new_entity) for e in doc.entities}
        local = {ref: link.entity for ref, link in links.items()}
        self.linker.counted(local.values())
        for entity in doc.entities:
            eid = local[entity.id]
            for alias in links[entity.id].aliases:
                slot = self.aliases.setdefault((eid, name_key(alias)), [alias, 0])
                slot[1] += 1
            if entity.latin:
                slot = self.latins.setdefault((eid, latin_key(entity.latin)), [entity.latin, 0])
                slot[1] += 1
            for role in entity.roles:
                self.roles[(eid, role)] += 1
                self.role_mentions[(eid, role, n)] = None
        day = doc.published or ""
        for eid in sorted(set(local.values())):
            self.entity_days[(day, eid)] += 1
            self.articles[eid] += 1
        for q in doc.quotes:
            speaker = local.get(q.speaker.entity) if q.speaker and q.speaker.entity else None
            if speaker is not None:
                self.speaker_days[(day, speaker)] += 1
        self.mentions += [(n, local[e.id], m.start, m.end) for e in doc.entities for m in e.mentions]
        self.times += [(n, t.start, t.end, t.type, t.value, t.relative, t.mod) for t in doc.times]
        for k, q in enumerate(doc.quotes):
            self.quotes.append((self.next_quote, *quote_row(n, k, q, local, doc.text)))
            self.next_quote += 1
        for k, e in enumerate(doc.layer("events")):
            self.events.append((self.next_event, *event_row(n, k, e, local, doc)))
            self.next_event += 1

    def _new_entity(self, entity: Entity, key: str) -> int:
        eid = self.next_entity
        self.next_entity += 1
        self.entities.append((eid, entity.type, entity.name, key))
        return eid

    def flush(self) -> None:
        cur = self.cur
        _copy(cur, "search", "n, words, freq, title_tokens, tokens", self.search)
        if self.search:
            cur.execute(
                "UPDATE search_totals SET docs = docs + %s, tokens = tokens + %s", (len(self.search), self.tokens)
            )
        _copy(cur, "entities", "id, type, name, key", self.entities)
        if self.articles:
            ids, counts = zip(*self.articles.items())
            cur.execute(
                "UPDATE entities SET articles = entities.articles + v.n, seq = nextval('entities_seq')"
                " FROM unnest(%s::integer[], %s::integer[]) AS v(id, n) WHERE entities.id = v.id",
                (list(ids), list(counts)),
            )
        for table, rows in (("aliases", self.aliases), ("latins", self.latins)):
            if rows:
                (entity, key), (text, count) = zip(*rows.keys()), zip(*rows.values())
                column = "alias" if table == "aliases" else "latin"
                cur.execute(
                    f"INSERT INTO {table} (entity, key, {column}, count)"
                    " SELECT * FROM unnest(%s::integer[], %s::text[], %s::text[], %s::integer[])"
                    f" ON CONFLICT (entity, key) DO UPDATE SET count = {table}.count + EXCLUDED.count",
                    (list(entity), list(key), list(text), list(count)),
                )
        if self.roles:
            holders, roles = zip(*self.roles.keys())
            cur.execute(
                "INSERT INTO roles (entity, role, count) SELECT * FROM unnest(%s::integer[], %s::text[], %s::integer[])"
                " ON CONFLICT (entity, role) DO UPDATE SET count = roles.count + EXCLUDED.count",
                (list(holders), list(roles), list(self.roles.values())),
            )
        _copy(cur, "mentions", 'doc, entity, start, "end"', self.mentions)
        _copy(cur, "times", 'doc, start, "end", type, value, relative, mod', self.times)
        _copy(
            cur,
            "quotes",
            'id, doc, start, "end", kind, cue_start, cue_end, speaker, speaker_name, speaker_key, addressee,'
            " addressee_name, via, via_name, time_value, time_start, time_end, idx, data",
            self.quotes,
        )
        _copy(
            cur,
            "events",
            'id, doc, idx, start, "end", type, cameo, actor, actor_name, actor_key, actor_code, target, target_name,'
            " target_key, target_code, negated, hypothetical, time_value, data",
            self.events,
        )
        self._flush_counts()

    def _flush_counts(self) -> None:
        """Add this batch's articles per entity per day, quotes per speaker per day, and
        roles per article to what the store holds (articles in all: ``flush``)."""
        for table, column, counter in (
            ("entity_days", "articles", self.entity_days),
            ("speaker_days", "quotes", self.speaker_days),
        ):
            if counter:
                (days, entities), counts = zip(*counter.keys()), list(counter.values())
                self.cur.execute(
                    f"INSERT INTO {table} (day, entity, {column})"
                    " SELECT * FROM unnest(%s::text[], %s::integer[], %s::integer[])"
                    f" ON CONFLICT (day, entity) DO UPDATE SET {column} = {table}.{column} + EXCLUDED.{column}",
                    (list(days), list(entities), counts),
                )
        _copy(self.cur, "role_mentions", "entity, role, doc", list(self.role_mentions))


def _copy(cur: psycopg.Cursor, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


REINDEX_BATCH = 500  # documents read and indexed at a time


def reindex(conn: psycopg.Connection) -> None:
    """Rebuild every row derived from the stored documents, in the order they were
    stored, as ``SQLiteStore.reindex`` does (the REINDEX migration): full-text rows,
    corpus entities (linked afresh) with their names and counts, mentions, times,
    quotes, events, the per-day counts. Inside the caller's transaction. Documents
    stored without Latin names get them."""
    from khabar.entities.latin import add_latin

    derived = ("search", "mentions", "times", "quotes", "events", "aliases", "roles", "latins", "role_mentions")
    for table in (*derived, "entity_days", "speaker_days", "entities"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE search_totals SET docs = 0, tokens = 0")
    linker = EntityLinker()
    linker.load((), ())
    last = 0
    while True:
        rows = conn.execute(
            "SELECT d.n, d.title, d.published, d.url, s.name, d.author, d.language, c.text, c.layers"
            " FROM documents d JOIN contents c ON c.n = d.n LEFT JOIN sources s ON s.id = d.source"
            " WHERE d.n > %s ORDER BY d.n LIMIT %s",
            (last, REINDEX_BATCH),
        ).fetchall()
        if not rows:
            break
        with conn.cursor() as cur:
            index = _IndexRows(linker, cur)
            for n, title, published, url, source, author, language, text, blob in rows:
                meta = {"title": title, "published": published, "url": url, "source": source, "author": author}
                doc = decode_document(bytes(blob), text, {**meta, "language": language})
                if any(e.latin is None for e in doc.entities):
                    named = doc.replace(entities=tuple(add_latin(list(doc.entities))))
                    if named != doc:
                        doc = named
                        cur.execute("UPDATE contents SET layers = %s WHERE n = %s", (encode_layers(doc), n))
                index.add(n, doc, SearchRow.of(*document_search_form(doc)))
            index.flush()
        last = rows[-1][0]
    # the first queries are planned from the new rows
    conn.execute(f"ANALYZE {', '.join((*derived, 'entity_days', 'speaker_days', 'entities'))}")


def migrate(conn: psycopg.Connection) -> tuple[int, int]:
    """Bring the schema up to date, each step in its own transaction under an advisory
    lock (two processes opening an old store upgrade it once); returns (before, after)."""
    before = schema_version(conn)
    for number, script in enumerate(MIGRATIONS, 1):
        if schema_version(conn) >= number:
            continue
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
                if schema_version(conn) < number:  # another process may have just done it
                    conn.execute("CREATE TABLE IF NOT EXISTS khabar_schema (version integer NOT NULL)")
                    if script == REINDEX:
                        reindex(conn)
                    else:
                        conn.execute(script)
                    if number == COUNTS_MIGRATION:
                        rebuild_counts(conn)
                    conn.execute("DELETE FROM khabar_schema")
                    conn.execute("INSERT INTO khabar_schema (version) VALUES (%s)", (number,))
        except psycopg.errors.FeatureNotSupported as e:  # pragma: no cover - depends on the server
            raise StoreError(f"cannot create the khabar schema: {e}") from None
        except (psycopg.errors.UndefinedFile, psycopg.errors.InsufficientPrivilege) as e:
            raise StoreError(
                f"cannot create the khabar schema ({' '.join(str(e).split())}); the pg_trgm extension must be "
                "installed (Debian: it comes with the postgresql package) and its owner able to create it: "
                "ask an administrator to run CREATE EXTENSION pg_trgm in this database"
            ) from None
    return before, schema_version(conn)


def rebuild_counts(conn: psycopg.Connection) -> None:
    """Recompute what the store keeps up to date on write beside the rows — articles per
    entity per day and in all, quotes per speaker per day, roles per article — from the
    rows themselves, as ``SQLiteStore.rebuild_counts`` does: for a store made before they
    existed (migration 3). Runs inside the caller's transaction."""
    q = conn.execute
    for table in ("entity_days", "speaker_days", "role_mentions"):
        q(f"DELETE FROM {table}")
    q(
        "INSERT INTO entity_days (day, entity, articles) SELECT COALESCE(d.published, ''), m.entity,"
        " COUNT(DISTINCT m.doc) FROM mentions m JOIN documents d ON d.n = m.doc"
        " GROUP BY COALESCE(d.published, ''), m.entity"
    )
    q("UPDATE entities SET articles = COALESCE((SELECT SUM(articles) FROM entity_days WHERE entity = entities.id), 0)")
    q(
        "INSERT INTO speaker_days (day, entity, quotes) SELECT COALESCE(d.published, ''), q.speaker, COUNT(*)"
        " FROM quotes q JOIN documents d ON d.n = q.doc WHERE q.speaker IS NOT NULL"
        " GROUP BY COALESCE(d.published, ''), q.speaker"
    )
    # roles per article come from the kept layers: each article entity's roles, under the
    # corpus entity its first mention was linked to
    roles: dict[tuple[int, str, int], None] = {}
    with conn.cursor(name="khabar_roles") as cur:
        cur.execute(
            'SELECT c.n, c.layers, ARRAY(SELECT ARRAY[m.start, m."end", m.entity] FROM mentions m WHERE m.doc = c.n)'
            " FROM contents c WHERE c.layers IS NOT NULL ORDER BY c.n"
        )
        for n, blob, spans in cur:
            layers = json.loads(zlib.decompress(bytes(blob)).decode("utf-8"))
            linked = {(start, end): entity for start, end, entity in spans}
            for e in layers.get("entities", ()):
                if e.get("roles") and e.get("mentions"):
                    first = e["mentions"][0]
                    eid = linked.get((first["start"], first["end"]))
                    if eid is not None:
                        roles.update(((eid, role, n), None) for role in e["roles"])
    with conn.cursor() as out, out.copy("COPY role_mentions (entity, role, doc) FROM STDIN") as copy:
        for row in roles:
            copy.write_row(row)
    q("ANALYZE entities, entity_days, speaker_days, role_mentions")  # the planner sees them filled at once


def schema_version(conn: psycopg.Connection) -> int:
    row = conn.execute("SELECT to_regclass('khabar_schema') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute("SELECT MAX(version) FROM khabar_schema").fetchone()
    return int(found[0]) if found and found[0] is not None else 0


def _one(conn: psycopg.Connection | psycopg.Cursor, sql: str) -> int:
    row = conn.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def _column_names(store: PostgresStore, sql: str) -> list[str]:
    with store.pool.connection() as conn:
        cur = conn.execute(f"SELECT * FROM ({sql}) AS q LIMIT 0")
        return [c.name for c in cur.description or ()]


def _rows(conn: psycopg.Connection, sql: str, params: Sequence[Any], stream: bool) -> Iterator[tuple[Any, ...]]:
    """The rows of a query: all at once, or (``stream``) read as they come through a cursor
    on the server, for a caller that may stop early. Inside a transaction."""
    if not stream:
        yield from conn.execute(sql, params).fetchall()
        return
    with conn.cursor(name="khabar_rows") as cur:
        cur.itersize = 200
        cur.execute(sql, params)
        yield from cur


def _story_summary(conn: psycopg.Connection, sid: int, size: int, first: str | None, last: str | None) -> StorySummary:
    outlets = conn.execute(
        "SELECT COALESCE(s.name, '?'), COUNT(*) AS c FROM documents d"
        " LEFT JOIN sources s ON s.id = d.source WHERE d.story = %s"
        " GROUP BY s.name ORDER BY c DESC, s.name NULLS FIRST",
        (sid,),
    ).fetchall()
    title = conn.execute(
        "SELECT title FROM documents WHERE story = %s AND title IS NOT NULL ORDER BY published NULLS FIRST, n LIMIT 1",
        (sid,),
    ).fetchone()
    return StorySummary(sid, size, first, last, [tuple(o) for o in outlets], title[0] if title else None)


def _period(column: str, date_from: str | None, date_to: str | None) -> tuple[list[str], list[Any]]:
    """Conditions (and their parameters) that keep ``column`` within the period's ISO days."""
    where: list[str] = []
    params: list[Any] = []
    if date_from:
        where.append(f"{column} >= %s")
        params.append(date_from)
    if date_to:
        where.append(f"{column} <= %s")
        params.append(date_to)
    return where, params


def _where(conditions: list[str]) -> str:
    return "WHERE " + " AND ".join(conditions) if conditions else ""
