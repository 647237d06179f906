-- migration 8 (PostgreSQL): nothing is lost silently. Items whose page could not be read are
-- kept for another try (the feed's words are stored meanwhile, marked page_read = false);
-- each article says which extraction steps fell back; a canonical URL on another site is
-- kept as evidence of the story's origin; each source counts its pending failed items.
CREATE TABLE IF NOT EXISTS failed_items (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    guid TEXT,
    article_id BIGINT REFERENCES articles(id) ON DELETE SET NULL,
    fetch_id BIGINT REFERENCES fetches(id) ON DELETE SET NULL,
    error TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    first_failed TIMESTAMPTZ NOT NULL,
    last_failed TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_id, url)
);
ALTER TABLE articles ADD COLUMN IF NOT EXISTS warnings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN IF NOT EXISTS page_read BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS origin_url TEXT;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS items_failed INTEGER NOT NULL DEFAULT 0;
