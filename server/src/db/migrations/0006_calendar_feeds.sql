-- iCalendar feeds: an unguessable URL per person (every group they can read) or per group,
-- revocable. Only the token's SHA-256 is kept.
CREATE TABLE IF NOT EXISTS calendar_feeds (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    group_document TEXT,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS calendar_feeds_account ON calendar_feeds (account_id);
