-- Accounts and access (docs/access-control.md), and who delivered which change.
-- `IF NOT EXISTS`: databases from before numbered migrations already have these tables.
-- `acl_version` counts changes to what the access snapshot is built from (kept by the
-- triggers below), so a reader notices changes made by another process.
CREATE TABLE IF NOT EXISTS partnerships (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS memberships (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    PRIMARY KEY (account_id, partnership_id)
);
CREATE INDEX IF NOT EXISTS memberships_by_partnership ON memberships(partnership_id);
CREATE TABLE IF NOT EXISTS document_owners (
    document_id TEXT NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, partnership_id)
);
CREATE TABLE IF NOT EXISTS document_grants (
    document_id TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
    PRIMARY KEY (document_id, account_id)
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    public_id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions(account_id);
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS invitations (
    token_hash TEXT PRIMARY KEY NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    document_id TEXT,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    email TEXT NOT NULL,
    created_by TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE TABLE IF NOT EXISTS password_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE TABLE IF NOT EXISTS attribution (
    change_hash TEXT PRIMARY KEY NOT NULL,
    document_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS attribution_by_document ON attribution(document_id);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    partnership_id TEXT,
    account_id TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_by_partnership ON audit(partnership_id, id);
CREATE TABLE IF NOT EXISTS acl_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT OR IGNORE INTO acl_version (id, version) VALUES (1, 0);

-- Every change to a table the access snapshot reads bumps `acl_version` (touching a
-- session's `last_seen_at` is not an access change).
CREATE TRIGGER IF NOT EXISTS partnerships_insert_acl AFTER INSERT ON partnerships
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS partnerships_update_acl AFTER UPDATE ON partnerships
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS partnerships_delete_acl AFTER DELETE ON partnerships
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS memberships_insert_acl AFTER INSERT ON memberships
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS memberships_update_acl AFTER UPDATE ON memberships
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS memberships_delete_acl AFTER DELETE ON memberships
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS document_owners_insert_acl AFTER INSERT ON document_owners
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS document_owners_update_acl AFTER UPDATE ON document_owners
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS document_owners_delete_acl AFTER DELETE ON document_owners
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS document_grants_insert_acl AFTER INSERT ON document_grants
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS document_grants_update_acl AFTER UPDATE ON document_grants
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS document_grants_delete_acl AFTER DELETE ON document_grants
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS api_tokens_insert_acl AFTER INSERT ON api_tokens
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS api_tokens_update_acl AFTER UPDATE ON api_tokens
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS api_tokens_delete_acl AFTER DELETE ON api_tokens
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS sessions_insert_acl AFTER INSERT ON sessions
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS sessions_delete_acl AFTER DELETE ON sessions
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS accounts_insert_acl AFTER INSERT ON accounts
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS accounts_update_acl AFTER UPDATE ON accounts
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS accounts_delete_acl AFTER DELETE ON accounts
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
