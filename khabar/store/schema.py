"""The SQLite schema as numbered migrations; ``PRAGMA user_version`` says which ran.

A migration is only ever appended: a store made by an older khabar is brought up to
date on open, each step in its own transaction.
"""

# a migration that is no SQL but a rebuild of every index row from the stored documents
# (SQLiteStore.reindex): after a change to how rows are derived (match keys, linking)
REINDEX = "reindex"

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        size INTEGER NOT NULL,
        first_published TEXT,
        last_published TEXT
    );
    -- one row per distinct cleaned text; n is the FTS rowid. Rows stay small (the
    -- text lives in contents) so that filtering thousands of search hits by outlet or
    -- date reads few pages.
    CREATE TABLE documents (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,               -- sha256 of the cleaned text
        source INTEGER REFERENCES sources(id),
        published TEXT,
        duplicate_of TEXT,                     -- id of the earlier near-copy, if any
        story INTEGER REFERENCES stories(id),
        title TEXT, url TEXT, author TEXT, language TEXT
    );
    CREATE TABLE contents (
        n INTEGER PRIMARY KEY REFERENCES documents(n),
        text TEXT NOT NULL,
        layout TEXT NOT NULL,                  -- JSON: paragraphs and sentences as offsets
        signature BLOB                         -- MinHash of the word shingles
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_source ON documents(source, published);
    CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
    -- every input record seen, so a rerun skips it before analysing it again
    CREATE TABLE inputs (
        key TEXT PRIMARY KEY,                  -- sha256 of the raw record and its metadata
        doc INTEGER NOT NULL REFERENCES documents(n),
        origin TEXT NOT NULL,
        source INTEGER REFERENCES sources(id),
        url TEXT, published TEXT
    ) WITHOUT ROWID;
    CREATE INDEX inputs_doc ON inputs(doc);
    -- corpus-level entities: one row per real-world thing, whatever its spelling
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        key TEXT NOT NULL,                     -- arabic.normalize(name), spaces collapsed
        UNIQUE (type, key)
    );
    CREATE TABLE aliases (
        entity INTEGER NOT NULL REFERENCES entities(id),
        key TEXT NOT NULL,
        alias TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (entity, key)
    ) WITHOUT ROWID;
    CREATE INDEX aliases_key ON aliases(key);
    CREATE TABLE roles (
        entity INTEGER NOT NULL REFERENCES entities(id),
        role TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (entity, role)
    ) WITHOUT ROWID;
    CREATE TABLE mentions (
        doc INTEGER NOT NULL REFERENCES documents(n),
        entity INTEGER NOT NULL REFERENCES entities(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
    );
    CREATE INDEX mentions_entity ON mentions(entity, doc);
    CREATE INDEX mentions_doc ON mentions(doc);
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(n),
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        cue_start INTEGER, cue_end INTEGER,
        speaker INTEGER REFERENCES entities(id), speaker_name TEXT, speaker_key TEXT,
        addressee INTEGER REFERENCES entities(id), addressee_name TEXT,
        via INTEGER REFERENCES entities(id), via_name TEXT,
        time_value TEXT, time_start INTEGER, time_end INTEGER
    );
    CREATE INDEX quotes_doc ON quotes(doc);
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE INDEX quotes_speaker_key ON quotes(speaker_key);
    CREATE TABLE times (
        doc INTEGER NOT NULL REFERENCES documents(n),
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        type TEXT NOT NULL, value TEXT, relative TEXT
    );
    CREATE INDEX times_doc ON times(doc);
    CREATE INDEX times_value ON times(value);
    -- title and body as match keys (see store.fulltext); rowid = documents.n
    CREATE VIRTUAL TABLE search USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0');
    """,
    # 2: sentence embeddings for stories, kept so that a rerun embeds new articles only
    """
    CREATE TABLE embeddings (
        n INTEGER PRIMARY KEY REFERENCES documents(n),
        vector BLOB NOT NULL                   -- float16, L2-normalised
    );
    """,
    # 3: outlets filter through every input, so an exact copy run by a second outlet is
    # found under that outlet too
    """
    CREATE INDEX inputs_source ON inputs(source, doc);
    """,
    # 4: lossless documents. Every layer of a document (registered ones included) as the
    # JSON ``Document.to_dict`` writes, zlib-compressed: what ``get`` returns. The tables
    # above stay as the indexes that queries read. A quote keeps its JSON and its place
    # in the article; a time its TIMEX3 mod.
    """
    ALTER TABLE contents ADD COLUMN layers BLOB;
    ALTER TABLE quotes ADD COLUMN idx INTEGER;
    ALTER TABLE quotes ADD COLUMN data TEXT;
    ALTER TABLE times ADD COLUMN mod TEXT;
    """,
    # 5: what the web app reads. Roles over time: one row per (entity, role, document), so a
    # role's first and last day can be read, from the kept layers. Articles per entity per day and quotes
    # per speaker per day, kept up to date on write, so "most mentioned this month" sums a
    # few rows per entity instead of counting every mention ('' is the undated day); all
    # filled from the stored rows by ``SQLiteStore.rebuild_counts``.
    """
    CREATE TABLE role_mentions (
        entity INTEGER NOT NULL REFERENCES entities(id),
        role TEXT NOT NULL,
        doc INTEGER NOT NULL REFERENCES documents(n),
        PRIMARY KEY (entity, role, doc)
    ) WITHOUT ROWID;
    -- a story's articles, read by the story page
    CREATE INDEX documents_story ON documents(story);
    -- articles per outlet per day; the outlets of many documents at once (search facets)
    CREATE INDEX inputs_published ON inputs(published, source);
    CREATE INDEX inputs_doc_source ON inputs(doc, source);
    -- the quotes of a document by span, without reading their JSON (who quotes about an entity)
    CREATE INDEX quotes_doc_span ON quotes(doc, start, "end", speaker);
    CREATE TABLE entity_days (
        day TEXT NOT NULL,
        entity INTEGER NOT NULL REFERENCES entities(id),
        articles INTEGER NOT NULL,
        PRIMARY KEY (day, entity)
    ) WITHOUT ROWID;
    CREATE INDEX entity_days_entity ON entity_days(entity, day);
    -- articles mentioning each entity, all days: the order in which a period's ranking
    -- looks at entities (it stops when no entity left can reach the top)
    ALTER TABLE entities ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX entities_articles ON entities(articles);
    CREATE TABLE speaker_days (
        day TEXT NOT NULL,
        entity INTEGER NOT NULL REFERENCES entities(id),
        quotes INTEGER NOT NULL,
        PRIMARY KEY (day, entity)
    ) WITHOUT ROWID;
    """,
    # 6: events (docs/events.md) as an index beside the lossless layers: who did what to
    # whom, by type and date; ``data`` is the event's JSON as the article gave it
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(n),
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        type TEXT NOT NULL, cameo TEXT,
        actor INTEGER REFERENCES entities(id), actor_name TEXT, actor_key TEXT, actor_code TEXT,
        target INTEGER REFERENCES entities(id), target_name TEXT, target_key TEXT, target_code TEXT,
        negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL,
        time_value TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX events_doc ON events(doc);
    CREATE INDEX events_actor ON events(actor);
    CREATE INDEX events_target ON events(target);
    CREATE INDEX events_actor_key ON events(actor_key);
    CREATE INDEX events_target_key ON events(target_key);
    CREATE INDEX events_type ON events(type);
    """,
    # 7: Latin names of corpus entities (Sergey Lavrov), counted like aliases, for look-ups
    # by a Latin name (key: corpus.entities.latin_key)
    """
    CREATE TABLE latins (
        entity INTEGER NOT NULL REFERENCES entities(id),
        key TEXT NOT NULL,
        latin TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (entity, key)
    ) WITHOUT ROWID;
    CREATE INDEX latins_key ON latins(key);
    """,
    # 8: the full-text index gets a third column, the Latin names of the document's
    # entities (filled by 9)
    """
    DROP TABLE search;
    CREATE VIRTUAL TABLE search USING fts5(title, body, names, content='', tokenize='unicode61 remove_diacritics 0');
    """,
    # 9: match keys keep a و/ف that is the word's own (وزير), and corpus entities are
    # linked by new rules: the full-text index and every row derived from the documents
    # (entities, mentions, times, quotes, events, the web app's counts) are rebuilt from
    # the stored documents, which get their Latin names on the way
    REINDEX,
)
