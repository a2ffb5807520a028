-- Capability secrets: every secret that grants access to a proeftuin, stored
-- only as the SHA-256 hash (hex) of the secret's text. `access` is 'edit' or
-- 'read' (plain text without a CHECK constraint, so later kinds such as
-- 'assessor' need no table change). `id` is a random, non-secret link id.
CREATE TABLE IF NOT EXISTS secrets (
    id TEXT PRIMARY KEY NOT NULL,
    proeftuin_id TEXT NOT NULL REFERENCES proeftuinen(id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    access TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS secrets_by_proeftuin ON secrets (proeftuin_id);

-- The edit secret now lives in `secrets` like every other secret; one place
-- for all of them.
ALTER TABLE proeftuinen DROP COLUMN edit_secret_hash;
