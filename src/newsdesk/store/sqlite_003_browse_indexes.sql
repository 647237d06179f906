-- migration 3: indexes for browsing by language and by date (site filters, feeds per language).
CREATE INDEX IF NOT EXISTS articles_language ON articles(language, id);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
