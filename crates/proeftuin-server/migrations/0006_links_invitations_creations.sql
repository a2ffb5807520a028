-- Links that can be listed and revoked, assessor invitations, and creates that
-- can be retried. Portable SQL for SQLite and PostgreSQL (one column per
-- ALTER TABLE, TEXT timestamps in RFC 3339 UTC); earlier migrations stay as
-- they were.

-- A revoked secret keeps its row as a tombstone (`revoked_at` set): it grants
-- nothing, and its use can be logged as such. `last_used_at` is updated at most
-- once a minute per secret. `assessor_id` names the assessor of an invitation
-- (`access` = 'invitation') or of a personal secret claimed from one; links of
-- rounds opened before this migration have none (their assessor refers to
-- them through `assessors.secret_id`). `claimed_at` is set once, when an
-- invitation is exchanged for a personal secret.
ALTER TABLE secrets ADD COLUMN revoked_at TEXT;
ALTER TABLE secrets ADD COLUMN last_used_at TEXT;
ALTER TABLE secrets ADD COLUMN assessor_id TEXT;
ALTER TABLE secrets ADD COLUMN claimed_at TEXT;

CREATE INDEX IF NOT EXISTS secrets_by_assessor ON secrets (assessor_id);

-- Creation keys: a create retried with the same key and the same document
-- gets the first answer again. Only hashes are kept: of the key, of the
-- document's stored text, and the edit secret masked with another hash of the
-- key (so only the key's holder can recover it). Rows older than a day are
-- ignored and removed.
CREATE TABLE IF NOT EXISTS creations (
    key_hash TEXT PRIMARY KEY NOT NULL,
    proeftuin_id TEXT NOT NULL,
    document_hash TEXT NOT NULL,
    masked_secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT creations_proeftuin_fk FOREIGN KEY (proeftuin_id)
        REFERENCES proeftuinen (id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS creations_by_time ON creations (created_at);
CREATE INDEX IF NOT EXISTS creations_by_proeftuin ON creations (proeftuin_id);
