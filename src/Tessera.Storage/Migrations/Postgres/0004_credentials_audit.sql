-- Credentials vault and hash-chained audit log.

CREATE TABLE credentials (
    ordinal     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text NOT NULL UNIQUE,
    project_id  text NOT NULL,
    name        text NOT NULL,
    type        text NOT NULL,
    -- Names of the fields that are set (never their values): lists show them without decrypting.
    field_names text NOT NULL DEFAULT '[]',
    -- AES-256-GCM blob: format version, key id, nonce, tag, ciphertext (see Security/CredentialCipher).
    data        bytea NOT NULL,
    key_id      text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_credentials_project_type_name ON credentials (project_id, type, name);
CREATE INDEX ix_credentials_project ON credentials (project_id, ordinal);

-- details is text, not jsonb: the hash covers the exact characters stored, and jsonb would normalise them.
CREATE TABLE audit_log (
    seq          bigint NOT NULL PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor        text NOT NULL,
    action       text NOT NULL,
    target       text NULL,
    project_id   text NULL,
    details      text NOT NULL,
    prev_hash    text NOT NULL,
    hash         text NOT NULL
);
CREATE INDEX ix_audit_log_action ON audit_log (action, seq);
CREATE INDEX ix_audit_log_actor ON audit_log (actor, seq);

-- The chain's head (one row): appends lock it FOR UPDATE, and verify compares it with the last row so a deleted tail shows.
CREATE TABLE audit_head (
    id        integer NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq  bigint NOT NULL,
    last_hash text NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
