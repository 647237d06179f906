-- migration 4: the pages a channel post links to, so a post stored before the article it
-- points to can join that article's story when the article arrives.
CREATE TABLE IF NOT EXISTS article_links (
    url TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (url, article_id)
);
