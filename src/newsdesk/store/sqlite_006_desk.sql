-- migration 6 (SQLite): the operator's desk. Accounts and their sessions (a session row is what
-- a signed cookie names, so logging out or changing a password revokes it), login attempts (the
-- rate limit survives restarts), the audit log of every desk action, hidden articles and stories
-- (kept, but out of the site, feeds, API, search and Telegram), and the operator's corrections
-- of titles and credits, which re-extraction does not undo.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);
CREATE TABLE desk_sessions (
    key_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX desk_sessions_user ON desk_sessions(user_id);
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    account TEXT NOT NULL,
    ip TEXT NOT NULL,
    ok INTEGER NOT NULL
);
CREATE INDEX login_attempts_account ON login_attempts(account, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_target ON audit_log(target, id);
CREATE TABLE desk_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- hidden: NULL when shown, else 'hidden' or 'takedown' (a takedown's reason is in audit_log)
ALTER TABLE articles ADD COLUMN hidden TEXT;
ALTER TABLE stories ADD COLUMN hidden TEXT;
CREATE INDEX articles_hidden ON articles(id) WHERE hidden IS NOT NULL;
CREATE INDEX stories_hidden ON stories(id) WHERE hidden IS NOT NULL;
CREATE TABLE article_corrections (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value TEXT,
    replaced TEXT,
    made_by TEXT NOT NULL,
    made_at TEXT NOT NULL,
    PRIMARY KEY (article_id, field)
);
