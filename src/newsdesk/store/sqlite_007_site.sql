-- migration 7: what the site orders, files and illustrates by.
-- `news_time`: when the news came out, as far as we know: the origin's publication time, or
-- when we first saw it if it gave none or one later than that (a wrong time zone must not pin an
-- article to the top). Text in one UTC format, 'YYYY-MM-DDTHH:MM:SS.ffffff+00:00', so it sorts
-- as text and compares with Python's `isoformat(timespec="microseconds")` of a UTC time.
ALTER TABLE articles ADD COLUMN news_time TEXT GENERATED ALWAYS AS (
    strftime('%Y-%m-%dT%H:%M:%f',
             min(coalesce(julianday(published), julianday(first_seen)), julianday(first_seen)))
    || '000+00:00') VIRTUAL;
CREATE INDEX IF NOT EXISTS articles_news_time ON articles(news_time, id);
CREATE INDEX IF NOT EXISTS articles_source_news_time ON articles(source_id, news_time, id);
CREATE INDEX IF NOT EXISTS articles_language_news_time ON articles(language, news_time, id);
-- A story's time is its original's (the story's own first sighting when it has none).
ALTER TABLE stories ADD COLUMN news_time TEXT;
UPDATE stories SET news_time = coalesce(
    (SELECT a.news_time FROM articles a WHERE a.id = stories.original_article_id),
    strftime('%Y-%m-%dT%H:%M:%f', first_seen) || '000+00:00');
CREATE INDEX IF NOT EXISTS stories_news_time ON stories(news_time, id);
CREATE TRIGGER stories_news_time_insert AFTER INSERT ON stories BEGIN
    UPDATE stories SET news_time = coalesce(
        (SELECT a.news_time FROM articles a WHERE a.id = new.original_article_id),
        strftime('%Y-%m-%dT%H:%M:%f', new.first_seen) || '000+00:00') WHERE id = new.id;
END;
CREATE TRIGGER stories_news_time_original AFTER UPDATE OF original_article_id ON stories BEGIN
    UPDATE stories SET news_time = coalesce(
        (SELECT a.news_time FROM articles a WHERE a.id = new.original_article_id),
        strftime('%Y-%m-%dT%H:%M:%f', new.first_seen) || '000+00:00') WHERE id = new.id;
END;
CREATE TRIGGER articles_news_time_story AFTER UPDATE OF published ON articles BEGIN
    UPDATE stories SET news_time = new.news_time WHERE original_article_id = new.id;
END;
-- Tag pages: one row per (tag, article), kept by triggers from `articles.tags` (a JSON list).
CREATE TABLE IF NOT EXISTS article_tags (
    tag TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    news_time TEXT NOT NULL,
    PRIMARY KEY (tag, article_id)
);
CREATE INDEX IF NOT EXISTS article_tags_time ON article_tags(tag, news_time, article_id);
CREATE INDEX IF NOT EXISTS article_tags_article ON article_tags(article_id);
INSERT OR IGNORE INTO article_tags (tag, article_id, news_time)
    SELECT DISTINCT trim(t.value), a.id, a.news_time
    FROM articles a, json_each(CASE WHEN json_valid(a.tags) THEN a.tags ELSE '[]' END) t
    WHERE t.type = 'text' AND trim(t.value) <> '' AND length(trim(t.value)) <= 100;
CREATE TRIGGER article_tags_insert AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO article_tags (tag, article_id, news_time)
        SELECT DISTINCT trim(value), new.id, new.news_time
        FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)
        WHERE type = 'text' AND trim(value) <> '' AND length(trim(value)) <= 100;
END;
CREATE TRIGGER article_tags_update AFTER UPDATE OF tags, published ON articles BEGIN
    DELETE FROM article_tags WHERE article_id = new.id;
    INSERT OR IGNORE INTO article_tags (tag, article_id, news_time)
        SELECT DISTINCT trim(value), new.id, new.news_time
        FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)
        WHERE type = 'text' AND trim(value) <> '' AND length(trim(value)) <= 100;
END;
-- Lead images: an outbox of pictures to fetch, filled by triggers from `articles.image`, and
-- what came of each (the files themselves live in the image directory, by `image_key`).
CREATE TABLE IF NOT EXISTS article_images (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    last_error TEXT,
    image_key TEXT,
    width INTEGER,
    height INTEGER,
    widths TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_images_due ON article_images(status, next_try_at);
INSERT OR IGNORE INTO article_images (article_id, url, next_try_at, updated_at)
    SELECT id, image, first_seen, first_seen FROM articles WHERE coalesce(image, '') <> '';
CREATE TRIGGER article_images_insert AFTER INSERT ON articles
    WHEN coalesce(new.image, '') <> '' BEGIN
    INSERT OR IGNORE INTO article_images (article_id, url, next_try_at, updated_at)
        VALUES (new.id, new.image, new.first_seen, new.first_seen);
END;
CREATE TRIGGER article_images_update AFTER UPDATE OF image ON articles
    WHEN new.image IS NOT old.image BEGIN
    DELETE FROM article_images WHERE article_id = new.id;
    INSERT OR IGNORE INTO article_images (article_id, url, next_try_at, updated_at)
        SELECT new.id, new.image, new.first_seen, new.first_seen
        WHERE coalesce(new.image, '') <> '';
END;
