-- Meeting papers (content-addressed blobs and the documents that attach them) and calendar
-- feeds, for nodes sharing one database: SQLite's migrations 5 and 6 in PostgreSQL's dialect.
CREATE TABLE blobs (
    hash TEXT PRIMARY KEY NOT NULL,
    bytes BIGINT NOT NULL,
    data BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE papers (
    document TEXT NOT NULL,
    hash TEXT NOT NULL REFERENCES blobs(hash),
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    account TEXT,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (document, hash)
);
CREATE TABLE calendar_feeds (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    group_document TEXT,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX calendar_feeds_account ON calendar_feeds (account_id);
