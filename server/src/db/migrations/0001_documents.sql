-- Documents: the storage port's chunks (key -> blob) and the server's meta values.
-- `IF NOT EXISTS`: databases from before numbered migrations already have these tables.
CREATE TABLE IF NOT EXISTS chunks (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
