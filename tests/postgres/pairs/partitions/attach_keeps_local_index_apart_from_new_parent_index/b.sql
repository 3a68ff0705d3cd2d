CREATE SCHEMA metrics;
CREATE TABLE metrics.samples (host text NOT NULL, taken_at timestamptz NOT NULL, value double precision)
    PARTITION BY RANGE (taken_at);
CREATE TABLE metrics.samples_2024 (host text NOT NULL, taken_at timestamptz NOT NULL, value double precision);
ALTER TABLE metrics.samples ATTACH PARTITION metrics.samples_2024
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- A new index of the parent, created after the ATTACH: the partition gets its own for it.
CREATE INDEX samples_host_idx ON metrics.samples (host, taken_at DESC);
-- The partition's local index of the same definition stays apart.
CREATE INDEX samples_2024_host_idx ON metrics.samples_2024 (host, taken_at DESC);
