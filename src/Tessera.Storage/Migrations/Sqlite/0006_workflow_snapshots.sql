-- Each distinct workflow snapshot (the workflow JSON a run ran) stored once, keyed by its SHA-256, instead of inside
-- every run's ExecutionCreated event. The event row names its snapshot in `ref`. last_used_at is refreshed at most
-- every few minutes by each process that runs it; pruning deletes snapshots unused since before the oldest execution.
CREATE TABLE workflow_snapshots (
    hash         TEXT PRIMARY KEY,
    data         TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);
ALTER TABLE execution_events ADD COLUMN ref TEXT NULL;
