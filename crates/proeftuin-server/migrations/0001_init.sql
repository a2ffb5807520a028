-- Proeftuin documents and their full revision history.
-- The document itself is stored as JSON text; the server validates it with the
-- domain crate before it is written.
CREATE TABLE IF NOT EXISTS proeftuinen (
    id TEXT PRIMARY KEY NOT NULL,
    revision INTEGER NOT NULL,
    document TEXT NOT NULL,
    edit_secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS revisions (
    proeftuin_id TEXT NOT NULL REFERENCES proeftuinen(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    document TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (proeftuin_id, revision)
);
