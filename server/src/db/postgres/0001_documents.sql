-- Documents as the storage port sees them: chunks by key (`doc/<id>/<kind>/<hash>`), compared
-- byte by byte (COLLATE "C"), so a key prefix is a range scan as in SQLite.
CREATE TABLE IF NOT EXISTS chunks (
    key TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    value BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
