-- migration 1: the embedded store's tables (SQLite). Keep in step with postgres_schema.sql.
CREATE TABLE sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    folder TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    settings TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    interval_s REAL NOT NULL,
    next_poll_at TEXT NOT NULL,
    last_polled_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    error_count INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    items_seen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE fetches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    charset TEXT,
    fetched_at TEXT NOT NULL,
    elapsed_ms REAL NOT NULL DEFAULT 0
);
CREATE INDEX fetches_source ON fetches(source_id, id);
CREATE TABLE stories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    original_article_id INTEGER,
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    article_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stories_updated ON stories(updated_at);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    fetch_id INTEGER REFERENCES fetches(id) ON DELETE SET NULL,
    guid TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    text TEXT NOT NULL,
    headings TEXT NOT NULL DEFAULT '[]',
    authors TEXT NOT NULL DEFAULT '[]',
    published TEXT,
    updated TEXT,
    language TEXT,
    image TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    publisher TEXT,
    original_source_name TEXT,
    original_source_desk TEXT,
    chrome_removed TEXT NOT NULL DEFAULT '[]',
    repairs TEXT NOT NULL DEFAULT '[]',
    damage_before REAL NOT NULL DEFAULT 0,
    damage_after REAL NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
    relation TEXT,
    first_seen TEXT NOT NULL
);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_source ON articles(source_id, id);
CREATE INDEX articles_first_seen ON articles(first_seen);
CREATE TABLE article_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    fetch_id INTEGER,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    text TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE TABLE source_items (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (source_id, guid)
);
CREATE TABLE story_signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    scheme TEXT NOT NULL,
    minhash BLOB NOT NULL,
    features BLOB NOT NULL
);
CREATE TABLE story_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    article_id INTEGER,
    story_id INTEGER NOT NULL,
    other_story_id INTEGER,
    created_at TEXT NOT NULL
);
CREATE TABLE publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    message_id TEXT,
    published_at TEXT NOT NULL,
    UNIQUE (story_id, channel)
);
CREATE TABLE site_pages (
    site TEXT PRIMARY KEY,
    pages INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE site_lines (
    site TEXT NOT NULL,
    key TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, key)
);
CREATE TABLE vocabulary (
    word TEXT PRIMARY KEY,
    count INTEGER NOT NULL DEFAULT 0
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, summary, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, summary, text) VALUES (new.id, new.title, new.summary, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, summary, text)
    VALUES ('delete', old.id, old.title, old.summary, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, summary, text)
    VALUES ('delete', old.id, old.title, old.summary, old.text);
    INSERT INTO articles_fts(rowid, title, summary, text) VALUES (new.id, new.title, new.summary, new.text);
END;
