-- Counters that hand out ids unique across every process on the database (execution ids are reserved in blocks).
CREATE TABLE id_counters (
    name       TEXT PRIMARY KEY,
    next_value INTEGER NOT NULL
);
