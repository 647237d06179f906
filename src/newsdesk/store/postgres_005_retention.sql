-- migration 5: retention (`newsdesk prune`). Finding whether a fetch is an article's latest
-- page needs an index on articles.fetch_id; `pruned_through` records the highest search outbox
-- transaction pruned, so an index still behind it rebuilds rather than miss changes; outbox
-- rows carry the time they were noted, as other machines' indexes may still need recent ones.
CREATE INDEX IF NOT EXISTS articles_fetch ON articles(fetch_id);
ALTER TABLE search_state ADD COLUMN IF NOT EXISTS pruned_through TEXT;
ALTER TABLE search_changes ADD COLUMN IF NOT EXISTS noted_at TIMESTAMPTZ NOT NULL DEFAULT now();
