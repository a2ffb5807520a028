-- Revisions as 64-bit integers on every database: SQLite's INTEGER already is
-- one, PostgreSQL's is 32-bit. Only SQL that both accept (SQLite has no
-- ALTER COLUMN ... TYPE), and 0001/0002 stay as they were, so databases made
-- by them keep their checksums and simply apply this one.

-- proeftuinen: swap in a new column. It needs a default to be added as NOT
-- NULL; every insert names the revision, so the default is never used.
ALTER TABLE proeftuinen ADD COLUMN revision_new BIGINT NOT NULL DEFAULT 1;
UPDATE proeftuinen SET revision_new = revision;
ALTER TABLE proeftuinen DROP COLUMN revision;
ALTER TABLE proeftuinen RENAME COLUMN revision_new TO revision;

-- revisions: its revision is part of the primary key, which a column swap
-- cannot change, so the table is copied. Nothing refers to it, so dropping the
-- old table removes nothing else.
CREATE TABLE revisions_new (
    proeftuin_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    document TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    CONSTRAINT revisions_pk PRIMARY KEY (proeftuin_id, revision),
    CONSTRAINT revisions_proeftuin_fk FOREIGN KEY (proeftuin_id)
        REFERENCES proeftuinen (id) ON DELETE CASCADE
);
INSERT INTO revisions_new (proeftuin_id, revision, document, saved_at)
    SELECT proeftuin_id, revision, document, saved_at FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_new RENAME TO revisions;
