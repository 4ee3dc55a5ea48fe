-- When each account and address was last refused a sign-in for too many attempts, shared by
-- every node (see `auth::sign_in_limits`): the node whose refusal claims the key for a new
-- window writes the one audit row of that window; the others see the claim and write none.
-- PostgreSQL only, like `sign_in_attempts`: a node on SQLite keeps this in memory.
CREATE TABLE sign_in_refusals (
    key TEXT PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_refusals_by_time ON sign_in_refusals(at);
