-- Assessment by several assessors (blind scoring first, then moderation).
-- Portable SQL for SQLite and PostgreSQL alike: BIGINT numbers, TEXT timestamps
-- (RFC 3339, UTC), JSON as TEXT. Earlier migrations stay as they were.

-- A round of a proeftuin, numbered from 1 per proeftuin. Open while
-- `closed_at` is NULL; at most one round of a proeftuin is open (the server
-- checks this with the proeftuin's row locked).
CREATE TABLE IF NOT EXISTS assessment_rounds (
    proeftuin_id TEXT NOT NULL,
    round_no BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    closed_at TEXT,
    CONSTRAINT assessment_rounds_pk PRIMARY KEY (proeftuin_id, round_no),
    CONSTRAINT assessment_rounds_proeftuin_fk FOREIGN KEY (proeftuin_id)
        REFERENCES proeftuinen (id) ON DELETE CASCADE
);

-- One assessor of a round: a label (name or role, nothing else), the secret
-- that is their link (`secrets.access` = 'assessor'), their draft and, once
-- submitted, their original scores. `submitted` and `submitted_at` are set
-- once (a compare-and-set on `submitted_at IS NULL`) and never changed after.
-- Deleting the secret alone is refused (no cascade), so scores cannot get lost
-- that way; deleting the proeftuin removes its assessors first.
CREATE TABLE IF NOT EXISTS assessors (
    id TEXT PRIMARY KEY NOT NULL,
    proeftuin_id TEXT NOT NULL,
    round_no BIGINT NOT NULL,
    position BIGINT NOT NULL,
    label TEXT NOT NULL,
    secret_id TEXT NOT NULL UNIQUE,
    draft TEXT NOT NULL,
    draft_saved_at TEXT,
    submitted TEXT,
    submitted_at TEXT,
    CONSTRAINT assessors_round_fk FOREIGN KEY (proeftuin_id, round_no)
        REFERENCES assessment_rounds (proeftuin_id, round_no) ON DELETE CASCADE,
    CONSTRAINT assessors_secret_fk FOREIGN KEY (secret_id) REFERENCES secrets (id)
);

CREATE INDEX IF NOT EXISTS assessors_by_round ON assessors (proeftuin_id, round_no, position);
