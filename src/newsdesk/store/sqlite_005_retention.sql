-- migration 5: retention (`newsdesk prune`). Finding whether a fetch is an article's latest
-- page needs an index on articles.fetch_id; `pruned_through` records the highest search outbox
-- row pruned, so an index still behind it rebuilds rather than miss changes.
CREATE INDEX IF NOT EXISTS articles_fetch ON articles(fetch_id);
ALTER TABLE search_state ADD COLUMN pruned_through TEXT;
