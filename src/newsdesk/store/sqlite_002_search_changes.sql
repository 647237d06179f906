-- migration 2 (SQLite): search moves to the tantivy index beside the database file.
-- The index follows `search_changes`, an outbox filled by triggers: one row per inserted,
-- revised, re-filed or deleted article. SQLite runs one write transaction at a time, so `seq`
-- order is commit order and a follower only needs the last `seq` it applied.
-- `search_state` names this database, so an index built from another database is never reused.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;
CREATE TABLE search_state (
    instance TEXT NOT NULL
);
INSERT INTO search_state (instance) VALUES (lower(hex(randomblob(16))));
CREATE TABLE search_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL
);
CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO search_changes (article_id) VALUES (new.id);
END;
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
    INSERT INTO search_changes (article_id) VALUES (old.id);
END;
CREATE TRIGGER articles_search_update AFTER UPDATE OF title, summary, text, language, source_id
ON articles BEGIN
    INSERT INTO search_changes (article_id) VALUES (new.id);
END;
