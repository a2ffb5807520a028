-- Compact revision history (see `api::history`): old revisions are stored as
-- zstd data (a reverse delta against the next kept revision, or compressed on
-- its own), the current revision only once (in `proeftuinen.document`), and a
-- thinning pass keeps every revision of the last day, then one per hour, then
-- one per day. Portable SQL for SQLite and PostgreSQL; earlier migrations stay
-- as they were.

-- How a row is stored: 'full' (plain JSON text in `document`, as every row
-- before this migration), 'current' (the text is `proeftuinen.document`),
-- 'zstd' or 'zdelta' (zstd data in `data`). `size` is the number of bytes the
-- row stores, for the quota.
ALTER TABLE revisions ADD COLUMN encoding TEXT NOT NULL DEFAULT 'full';
ALTER TABLE revisions ADD COLUMN data BYTEA;
ALTER TABLE revisions ADD COLUMN size BIGINT NOT NULL DEFAULT 0;
UPDATE revisions SET size = LENGTH(document);

-- The current revision's text is the document itself: not kept twice.
UPDATE revisions SET encoding = 'current', document = '', size = 0
    WHERE revision = (SELECT p.revision FROM proeftuinen p WHERE p.id = revisions.proeftuin_id);

-- Bytes a proeftuin stores (its document and its history), checked against
-- the quota on every update; exact after every thinning pass.
ALTER TABLE proeftuinen ADD COLUMN stored_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE proeftuinen SET stored_bytes = LENGTH(document)
    + COALESCE((SELECT SUM(r.size) FROM revisions r WHERE r.proeftuin_id = proeftuinen.id), 0);

-- When the next thinning pass is due (RFC 3339, UTC). The empty text sorts
-- before every time: the first update after this migration thins at once and
-- rewrites the old rows compactly.
ALTER TABLE proeftuinen ADD COLUMN history_due TEXT NOT NULL DEFAULT '';
