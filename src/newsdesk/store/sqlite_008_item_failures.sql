-- migration 8: nothing is lost silently. Items whose page could not be read are kept for
-- another try (the feed's words are stored meanwhile, marked page_read = 0); each article
-- says which extraction steps fell back; a canonical URL on another site is kept as
-- evidence of the story's origin; each source counts its pending failed items.
CREATE TABLE IF NOT EXISTS failed_items (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    guid TEXT,
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    fetch_id INTEGER REFERENCES fetches(id) ON DELETE SET NULL,
    error TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    first_failed TEXT NOT NULL,
    last_failed TEXT NOT NULL,
    PRIMARY KEY (source_id, url)
);
ALTER TABLE articles ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN page_read INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN origin_url TEXT;
ALTER TABLE sources ADD COLUMN items_failed INTEGER NOT NULL DEFAULT 0;
