-- Operators: accounts that may start partnerships from the app (set with the CLI:
-- `quorum-server operator grant --email ...`). A role on the account, not per partnership.
CREATE TABLE operators (
    account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    granted_at INTEGER NOT NULL
);
