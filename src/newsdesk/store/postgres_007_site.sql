-- migration 7 (PostgreSQL): what the site orders, files and illustrates by.
-- `news_time`: when the news came out, as far as we know: the origin's publication time, or
-- when we first saw it if it gave none or one later than that (a wrong time zone must not pin an
-- article to the top). Adding the stored column rewrites `articles` once.
-- (Function bodies keep `;` off line ends: the migration splitter ends statements there.)
ALTER TABLE articles ADD COLUMN news_time TIMESTAMPTZ
    GENERATED ALWAYS AS (LEAST(COALESCE(published, first_seen), first_seen)) STORED;
CREATE INDEX IF NOT EXISTS articles_news_time ON articles(news_time, id);
CREATE INDEX IF NOT EXISTS articles_source_news_time ON articles(source_id, news_time, id);
CREATE INDEX IF NOT EXISTS articles_language_news_time ON articles(language, news_time, id);
-- A story's time is its original's (the story's own first sighting when it has none).
ALTER TABLE stories ADD COLUMN news_time TIMESTAMPTZ;
UPDATE stories SET news_time = COALESCE(
    (SELECT a.news_time FROM articles a WHERE a.id = stories.original_article_id), first_seen);
CREATE INDEX IF NOT EXISTS stories_news_time ON stories(news_time, id);
CREATE FUNCTION stories_set_news_time() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    NEW.news_time := COALESCE(
        (SELECT a.news_time FROM articles a WHERE a.id = NEW.original_article_id), NEW.first_seen)
    ; RETURN NEW
    ; END
$$;
CREATE OR REPLACE TRIGGER stories_news_time BEFORE INSERT OR UPDATE OF original_article_id
    ON stories FOR EACH ROW EXECUTE FUNCTION stories_set_news_time();
CREATE FUNCTION articles_story_news_time() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE stories SET news_time = NEW.news_time WHERE original_article_id = NEW.id
    ; RETURN NULL
    ; END
$$;
CREATE OR REPLACE TRIGGER articles_news_time_story AFTER UPDATE OF published ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_story_news_time();
-- Tag pages: one row per (tag, article), kept by triggers from `articles.tags` (a JSON list).
CREATE TABLE IF NOT EXISTS article_tags (
    tag TEXT NOT NULL,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    news_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tag, article_id)
);
CREATE INDEX IF NOT EXISTS article_tags_time ON article_tags(tag, news_time, article_id);
CREATE INDEX IF NOT EXISTS article_tags_article ON article_tags(article_id);
CREATE FUNCTION article_tags_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF TG_OP = 'UPDATE' THEN DELETE FROM article_tags WHERE article_id = NEW.id
    ; END IF
    ; INSERT INTO article_tags (tag, article_id, news_time)
        SELECT DISTINCT btrim(t), NEW.id, NEW.news_time
        FROM jsonb_array_elements_text(NEW.tags::jsonb) AS t
        WHERE btrim(t) <> '' AND length(btrim(t)) <= 100
        ON CONFLICT DO NOTHING
    ; RETURN NULL
    ; EXCEPTION WHEN others THEN RETURN NULL
    ; END
$$;
CREATE OR REPLACE TRIGGER article_tags_insert AFTER INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION article_tags_refresh();
CREATE OR REPLACE TRIGGER article_tags_update AFTER UPDATE OF tags, published ON articles
    FOR EACH ROW EXECUTE FUNCTION article_tags_refresh();
INSERT INTO article_tags (tag, article_id, news_time)
    SELECT DISTINCT btrim(t), a.id, a.news_time
    FROM articles a, jsonb_array_elements_text(
        CASE WHEN jsonb_typeof(a.tags::jsonb) = 'array' THEN a.tags::jsonb ELSE '[]' END) AS t
    WHERE btrim(t) <> '' AND length(btrim(t)) <= 100
    ON CONFLICT DO NOTHING;
-- Lead images: an outbox of pictures to fetch, filled by triggers from `articles.image`, and
-- what came of each (the files themselves live in the image directory, by `image_key`).
CREATE TABLE IF NOT EXISTS article_images (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TIMESTAMPTZ NOT NULL,
    last_error TEXT,
    image_key TEXT,
    width INTEGER,
    height INTEGER,
    widths TEXT,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS article_images_due ON article_images(status, next_try_at);
INSERT INTO article_images (article_id, url, next_try_at, updated_at)
    SELECT id, image, first_seen, first_seen FROM articles WHERE COALESCE(image, '') <> ''
    ON CONFLICT DO NOTHING;
CREATE FUNCTION article_images_note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.image IS NOT DISTINCT FROM OLD.image THEN RETURN NULL
        ; END IF
        ; DELETE FROM article_images WHERE article_id = NEW.id
    ; END IF
    ; IF COALESCE(NEW.image, '') <> '' THEN
        INSERT INTO article_images (article_id, url, next_try_at, updated_at)
            VALUES (NEW.id, NEW.image, NEW.first_seen, NEW.first_seen) ON CONFLICT DO NOTHING
    ; END IF
    ; RETURN NULL
    ; END
$$;
CREATE OR REPLACE TRIGGER article_images_insert AFTER INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION article_images_note();
CREATE OR REPLACE TRIGGER article_images_update AFTER UPDATE OF image ON articles
    FOR EACH ROW EXECUTE FUNCTION article_images_note();
