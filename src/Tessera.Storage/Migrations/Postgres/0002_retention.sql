-- Retention and history at scale: compaction marker, and indexes for the list filters and the prune scans.
ALTER TABLE executions ADD COLUMN compacted_at timestamptz NULL;
CREATE INDEX ix_executions_workflow_status ON executions (workflow_id, status, ordinal);
CREATE INDEX ix_executions_finished ON executions (finished_at);
