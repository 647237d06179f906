-- migration 2 (PostgreSQL): search moves to tantivy indexes kept by the processes that serve
-- search. Each follows `search_changes`, an outbox filled by triggers: one row per inserted,
-- revised, re-filed or deleted article, stamped with the writing transaction's id. Transaction
-- ids are not commit order, so a follower keeps as its cursor the oldest transaction still
-- running when it last read (pg_snapshot_xmin) and rereads from there; see docs/search.md.
-- `search_state` names this database, so an index built from another database is never reused.
-- (`CREATE OR REPLACE TRIGGER`: the migration splitter reads a line starting `CREATE TRIGGER`
-- as the start of an SQLite trigger body that ends with `END;`.)
DROP INDEX articles_search;
ALTER TABLE articles DROP COLUMN search;
CREATE TABLE search_state (
    instance TEXT NOT NULL
);
INSERT INTO search_state (instance) VALUES (gen_random_uuid()::text);
CREATE TABLE search_changes (
    article_id BIGINT NOT NULL,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX search_changes_xid ON search_changes (xid);
CREATE FUNCTION search_note_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO search_changes (article_id)
        VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END); RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER articles_search_insert_delete AFTER INSERT OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION search_note_change();
CREATE OR REPLACE TRIGGER articles_search_update AFTER UPDATE OF title, summary, text, language, source_id
    ON articles FOR EACH ROW EXECUTE FUNCTION search_note_change();
