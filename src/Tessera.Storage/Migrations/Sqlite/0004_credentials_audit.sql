-- Credentials vault and hash-chained audit log.

CREATE TABLE credentials (
    ordinal     INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    project_id  TEXT NOT NULL,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    -- Names of the fields that are set (never their values): lists show them without decrypting.
    field_names TEXT NOT NULL DEFAULT '[]',
    -- AES-256-GCM blob: format version, key id, nonce, tag, ciphertext (see Security/CredentialCipher).
    data        BLOB NOT NULL,
    key_id      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_credentials_project_type_name ON credentials (project_id, type, name);
CREATE INDEX ix_credentials_project ON credentials (project_id, ordinal);

CREATE TABLE audit_log (
    seq          INTEGER NOT NULL PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    target       TEXT NULL,
    project_id   TEXT NULL,
    details      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX ix_audit_log_action ON audit_log (action, seq);
CREATE INDEX ix_audit_log_actor ON audit_log (actor, seq);

-- The chain's head (one row): appends lock it, and verify compares it with the last row so a deleted tail shows.
CREATE TABLE audit_head (
    id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq  INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
