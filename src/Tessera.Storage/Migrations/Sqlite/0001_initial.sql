-- Times are UTC text 'yyyy-MM-dd HH:mm:ss.ffffff' (sorts correctly, readable in the sqlite3 shell).

CREATE TABLE workflows (
    id          TEXT NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 0,
    version_id  TEXT NOT NULL,
    tags        TEXT NOT NULL DEFAULT '[]',
    project_id  TEXT NULL,
    definition  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX ix_workflows_project ON workflows (project_id);
CREATE INDEX ix_workflows_active ON workflows (active);

CREATE TABLE executions (
    ordinal             INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT NOT NULL UNIQUE,
    workflow_id         TEXT NULL,
    mode                TEXT NOT NULL,
    status              TEXT NOT NULL,
    started_at          TEXT NOT NULL,
    finished_at         TEXT NULL,
    wait_until          TEXT NULL,
    last_node           TEXT NULL,
    failed_node         TEXT NULL,
    error               TEXT NULL,
    parent_execution_id TEXT NULL,
    last_sequence       INTEGER NOT NULL
);
CREATE INDEX ix_executions_workflow ON executions (workflow_id, ordinal);
CREATE INDEX ix_executions_status ON executions (status, ordinal);
CREATE INDEX ix_executions_started ON executions (started_at);

CREATE TABLE execution_events (
    execution_id TEXT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    sequence     INTEGER NOT NULL CHECK (sequence > 0),
    type         TEXT NOT NULL,
    node         TEXT NULL,
    occurred_at  TEXT NOT NULL,
    data         TEXT NULL,
    PRIMARY KEY (execution_id, sequence)
) WITHOUT ROWID;

-- Events too large to keep inline (execution_events.data is NULL for them).
CREATE TABLE execution_payloads (
    execution_id TEXT NOT NULL,
    sequence     INTEGER NOT NULL,
    data         TEXT NOT NULL,
    PRIMARY KEY (execution_id, sequence),
    FOREIGN KEY (execution_id, sequence) REFERENCES execution_events (execution_id, sequence) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE static_data (
    workflow_id TEXT NOT NULL,
    scope       TEXT NOT NULL,
    data        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (workflow_id, scope)
) WITHOUT ROWID;

-- Bytes live in the file system under <data dir>/binary/<first 2 hex>/<sha256>.
CREATE TABLE binary_blobs (
    id         TEXT NOT NULL PRIMARY KEY,
    size       INTEGER NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE binary_refs (
    blob_id  TEXT NOT NULL REFERENCES binary_blobs (id) ON DELETE CASCADE,
    owner_id TEXT NOT NULL,
    PRIMARY KEY (blob_id, owner_id)
) WITHOUT ROWID;
CREATE INDEX ix_binary_refs_owner ON binary_refs (owner_id);

CREATE TABLE waits (
    execution_id  TEXT NOT NULL PRIMARY KEY REFERENCES executions (id) ON DELETE CASCADE,
    workflow_id   TEXT NULL,
    node          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    wake_at       TEXT NULL,
    resume_token  TEXT NULL UNIQUE,
    details       TEXT NULL,
    parked_at     TEXT NOT NULL,
    claimed_by    TEXT NULL,
    claimed_until TEXT NULL
);
CREATE INDEX ix_waits_wake ON waits (wake_at);
