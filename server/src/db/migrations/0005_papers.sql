-- Meeting papers: files attached to agenda items, stored once per content (content-addressed
-- by SHA-256) and referenced by the documents that attach them. Who may read a paper is who
-- may read a document that references it.
CREATE TABLE IF NOT EXISTS blobs (
    hash TEXT PRIMARY KEY NOT NULL,
    bytes INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS papers (
    document TEXT NOT NULL,
    hash TEXT NOT NULL REFERENCES blobs(hash),
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    account TEXT,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (document, hash)
);
