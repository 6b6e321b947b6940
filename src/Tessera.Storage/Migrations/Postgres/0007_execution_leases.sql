-- Which process runs an execution, until when: resume takes over only executions whose lease expired or whose owner
-- died on this host, never one another live process is running (docs/storage.md, "Leases").
ALTER TABLE executions ADD COLUMN lease_owner TEXT NULL;
ALTER TABLE executions ADD COLUMN lease_until timestamptz NULL;
