CREATE TABLE workflows (
    id          text NOT NULL PRIMARY KEY,
    name        text NOT NULL,
    active      boolean NOT NULL DEFAULT false,
    version_id  text NOT NULL,
    tags        jsonb NOT NULL DEFAULT '[]'::jsonb,
    project_id  text NULL,
    definition  text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX ix_workflows_project ON workflows (project_id);
CREATE INDEX ix_workflows_active ON workflows (active);

CREATE TABLE executions (
    ordinal             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                  text NOT NULL UNIQUE,
    workflow_id         text NULL,
    mode                text NOT NULL,
    status              text NOT NULL,
    started_at          timestamptz NOT NULL,
    finished_at         timestamptz NULL,
    wait_until          timestamptz NULL,
    last_node           text NULL,
    failed_node         text NULL,
    error               text NULL,
    parent_execution_id text NULL,
    last_sequence       bigint NOT NULL
);
CREATE INDEX ix_executions_workflow ON executions (workflow_id, ordinal);
CREATE INDEX ix_executions_status ON executions (status, ordinal);
CREATE INDEX ix_executions_started ON executions (started_at);

CREATE TABLE execution_events (
    execution_id text NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    sequence     bigint NOT NULL CHECK (sequence > 0),
    type         text NOT NULL,
    node         text NULL,
    occurred_at  timestamptz NOT NULL,
    data         text NULL,
    PRIMARY KEY (execution_id, sequence)
);

-- Events too large to keep inline (execution_events.data is NULL for them); TOAST compresses them.
CREATE TABLE execution_payloads (
    execution_id text NOT NULL,
    sequence     bigint NOT NULL,
    data         text NOT NULL,
    PRIMARY KEY (execution_id, sequence),
    FOREIGN KEY (execution_id, sequence) REFERENCES execution_events (execution_id, sequence) ON DELETE CASCADE
);

CREATE TABLE static_data (
    workflow_id text NOT NULL,
    scope       text NOT NULL,
    data        text NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (workflow_id, scope)
);

-- Bytes live in the table so every process sharing the database sees them.
CREATE TABLE binary_blobs (
    id         text NOT NULL PRIMARY KEY,
    size       bigint NOT NULL,
    created_at timestamptz NOT NULL,
    data       bytea NOT NULL
);

CREATE TABLE binary_refs (
    blob_id  text NOT NULL REFERENCES binary_blobs (id) ON DELETE CASCADE,
    owner_id text NOT NULL,
    PRIMARY KEY (blob_id, owner_id)
);
CREATE INDEX ix_binary_refs_owner ON binary_refs (owner_id);

CREATE TABLE waits (
    execution_id  text NOT NULL PRIMARY KEY REFERENCES executions (id) ON DELETE CASCADE,
    workflow_id   text NULL,
    node          text NOT NULL,
    kind          text NOT NULL,
    wake_at       timestamptz NULL,
    resume_token  text NULL UNIQUE,
    details       text NULL,
    parked_at     timestamptz NOT NULL,
    claimed_by    text NULL,
    claimed_until timestamptz NULL
);
CREATE INDEX ix_waits_wake ON waits (wake_at);
