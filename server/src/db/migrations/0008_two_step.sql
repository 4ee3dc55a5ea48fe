-- Two-step verification (issue "Hold up under attack", item 11).
-- `two_step`: an account's TOTP secret (base32: the server must compute codes from it),
-- `confirmed_at` NULL while it is being set up (not yet asked for at sign-in), and the
-- last step whose code was used, so a code works once.
CREATE TABLE IF NOT EXISTS two_step (
    account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    last_step INTEGER
);
-- One-time recovery codes, by their sha256.
CREATE TABLE IF NOT EXISTS recovery_codes (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (account_id, code_hash)
);
-- A correct password for an account with two-step verification gives one of these (by its
-- sha256), not a session: a few minutes to enter the code.
CREATE TABLE IF NOT EXISTS pending_sign_ins (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
-- A partnership may require its admins to use two-step verification.
ALTER TABLE partnerships ADD COLUMN admins_need_two_step INTEGER NOT NULL DEFAULT 0;
