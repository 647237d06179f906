-- migration 9 (PostgreSQL): a story emptied by a merge points at the story it joined (its page
-- redirects there), and each story's post on each channel has an explicit state (the queue).
ALTER TABLE stories ADD COLUMN IF NOT EXISTS merged_into BIGINT;
ALTER TABLE publications ADD COLUMN IF NOT EXISTS state TEXT NOT NULL DEFAULT 'sent';
ALTER TABLE publications ADD COLUMN IF NOT EXISTS attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE publications ADD COLUMN IF NOT EXISTS last_error TEXT;
ALTER TABLE publications ADD COLUMN IF NOT EXISTS content_hash TEXT;
ALTER TABLE publications ADD COLUMN IF NOT EXISTS not_before TIMESTAMPTZ;
ALTER TABLE publications ADD COLUMN IF NOT EXISTS updated_at TIMESTAMPTZ;
-- a claim made before this version whose message id never came back may have gone out
UPDATE publications SET state = 'sending' WHERE message_id IS NULL;
UPDATE publications SET updated_at = published_at;
CREATE INDEX IF NOT EXISTS publications_queue ON publications(channel, state, not_before);
