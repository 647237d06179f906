-- migration 9: a story emptied by a merge points at the story it joined (its page redirects
-- there), and each story's post on each channel has an explicit state (the posting queue).
ALTER TABLE stories ADD COLUMN merged_into INTEGER;
ALTER TABLE publications ADD COLUMN state TEXT NOT NULL DEFAULT 'sent';
ALTER TABLE publications ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE publications ADD COLUMN last_error TEXT;
ALTER TABLE publications ADD COLUMN content_hash TEXT;
ALTER TABLE publications ADD COLUMN not_before TEXT;
ALTER TABLE publications ADD COLUMN updated_at TEXT;
-- a claim made before this version whose message id never came back may have gone out
UPDATE publications SET state = 'sending' WHERE message_id IS NULL;
UPDATE publications SET updated_at = published_at;
CREATE INDEX IF NOT EXISTS publications_queue ON publications(channel, state, not_before);
