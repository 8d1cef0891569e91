"""The PostgreSQL schema as numbered migrations; ``khabar_schema.version`` says which ran.

The tables and columns are SQLite's (``store.schema``), so that ``khabar db copy`` moves
rows one for one and both backends answer the same queries the same way. What differs:

- text that is sorted or compared is ``COLLATE "C"``: byte order, as SQLite's BINARY;
- the full-text index is a table, ``search``: FTS5's own tokens (``fulltext.fts5_tokens``)
  as a ``tsvector`` under a GIN index, plus what BM25 needs that a tsvector cannot give
  cheaply (each word's weighted frequency, the token counts), and ``search_totals``;
- names have trigram indexes (pg_trgm) for look-ups tolerant of spelling variants;
- ``times.seq`` keeps the order times were written in (SQLite's rowid).

A migration is only ever appended; each runs in its own transaction under an advisory
lock, so two processes opening an old store upgrade it once.
"""

# a migration that is no SQL but a rebuild of every index row from the stored documents
# (postgres.reindex), as SQLite's schema.REINDEX
REINDEX = "reindex"

MIGRATIONS: tuple[str, ...] = (
    # 1: the schema of SQLite's migrations 1-4, in one step
    """
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE TABLE sources (
        id integer PRIMARY KEY,
        name text COLLATE "C" NOT NULL UNIQUE
    );
    CREATE TABLE stories (
        id integer PRIMARY KEY,
        size integer NOT NULL,
        first_published text COLLATE "C",
        last_published text COLLATE "C"
    );
    CREATE TABLE documents (
        n bigint PRIMARY KEY,
        id text COLLATE "C" NOT NULL UNIQUE,
        source integer REFERENCES sources(id),
        published text COLLATE "C",
        duplicate_of text COLLATE "C",
        story integer REFERENCES stories(id),
        title text COLLATE "C", url text COLLATE "C", author text COLLATE "C", language text COLLATE "C"
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_source ON documents(source, published);
    CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
    CREATE INDEX documents_story ON documents(story);
    CREATE TABLE contents (
        n bigint PRIMARY KEY REFERENCES documents(n),
        text text COLLATE "C" NOT NULL,
        layout text NOT NULL,
        signature bytea,
        layers bytea
    );
    CREATE TABLE inputs (
        key text COLLATE "C" PRIMARY KEY,
        doc bigint NOT NULL REFERENCES documents(n),
        origin text COLLATE "C" NOT NULL,
        source integer REFERENCES sources(id),
        url text COLLATE "C", published text COLLATE "C"
    );
    CREATE INDEX inputs_doc ON inputs(doc);
    CREATE INDEX inputs_source ON inputs(source, doc);
    CREATE TABLE entities (
        id integer PRIMARY KEY,
        type text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        UNIQUE (type, key)
    );
    CREATE INDEX entities_key ON entities(key);
    CREATE INDEX entities_key_trgm ON entities USING gin (key gin_trgm_ops);
    CREATE SEQUENCE aliases_seq;
    CREATE TABLE aliases (
        entity integer NOT NULL REFERENCES entities(id),
        key text COLLATE "C" NOT NULL,
        alias text COLLATE "C" NOT NULL,
        count integer NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('aliases_seq'),  -- what a writer's linker has not seen yet
        PRIMARY KEY (entity, key)
    );
    CREATE INDEX aliases_key ON aliases(key);
    CREATE INDEX aliases_seq_idx ON aliases(seq);
    CREATE INDEX aliases_key_trgm ON aliases USING gin (key gin_trgm_ops);
    CREATE TABLE roles (
        entity integer NOT NULL REFERENCES entities(id),
        role text COLLATE "C" NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (entity, role)
    );
    CREATE TABLE mentions (
        doc bigint NOT NULL REFERENCES documents(n),
        entity integer NOT NULL REFERENCES entities(id),
        start integer NOT NULL,
        "end" integer NOT NULL
    );
    CREATE INDEX mentions_entity ON mentions(entity, doc);
    CREATE INDEX mentions_doc ON mentions(doc);
    CREATE TABLE quotes (
        id bigint PRIMARY KEY,
        doc bigint NOT NULL REFERENCES documents(n),
        start integer NOT NULL, "end" integer NOT NULL,
        kind text COLLATE "C" NOT NULL,
        cue_start integer, cue_end integer,
        speaker integer REFERENCES entities(id), speaker_name text COLLATE "C", speaker_key text COLLATE "C",
        addressee integer REFERENCES entities(id), addressee_name text COLLATE "C",
        via integer REFERENCES entities(id), via_name text COLLATE "C",
        time_value text COLLATE "C", time_start integer, time_end integer,
        idx integer,
        data text
    );
    CREATE INDEX quotes_doc ON quotes(doc);
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE INDEX quotes_speaker_key ON quotes(speaker_key);
    CREATE TABLE times (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        doc bigint NOT NULL REFERENCES documents(n),
        start integer NOT NULL, "end" integer NOT NULL,
        type text COLLATE "C" NOT NULL, value text COLLATE "C", relative text COLLATE "C", mod text COLLATE "C"
    );
    CREATE INDEX times_doc ON times(doc, start);
    CREATE INDEX times_value ON times(value);
    CREATE TABLE embeddings (
        n bigint PRIMARY KEY REFERENCES documents(n),
        vector bytea NOT NULL
    );
    -- FTS5's tokens of title and body (positions 1..title_tokens, then the body after a
    -- gap so that no phrase spans both); freq: 2 x title + body occurrences of each
    -- token, kept only where that is not 1
    CREATE TABLE search (
        n bigint PRIMARY KEY REFERENCES documents(n),
        words tsvector NOT NULL,
        freq jsonb NOT NULL,
        title_tokens integer NOT NULL,
        tokens integer NOT NULL
    ) WITH (toast_tuple_target = 128);  -- small rows: counting a word's matches reads few pages
    CREATE INDEX search_words ON search USING gin (words);
    CREATE TABLE search_totals (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        docs bigint NOT NULL,
        tokens bigint NOT NULL
    );
    INSERT INTO search_totals (docs, tokens) VALUES (0, 0);
    -- the document count that the stored duplicate links were computed from
    CREATE TABLE dedup_state (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        documents bigint
    );
    INSERT INTO dedup_state (documents) VALUES (NULL);
    -- weighted occurrences (title 2, body 1) of a phrase of several tokens, from the
    -- positions in a search row: FTS5's phrase frequency for BM25. setweight + ts_filter
    -- cut the row down to the phrase's words in C before anything is unnested.
    CREATE FUNCTION khabar_phrase_freq(words tsvector, terms text[], title_tokens integer)
    RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        WITH t AS (SELECT u.lexeme, u.positions FROM unnest(ts_filter(setweight(words, 'A', terms), '{a}')) AS u)
        SELECT COALESCE(sum(CASE WHEN f.p <= title_tokens THEN 2.0 ELSE 1.0 END), 0)::double precision
        FROM t, unnest(t.positions) AS f(p)
        WHERE t.lexeme = terms[1]
          AND (SELECT count(*) FROM generate_subscripts(terms, 1) AS i, t AS o
               WHERE i > 1 AND o.lexeme = terms[i] AND f.p + i - 1 = ANY (o.positions)) = cardinality(terms) - 1
    $fn$;
    """,  # 2: SQLite's migration 6, events (docs/events.md) as an index beside the layers
    """
    CREATE TABLE events (
        id bigint PRIMARY KEY,
        doc bigint NOT NULL REFERENCES documents(n),
        idx integer NOT NULL,
        start integer NOT NULL, "end" integer NOT NULL,
        type text COLLATE "C" NOT NULL, cameo text COLLATE "C",
        actor integer REFERENCES entities(id), actor_name text COLLATE "C", actor_key text COLLATE "C",
        actor_code text COLLATE "C",
        target integer REFERENCES entities(id), target_name text COLLATE "C", target_key text COLLATE "C",
        target_code text COLLATE "C",
        negated integer NOT NULL, hypothetical integer NOT NULL,
        time_value text COLLATE "C",
        data text NOT NULL
    );
    CREATE INDEX events_doc ON events(doc);
    CREATE INDEX events_actor ON events(actor);
    CREATE INDEX events_target ON events(target);
    CREATE INDEX events_actor_key ON events(actor_key);
    CREATE INDEX events_target_key ON events(target_key);
    CREATE INDEX events_type ON events(type);
    """,
    # 3: what the web app reads (SQLite's migration 5). Roles over time, one row per (entity,
    # role, document); articles per entity per day and quotes per speaker per day ('' is the
    # undated day), and articles per entity over all days: kept up to date by each batch
    # under the write lock, and filled from the stored rows here (``postgres.rebuild_counts``
    # runs after this script, in its transaction).
    """
    CREATE TABLE role_mentions (
        entity integer NOT NULL REFERENCES entities(id),
        role text COLLATE "C" NOT NULL,
        doc bigint NOT NULL REFERENCES documents(n),
        PRIMARY KEY (entity, role, doc)
    );
    -- articles per outlet per day; the outlets of many documents at once (search facets)
    CREATE INDEX inputs_published ON inputs(published, source);
    CREATE INDEX inputs_doc_source ON inputs(doc, source);
    -- the quotes of a document by span, without reading their JSON (who quotes about an entity)
    CREATE INDEX quotes_doc_span ON quotes(doc, start, "end", speaker);
    CREATE TABLE entity_days (
        day text COLLATE "C" NOT NULL,
        entity integer NOT NULL REFERENCES entities(id),
        articles integer NOT NULL,
        PRIMARY KEY (day, entity)
    );
    CREATE INDEX entity_days_entity ON entity_days(entity, day);
    -- articles mentioning each entity, all days: the order in which a period's ranking
    -- looks at entities (it stops when no entity left can reach the top)
    ALTER TABLE entities ADD COLUMN articles integer NOT NULL DEFAULT 0;
    CREATE INDEX entities_articles ON entities(articles);
    CREATE TABLE speaker_days (
        day text COLLATE "C" NOT NULL,
        entity integer NOT NULL REFERENCES entities(id),
        quotes integer NOT NULL,
        PRIMARY KEY (day, entity)
    );
    """,
    # 4: SQLite's 7 and 8: Latin names of corpus entities; entities and Latin names get
    # sequence numbers renewed on every write (what another writer's linker has not seen
    # yet: a new name, or an entity counted again, as the linker weighs bearers by their
    # articles). Search rows need no new column: the Latin names are tokens after the
    # body's (postgres_search.SearchRow)
    """
    CREATE SEQUENCE entities_seq;
    ALTER TABLE entities ADD COLUMN seq bigint NOT NULL DEFAULT nextval('entities_seq');
    CREATE INDEX entities_seq_idx ON entities(seq);
    CREATE SEQUENCE latins_seq;
    CREATE TABLE latins (
        entity integer NOT NULL REFERENCES entities(id),
        key text COLLATE "C" NOT NULL,
        latin text COLLATE "C" NOT NULL,
        count integer NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('latins_seq'),
        PRIMARY KEY (entity, key)
    );
    CREATE INDEX latins_key ON latins(key);
    CREATE INDEX latins_seq_idx ON latins(seq);
    """,
    # 5: SQLite's 9: match keys and linking changed; every row derived from the documents rebuilt
    REINDEX,
)
