-- API tokens expire (issue "Hold up under attack", item 8). Tokens made before this had no
-- end: they get 90 days from now, so none stops without warning. `id` names a token in
-- listings and revocation without showing its hash.
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
ALTER TABLE api_tokens ADD COLUMN id TEXT;
UPDATE api_tokens SET expires_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 90 * 86400000 WHERE expires_at IS NULL;
UPDATE api_tokens SET id = lower(hex(randomblob(8))) WHERE id IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_id ON api_tokens (id);
